import crypto from 'node:crypto';
import type { RedisClient } from './connection.ts';
import type { SignInAttempt, SignInThrottle } from '../core/admins/sessions.ports.ts';

/** The sign-in limits: failures per email and per client address within one window. */
export interface SignInLimits {
  readonly perEmail: number;
  readonly perAddress: number;
  readonly windowSeconds: number;
}

export const SIGN_IN_LIMITS: SignInLimits = Object.freeze({ perEmail: 5, perAddress: 20, windowSeconds: 15 * 60 });

/**
 * Failed sign-ins counted in Redis, one fixed-window counter per email and per address under
 * `<prefix>:signin:…`. Keys carry a hash, never the email or address itself.
 */
export function createRedisSignInThrottle(redis: RedisClient, prefix: string, limits: SignInLimits = SIGN_IN_LIMITS): SignInThrottle {
  const key = (kind: 'email' | 'address', value: string) => `${prefix}:signin:${kind}:${crypto.createHash('sha256').update(value).digest('hex').slice(0, 32)}`;
  const counters = (attempt: SignInAttempt) => [
    { key: key('email', attempt.email), limit: limits.perEmail },
    ...(attempt.address ? [{ key: key('address', attempt.address), limit: limits.perAddress }] : []),
  ];
  return {
    async blockedFor(attempt) {
      const list = counters(attempt);
      const pipeline = redis.pipeline();
      for (const counter of list) pipeline.get(counter.key).pttl(counter.key);
      const replies = (await pipeline.exec()) ?? [];
      let waitMs = 0;
      list.forEach((counter, i) => {
        const count = Number(replies[2 * i]?.[1] ?? 0);
        const ttl = Number(replies[2 * i + 1]?.[1] ?? -2);
        if (count >= counter.limit) waitMs = Math.max(waitMs, ttl > 0 ? ttl : limits.windowSeconds * 1000);
      });
      return Math.ceil(waitMs / 1000);
    },
    async recordFailure(attempt) {
      const transaction = redis.multi();
      // The window opens with the first failure and is not extended by later ones.
      for (const counter of counters(attempt)) transaction.set(counter.key, 0, 'EX', limits.windowSeconds, 'NX').incr(counter.key);
      await transaction.exec();
    },
    async clearEmail(email) {
      await redis.del(key('email', email));
    },
  };
}

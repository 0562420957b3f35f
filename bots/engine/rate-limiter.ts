import type { Cluster, Redis } from 'ioredis';

export interface RateDecision {
  allowed: boolean;
  /** True for the first refused message of a window: the one that gets the "slow down" reply. */
  firstRefusal: boolean;
  /** When the window ends. */
  retryAfterMs: number;
}

/** Counts messages per key in fixed windows. */
export interface RateLimiter {
  hit(key: string): Promise<RateDecision>;
}

export interface RateLimit {
  /** Messages allowed per window. */
  max: number;
  windowMs: number;
}

/** 30 messages a minute: far above what a person types or taps, far below a script. */
export const DEFAULT_MESSAGE_RATE_LIMIT: RateLimit = Object.freeze({ max: 30, windowMs: 60_000 });

// INCR and set the window's expiry on its first message, atomically; answer the count and the time left.
const HIT_SCRIPT = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {n, ttl}
`;

/**
 * A fixed-window counter per key in Redis, shared by every bot process. When Redis cannot
 * answer, messages are let through: a chat must not go silent because a counter is away.
 */
export function createRedisRateLimiter(redis: Redis | Cluster, prefix: string, limit: RateLimit = DEFAULT_MESSAGE_RATE_LIMIT): RateLimiter {
  return {
    async hit(key) {
      try {
        const [count, ttl] = (await redis.eval(HIT_SCRIPT, 1, `${prefix}:bot:rate:${key}`, String(limit.windowMs))) as [number, number];
        return { allowed: count <= limit.max, firstRefusal: count === limit.max + 1, retryAfterMs: Math.max(ttl, 0) };
      } catch {
        return { allowed: true, firstRefusal: false, retryAfterMs: 0 };
      }
    },
  };
}

import crypto from 'node:crypto';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { DomainError } from '../../core/shared/errors.ts';
import type { RequestCounter } from '../../core/shared/request-counter.ts';
import { createRedisRequestCounter } from '../../queue/request-counter.store.ts';
import type { RedisClient } from '../../queue/connection.ts';

/** At most `max` requests per `windowSeconds` (a fixed window opened by the first one). */
export interface RequestLimit {
  readonly max: number;
  readonly windowSeconds: number;
}

/**
 * The API's request limits, one per family of routes, each counted per caller:
 * - `vendor`: signed postbacks and catalog pushes per vendor key, counted once the signature
 *   holds (a forger cannot spend a vendor's allowance).
 * - `admin`: the admin API per signed-in account or API token holder.
 * - `auth`: the console's sign-in routes per client address, a flood guard loose enough for a
 *   busy office behind one address; failed sign-ins have their own, strict throttle per email
 *   and address (queue/sign-in-throttle.store.ts).
 * The redirect has none: a click flood is its own rule (duplicates and bots are marked, never
 * refused), and a person must always reach the shop. Probes, /metrics, /docs, the console's
 * files and Telegram's webhook (its secret token checked) have none either.
 */
export interface RequestLimits {
  readonly vendor: RequestLimit;
  readonly admin: RequestLimit;
  readonly auth: RequestLimit;
}

export const DEFAULT_REQUEST_LIMITS: RequestLimits = Object.freeze({
  vendor: { max: 1200, windowSeconds: 60 },
  admin: { max: 1200, windowSeconds: 60 },
  auth: { max: 300, windowSeconds: 60 },
});

/** While Redis cannot count, requests go through uncounted; this says so at most once a minute. */
const SKIP_WARNING_INTERVAL_MS = 60_000;

/**
 * Registers @fastify/rate-limit with nothing limited by itself (`global: false`): a family of
 * routes opts in with `limitRequests`. Counts live in Redis (every API process shares them) and
 * a Redis outage lets requests through uncounted rather than failing them. A refusal is 429
 * `{error: {code: 'rate_limited', message, details: {retryAfterSeconds, limit, windowSeconds}}}`
 * with `Retry-After`.
 */
export async function registerRateLimiting(app: FastifyInstance, deps: { redis: RedisClient; redisPrefix: string; logger: Logger }): Promise<void> {
  const counter = createRedisRequestCounter(deps.redis, deps.redisPrefix);
  let warnedAt = -Infinity;
  const onSkip = (error: Error) => {
    const now = Date.now();
    if (now - warnedAt < SKIP_WARNING_INTERVAL_MS) return;
    warnedAt = now;
    deps.logger.warn({ err: error }, 'rate limits not enforced: requests cannot be counted in Redis');
  };
  await app.register(rateLimit, {
    global: false,
    skipOnError: true,
    store: redisStore(counter, onSkip),
    errorResponseBuilder: (_request, context) => new DomainError('rate_limited', `Too many requests; try again in ${context.after}`, {
      retryAfterSeconds: Math.max(1, Math.ceil(context.ttl / 1000)), limit: context.max,
    }),
  });
}

/**
 * Limits every route of `scope` to `limit` per caller of the family `family`, counted in `hook`
 * (`onRequest` before anything, `preValidation` once the caller is authenticated): `callerOf`
 * names the caller, or undefined to fall back to the client address.
 */
export function limitRequests(
  scope: FastifyInstance,
  family: keyof RequestLimits,
  limit: RequestLimit,
  hook: 'onRequest' | 'preValidation',
  callerOf: (request: FastifyRequest) => string | undefined = () => undefined,
): void {
  scope.addHook(hook, scope.rateLimit({
    max: limit.max,
    timeWindow: limit.windowSeconds * 1000,
    // Keys carry a hash, never an address or an id in clear.
    keyGenerator: (request) => `${family}:${crypto.createHash('sha256').update(callerOf(request) ?? `ip:${request.ip}`).digest('hex').slice(0, 32)}`,
  }));
}

/** @fastify/rate-limit's store interface on our Redis counter; one store serves every family (the key names it). */
function redisStore(counter: RequestCounter, onSkip: (error: Error) => void) {
  return class RedisRequestStore {
    incr(key: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void, timeWindow: number): void {
      counter.hit(key, timeWindow).then(
        ({ count, resetInMs }) => callback(null, { current: count, ttl: resetInMs }),
        (error: Error) => { onSkip(error); callback(error); },
      );
    }

    child(): RedisRequestStore {
      return this;
    }
  };
}

import type { Cluster, Redis } from 'ioredis';
import type { RequestCounter } from '../core/shared/request-counter.ts';
import { withTimeout } from '../core/shared/with-timeout.ts';
import type { RedisClient } from './connection.ts';

/** How long a count may take before the request goes on uncounted: a rate limit must never be what makes the API slow. */
export const REQUEST_COUNT_TIMEOUT_MS = 250;

// One round trip: the window opens with the first request and is never extended by later ones
// (a key somehow left without expiry gets one).
const HIT_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {count, ttl}
`;
const COMMAND = 'dealcastRequestHit';
const AWAY = new Set(['reconnecting', 'close', 'end']);

type WithHitCommand = { [COMMAND](key: string, windowMs: number): Promise<[number, number]> };

/**
 * Request counters in Redis under `<prefix>:ratelimit:<key>` (the prefix is hash-tagged, so
 * they sit in the queues' slot on a cluster). Every API process counts in the same keys, so a
 * limit holds across a horizontally scaled API. While Redis is reconnecting, or slower than
 * `timeoutMs`, `hit` rejects at once instead of queueing behind the reconnect: the caller lets
 * the request through uncounted (a Redis outage must not take the API down with it).
 */
export function createRedisRequestCounter(redis: RedisClient, prefix: string, timeoutMs = REQUEST_COUNT_TIMEOUT_MS): RequestCounter {
  if (!(COMMAND in redis)) (redis as Redis | Cluster).defineCommand(COMMAND, { numberOfKeys: 1, lua: HIT_SCRIPT });
  const client = redis as unknown as WithHitCommand;
  return {
    async hit(key, windowMs) {
      // A first connect is waited for (bounded by the timeout); a lost connection is not queued behind.
      if (AWAY.has(redis.status)) throw new Error(`Redis is ${redis.status}: request not counted`);
      const [count, resetInMs] = await withTimeout(client[COMMAND](`${prefix}:ratelimit:${key}`, windowMs), timeoutMs, 'The request count');
      return { count, resetInMs };
    },
  };
}

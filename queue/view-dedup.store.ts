import crypto from 'node:crypto';
import type { ViewDedup } from '../core/pages/exposure.ts';
import { withTimeout } from '../core/shared/with-timeout.ts';
import type { RedisClient } from './connection.ts';

/**
 * How long a view's dedup may take before the view goes uncounted. The page never waits for it
 * (it is sent first), so this only bounds how many views pile up behind a stalled Redis.
 */
export const VIEW_DEDUP_TIMEOUT_MS = 2_000;
const AWAY = new Set(['reconnecting', 'close', 'end']);

/**
 * Who saw which page today, in Redis under `<prefix>:pv:<hash>`: one `SET NX EX` per view, so
 * repeats never reach PostgreSQL. The key is a 128-bit hash of the visitor, page and day
 * (about 40 bytes a key, a day's visitors cost megabytes, not the page id and visitor in clear),
 * and expires after the day it names.
 */
export function createRedisViewDedup(redis: RedisClient, prefix: string, timeoutMs = VIEW_DEDUP_TIMEOUT_MS): ViewDedup {
  return {
    async claim(key, ttlSeconds) {
      if (AWAY.has(redis.status)) throw new Error(`Redis is ${redis.status}: view not counted`);
      const digest = crypto.hash('sha256', key, 'base64url').slice(0, 22);
      const set = await withTimeout(redis.set(`${prefix}:pv:${digest}`, '1', 'EX', ttlSeconds, 'NX'), timeoutMs, 'The view dedup');
      return set === 'OK';
    },
  };
}

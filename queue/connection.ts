import { Redis, type RedisOptions } from 'ioredis';

/**
 * Every BullMQ queue and cache key lives under one hash-tagged prefix, so that a Redis Cluster
 * keeps a queue's keys in one slot.
 */
export const DEFAULT_REDIS_PREFIX = '{dealcast}';

/** A connection for BullMQ workers and blocking commands: retries forever instead of failing requests. */
export function createRedis(url: string, options: RedisOptions = {}): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, ...options });
}

import { Redis, type RedisOptions } from 'ioredis';

/**
 * Every BullMQ queue and cache key lives under one hash-tagged prefix, so that a Redis Cluster
 * keeps a queue's keys in one slot.
 */
export const DEFAULT_REDIS_PREFIX = '{dealcast}';

export interface RedisConnectionOptions extends RedisOptions {
  /** Told about connection errors; ioredis reconnects by itself either way. */
  onError?: (error: Error) => void;
}

/** A connection for BullMQ and caches: commands wait through a reconnect instead of failing. */
export function createRedis(url: string, options: RedisConnectionOptions = {}): Redis {
  const { onError, ...redisOptions } = options;
  const redis = new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, ...redisOptions });
  // Without a listener, every failed reconnect attempt is printed as an "Unhandled error event".
  redis.on('error', onError ?? (() => undefined));
  return redis;
}

/** Deletes every key under a prefix (a test's or a benchmark's queues and caches), in pages. */
export async function deleteKeysWithPrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) await redis.del(...keys);
  } while (cursor !== '0');
}

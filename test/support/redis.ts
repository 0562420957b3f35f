import crypto from 'node:crypto';
import { Redis } from 'ioredis';
import { createRedis, deleteKeysWithPrefix } from '../../queue/connection.ts';

/**
 * The Redis the tests use: TEST_REDIS_URL, else 127.0.0.1:6379. As with ADMIN_DATABASE_URL, the
 * global setup points TEST_REDIS_URL at a throwaway redis-server when that one does not answer.
 */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A key prefix of its own for each test file, hash-tagged like production's. */
export function uniqueRedisPrefix(): string {
  return `{dctest-${crypto.randomBytes(4).toString('hex')}}`;
}

/** Deletes every key under a prefix (queues, caches) once a test file is done. */
export async function deleteRedisPrefix(prefix: string): Promise<void> {
  const redis = new Redis(TEST_REDIS_URL);
  try {
    await deleteKeysWithPrefix(redis, prefix);
  } finally {
    redis.disconnect();
  }
}

/** Connections to the test Redis, one per worker as in production, all dropped by `disconnectAll()`. */
export function testRedisConnections(): { open(): Redis; disconnectAll(): void } {
  const opened: Redis[] = [];
  return {
    open() {
      const connection = createRedis(TEST_REDIS_URL);
      opened.push(connection);
      return connection;
    },
    disconnectAll() {
      for (const connection of opened.splice(0)) connection.disconnect();
    },
  };
}

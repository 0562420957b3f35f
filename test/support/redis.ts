import crypto from 'node:crypto';
import { Redis } from 'ioredis';
import { deleteKeysWithPrefix } from '../../queue/connection.ts';

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

import { Redis } from 'ioredis';
import { RedisServerMissingError, startEmbeddedRedis } from '../../cli/embedded-redis.ts';
import { isUnreachable, PROBE_TIMEOUT_MS, type ProbeResult, type ThrowawayServer } from './throwaway-server.ts';

/** Whether a Redis server answers `url` as the tests will use it. */
export async function probeRedis(url: string): Promise<ProbeResult> {
  const redis = new Redis(url, { lazyConnect: true, connectTimeout: PROBE_TIMEOUT_MS, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  // A failed connect rejects with "Connection is closed."; the cause comes as an error event.
  let cause: unknown;
  redis.on('error', (error) => { cause = error; });
  try {
    await redis.connect();
    await redis.ping();
    return { answers: true };
  } catch (error) {
    return isUnreachable(cause ?? error) ? { answers: false } : { answers: true, refusal: (error as Error).message };
  } finally {
    redis.disconnect();
  }
}

/**
 * A `redis-server` from PATH on a free loopback port with its files in `folder`: the platform's
 * own embedded default (cli/embedded-redis.ts), so the tests run on the Redis a user would get.
 * Throws a one-line reason when it cannot start.
 */
export async function startThrowawayRedis(folder: string): Promise<ThrowawayServer> {
  try {
    const redis = await startEmbeddedRedis(folder);
    return { url: redis.url, stop: () => redis.stop() };
  } catch (error) {
    if (error instanceof RedisServerMissingError) throw new Error('redis-server is not on PATH (install it, e.g. `apt-get install redis-server`)');
    throw error;
  }
}

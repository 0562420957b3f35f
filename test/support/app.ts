import type { FastifyInstance } from 'fastify';
import { pino, type Logger } from 'pino';
import type { Redis } from 'ioredis';
import { buildApp } from '../../api/app.ts';
import { buildAppDeps } from '../../cli/app-deps.ts';
import type { AppDeps } from '../../api/deps.ts';
import type { HttpMetrics } from '../../api/observability/http-metrics.ts';
import type { ChatConnectionStatusSource } from '../../core/notifications/chat-connection.ts';
import type { Clock } from '../../core/shared/clock.ts';
import { systemClock } from '../../core/shared/clock.ts';
import { silentNotifier, type Notifier } from '../../core/notifications/notifications.ts';
import { createSecretBox } from '../../core/shared/secret-box.ts';
import { createRedis } from '../../queue/connection.ts';
import { createClickQueue, type ClickQueue } from '../../queue/clicks.queue.ts';
import { createTestDatabase, type TestDatabase } from './postgres.ts';
import { TEST_REDIS_URL, deleteRedisPrefix, uniqueRedisPrefix } from './redis.ts';

export const TEST_PUBLIC_URL = 'https://dc.test';

export interface TestApp {
  readonly app: FastifyInstance;
  readonly deps: AppDeps;
  readonly database: TestDatabase;
  readonly redis: Redis;
  readonly clickQueue: ClickQueue;
  readonly prefix: string;
  close(): Promise<void>;
}

/**
 * The whole HTTP app on a fresh PostgreSQL database and its own Redis prefix, with the real
 * BullMQ click queue. Tests use `app.inject` or `app.listen`.
 */
export async function createTestApp(
  options: {
    clock?: Clock; publicUrl?: string; redisUrl?: string; notifier?: Notifier; whatsappStatus?: ChatConnectionStatusSource;
    /** Request timings and redirect outcomes (api/observability/http-metrics.ts); none: nothing recorded. */
    metrics?: HttpMetrics;
    /** Where the app logs; default silent (or TEST_LOG_LEVEL). */
    logger?: Logger;
  } = {},
): Promise<TestApp> {
  const database = await createTestDatabase();
  const prefix = uniqueRedisPrefix();
  const redis = createRedis(options.redisUrl ?? TEST_REDIS_URL);
  const clickQueue = createClickQueue({ connection: redis, prefix });
  const logger = options.logger ?? pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const secretBox = createSecretBox('test-secret-key-test-secret-key-0000');
  const clock = options.clock ?? systemClock;
  const publicUrl = options.publicUrl ?? TEST_PUBLIC_URL;
  const notifier = options.notifier ?? silentNotifier;
  const deps = buildAppDeps({
    db: database.db,
    redis,
    clicks: clickQueue.sink,
    secretBox,
    clock,
    logger,
    publicUrl,
    ipHashKey: 'test-ip-hash-key',
    sessionSecret: 'test-session-secret',
    redisPrefix: prefix,
    notifier,
    whatsappStatus: options.whatsappStatus,
    metrics: options.metrics,
  });
  const app = await buildApp(deps);
  await app.ready();
  return {
    app, deps, database, redis, clickQueue, prefix,
    async close() {
      await app.close();
      await clickQueue.close();
      await deleteRedisPrefix(prefix);
      redis.disconnect();
      await database.close();
    },
  };
}

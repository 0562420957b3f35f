import crypto from 'node:crypto';
import type { Logger } from 'pino';
import { Registry } from 'prom-client';
import { createChannelMedia } from '../api/media/channel-media.ts';
import type { ChannelMedia } from '../core/channels/channel-kits.service.ts';
import { createSecretBox, type SecretBox } from '../core/shared/secret-box.ts';
import { connectPglite, connectPostgres, type DatabaseHandle } from '../db/connect.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { createRedisClient, DEFAULT_REDIS_PREFIX, type RedisClient } from '../queue/connection.ts';
import type { Config } from './config.ts';
import { startEmbeddedRedis, type EmbeddedRedis } from './embedded-redis.ts';
import { resolveSecretKey } from './secret-key.ts';
import { repeatedErrorLogger } from '../queue/error-log.ts';

/** The connections and keys every role shares, opened once per process. */
export interface Infrastructure {
  readonly config: Config;
  readonly logger: Logger;
  readonly database: DatabaseHandle;
  /** REDIS_URL (one server or a cluster's nodes), or the embedded redis-server's. */
  readonly redisUrl: string;
  /** A shared, non-blocking Redis connection (queue producers, caches, readiness). */
  readonly redis: RedisClient;
  readonly redisPrefix: string;
  /** SECRET_KEY, or the key generated once under DATA_DIR: every other secret derives from it. */
  readonly secretKey: string;
  readonly secretBox: SecretBox;
  readonly ipHashKey: string;
  /** Key of the console sessions' CSRF tokens: SESSION_SECRET, else derived from the secret key. */
  readonly sessionSecret: string;
  /** The QR code and poster renderers, shared by the admin API and the bots' /qr and /poster. */
  readonly media: ChannelMedia;
  /** This process's metrics, scraped at `/metrics` (cli/process-metrics.ts); the roles register theirs here. */
  readonly metrics: Registry;
  /** Opens another Redis connection (BullMQ workers need their own blocking connection). */
  newRedisConnection(): RedisClient;
  close(): Promise<void>;
}

export class EmbeddedNotAllowedError extends Error {}

/**
 * Opens PostgreSQL (DATABASE_URL, else embedded PGlite under DATA_DIR) and Redis (REDIS_URL,
 * else a redis-server from PATH) and migrates the schema.
 * `allowEmbedded` is false for single roles: processes cannot share an embedded database.
 */
export async function openInfrastructure(config: Config, logger: Logger, options: { allowEmbedded: boolean }): Promise<Infrastructure> {
  if (!options.allowEmbedded && (!config.databaseUrl || !config.redisUrl)) {
    throw new EmbeddedNotAllowedError(
      'A single role needs DATABASE_URL and REDIS_URL (processes cannot share the embedded database); run `dealcast start all` for the embedded default.',
    );
  }
  const closers: (() => Promise<void>)[] = [];
  const closeAll = async () => {
    for (const close of closers.reverse()) await close().catch((error: unknown) => logger.warn({ err: error }, 'close failed'));
  };
  try {
    let embeddedRedis: EmbeddedRedis | undefined;
    let redisUrl = config.redisUrl;
    if (!redisUrl) {
      embeddedRedis = await startEmbeddedRedis(config.dataDir);
      closers.push(() => embeddedRedis!.stop());
      redisUrl = embeddedRedis.url;
      logger.info({ redisUrl }, 'embedded redis-server started');
    }

    const database = config.databaseUrl ? connectPostgres(config.databaseUrl) : await connectPglite(config.dataDir);
    closers.push(() => database.close());
    if (database.kind === 'pglite') logger.info({ dataDir: config.dataDir }, 'embedded PostgreSQL (PGlite) opened');
    const applied = await migrateToLatest(database.db);
    if (applied.length > 0) logger.info({ migrations: applied }, 'database migrated');

    const secret = resolveSecretKey(config.secretKey, config.dataDir);
    if (!config.secretKey && config.databaseUrl) logger.warn({ file: secret.file }, 'SECRET_KEY is not set; using the key file under DATA_DIR');
    // ioredis retries every few hundred ms while Redis is away: one line every 10 s is enough.
    const onRedisError = repeatedErrorLogger(logger, 'Redis connection error; reconnecting', {}, { quietMs: 10_000, level: 'warn' });
    const redis = createRedisClient(redisUrl, { onError: onRedisError });
    closers.push(async () => { await redis.quit().catch(() => redis.disconnect()); });
    const connections: RedisClient[] = [];
    closers.push(async () => { connections.forEach((c) => c.disconnect()); });

    return {
      config,
      logger,
      database,
      redisUrl,
      redis,
      redisPrefix: DEFAULT_REDIS_PREFIX,
      secretKey: secret.key,
      secretBox: createSecretBox(secret.key),
      ipHashKey: crypto.createHmac('sha256', secret.key).update('dealcast:ip-hash').digest('hex'),
      sessionSecret: config.sessionSecret ?? crypto.createHmac('sha256', secret.key).update('dealcast:session').digest('hex'),
      media: createChannelMedia({ logger }),
      metrics: new Registry(),
      newRedisConnection() {
        const connection = createRedisClient(redisUrl!, { onError: onRedisError });
        connections.push(connection);
        return connection;
      },
      close: closeAll,
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

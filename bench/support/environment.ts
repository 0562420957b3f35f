import crypto from 'node:crypto';
import pg from 'pg';
import type { Redis } from 'ioredis';
import { connectPostgres, type DatabaseHandle } from '../../db/connect.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import { createRedis, deleteKeysWithPrefix } from '../../queue/connection.ts';

const ADMIN_DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A fresh PostgreSQL database and a Redis prefix of its own; `close()` drops both. */
export interface BenchEnvironment {
  readonly database: DatabaseHandle;
  readonly databaseName: string;
  /** The database's own URL, for a second connection (bench/support/query-plans.ts). */
  readonly databaseUrl: string;
  readonly redis: Redis;
  readonly redisUrl: string;
  readonly prefix: string;
  close(): Promise<void>;
}

export async function createBenchEnvironment(): Promise<BenchEnvironment> {
  const databaseName = `dcbench_${crypto.randomBytes(5).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${databaseName}`);
  const url = new URL(ADMIN_DATABASE_URL);
  url.pathname = `/${databaseName}`;
  const database = connectPostgres(url.toString(), { max: 10 });
  await migrateToLatest(database.db);
  const prefix = `{dcbench-${crypto.randomBytes(4).toString('hex')}}`;
  const redis = createRedis(REDIS_URL);
  return {
    database,
    databaseName,
    databaseUrl: url.toString(),
    redis,
    redisUrl: REDIS_URL,
    prefix,
    async close() {
      await database.close();
      await deleteKeysWithPrefix(redis, prefix);
      redis.disconnect();
      await adminQuery(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
    },
  };
}

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_DATABASE_URL });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

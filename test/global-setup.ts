import crypto from 'node:crypto';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { connectPostgres } from '../db/connect.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { ADMIN_DATABASE_URL, databaseUrl } from './support/postgres.ts';
import { TEST_REDIS_URL } from './support/redis.ts';
import { buildConsoleIfStale } from './support/console.ts';
import { ensureTestServices, TestServicesUnavailableError } from './support/throwaway-services.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The migrated template database of this run; every test file clones it. */
    templateDatabase: string;
  }
}

/**
 * Finds the run's services: the configured PostgreSQL and Redis (here ADMIN_DATABASE_URL and
 * TEST_REDIS_URL are still what the environment or the defaults say), or throwaway servers where
 * those do not answer. Their URLs go into TEST_DATABASE_URL and TEST_REDIS_URL, which the test
 * workers inherit (vitest forks them after the global setup), and so do the processes they spawn.
 *
 * Then builds one migrated template database per run; each test file clones it
 * (CREATE DATABASE … TEMPLATE), so every file gets a fresh, migrated database in milliseconds.
 * Names carry a run id so that parallel runs on one server never touch each other's databases.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const services = await ensureTestServices({ postgresUrl: ADMIN_DATABASE_URL, redisUrl: TEST_REDIS_URL }).catch(exitSayingWhy);
  process.env.TEST_DATABASE_URL = services.postgresUrl;
  process.env.TEST_REDIS_URL = services.redisUrl;
  const adminUrl = services.postgresUrl;
  const runId = crypto.randomBytes(4).toString('hex');
  try {
    // The browser tests open the console the API serves: build it once here if its sources changed.
    buildConsoleIfStale();
    const template = `dctest_${runId}_template`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${template}`);
    await admin.end();
    const handle = connectPostgres(databaseUrl(template, adminUrl), { max: 1 });
    await migrateToLatest(handle.db);
    await handle.close();
    project.provide('templateDatabase', template);
  } catch (error) {
    await services.stop();
    throw error;
  }
  return async () => {
    try {
      const cleanup = new pg.Client({ connectionString: adminUrl });
      await cleanup.connect();
      const { rows } = await cleanup.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`dctest_${runId}_%`]);
      for (const row of rows) await cleanup.query(`DROP DATABASE IF EXISTS ${row.datname} WITH (FORCE)`);
      await cleanup.end();
    } finally {
      await services.stop();
    }
  };
}

/**
 * Ends the run with the one line that says which service is missing. Thrown, it would come after
 * vitest's "No test files found", which sends people looking at the wrong thing.
 */
function exitSayingWhy(error: unknown): never {
  if (!(error instanceof TestServicesUnavailableError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}

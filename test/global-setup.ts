import crypto from 'node:crypto';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { connectPostgres } from '../db/connect.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { ADMIN_DATABASE_URL, databaseUrl } from './support/postgres.ts';
import { buildConsoleIfStale } from './support/console.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The migrated template database of this run; every test file clones it. */
    templateDatabase: string;
  }
}

/**
 * Builds one migrated template database per run; each test file clones it
 * (CREATE DATABASE … TEMPLATE), so every file gets a fresh, migrated database in milliseconds.
 * Names carry a run id so that parallel runs on one server never touch each other's databases.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // The browser tests open the console the API serves: build it once here if its sources changed.
  buildConsoleIfStale();
  const runId = crypto.randomBytes(4).toString('hex');
  const template = `dctest_${runId}_template`;
  const admin = new pg.Client({ connectionString: ADMIN_DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${template}`);
  await admin.end();
  const handle = connectPostgres(databaseUrl(template), { max: 1 });
  await migrateToLatest(handle.db);
  await handle.close();
  project.provide('templateDatabase', template);
  return async () => {
    const cleanup = new pg.Client({ connectionString: ADMIN_DATABASE_URL });
    await cleanup.connect();
    const { rows } = await cleanup.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`dctest_${runId}_%`]);
    for (const row of rows) await cleanup.query(`DROP DATABASE IF EXISTS ${row.datname} WITH (FORCE)`);
    await cleanup.end();
  };
}

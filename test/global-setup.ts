import pg from 'pg';
import { connectPostgres } from '../db/connect.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { ADMIN_DATABASE_URL, TEMPLATE_DATABASE, databaseUrl } from './support/postgres.ts';

/**
 * Builds one migrated template database per run; each test file clones it
 * (CREATE DATABASE … TEMPLATE), so every file gets a fresh, migrated database in milliseconds.
 */
export default async function setup(): Promise<() => Promise<void>> {
  const admin = new pg.Client({ connectionString: ADMIN_DATABASE_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DATABASE} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
  const handle = connectPostgres(databaseUrl(TEMPLATE_DATABASE), { max: 1 });
  await migrateToLatest(handle.db);
  await handle.close();
  await admin.end();
  return async () => {
    const cleanup = new pg.Client({ connectionString: ADMIN_DATABASE_URL });
    await cleanup.connect();
    const { rows } = await cleanup.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE 'dctest_%'`);
    for (const row of rows) await cleanup.query(`DROP DATABASE IF EXISTS ${row.datname} WITH (FORCE)`);
    await cleanup.end();
  };
}

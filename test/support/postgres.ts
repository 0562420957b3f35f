import crypto from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { connectPostgres, type DatabaseHandle } from '../../db/connect.ts';

/**
 * The server the tests use: TEST_DATABASE_URL, else the one CI and developer machines have on
 * 127.0.0.1:5432 with trust auth. When that one does not answer, the global setup starts a
 * throwaway server and points TEST_DATABASE_URL at it before any test file loads, so in test
 * files this is always the run's server (in the global setup it is the configured one).
 */
export const ADMIN_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/postgres';
export function databaseUrl(name: string, adminUrl = ADMIN_DATABASE_URL): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export interface TestDatabase extends DatabaseHandle {
  readonly url: string;
  readonly name: string;
}

/** A fresh migrated database cloned from the run's template; dropped by `close()`. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const template = inject('templateDatabase');
  // Clones carry the run's prefix (dctest_<run>_…) so the run's teardown finds them.
  const name = `${template.replace(/_template$/, '')}_${crypto.randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  } finally {
    await admin.end();
  }
  const url = databaseUrl(name);
  const handle = connectPostgres(url);
  return {
    ...handle,
    url,
    name,
    close: async () => {
      await handle.close();
      const cleanup = new pg.Client({ connectionString: ADMIN_DATABASE_URL });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}

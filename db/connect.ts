import fs from 'node:fs';
import path from 'node:path';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { DatabaseProbe } from '../core/health/health.ports.ts';
import { preparingPool } from './prepared-statements.ts';
import type { Database } from './schema.ts';

/** How long a query waits for a connection (a new one, or a free one of the pool). */
const CONNECT_TIMEOUT_MS = 5000;

export interface DatabaseHandle {
  readonly db: Kysely<Database>;
  /** 'postgres' for a real server, 'pglite' for the embedded default. */
  readonly kind: 'postgres' | 'pglite';
  close(): Promise<void>;
}

// int8 (bigint) stays a string, numeric stays a string: money never passes through a float.
// Dates stay Date. `count(*)` returns int8, which callers convert with Number().

/** Connects to a real PostgreSQL server through pg. */
export function connectPostgres(url: string, options: { max?: number } = {}): DatabaseHandle {
  // A server that cannot be reached fails a request within seconds (the API answers 503) instead of hanging it.
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  // An idle client that loses its server must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: preparingPool(pool) }) });
  return { db, kind: 'postgres', close: () => db.destroy() };
}

/** Opens the embedded PostgreSQL (PGlite) stored under `dataDir/pglite`. */
export async function connectPglite(dataDir: string): Promise<DatabaseHandle> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { createPgConfig } = await import('@electric-sql/pglite/node-postgres');
  // Product search's trigram indexes (migration 2026-12-03-0003) need pg_trgm, bundled with PGlite.
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  const dir = path.join(dataDir, 'pglite');
  fs.mkdirSync(dataDir, { recursive: true });
  const pglite = await PGlite.create(dir, { extensions: { pg_trgm } });
  // PGlite serves one connection at a time.
  const pool = new pg.Pool({ ...createPgConfig(pglite), max: 1 });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    kind: 'pglite',
    close: async () => {
      await db.destroy();
      await pglite.close();
    },
  };
}

/** `/readyz`'s view of the database: `SELECT 1` succeeds (the caller bounds how long it waits). */
export function databaseProbe(db: Kysely<Database>): DatabaseProbe {
  return { isReachable: () => sql`SELECT 1`.execute(db).then(() => true, () => false) };
}

import fs from 'node:fs';
import { sql } from 'kysely';
import { connectPostgres, type DatabaseHandle } from '../../db/connect.ts';

/**
 * A database handle on one connection whose PostgreSQL backend's CPU time can be read to the
 * nanosecond (/proc/<pid>/schedstat: only for a server on this machine), so that each call's
 * CPU, here and in PostgreSQL, is measured alone. On a shared machine a call's wall-clock time
 * swells with everything else that runs; its CPU time does not.
 */
export interface MeteredConnection {
  readonly database: DatabaseHandle;
  /** CPU milliseconds (this process + the backend) that `call` took, with its result. */
  measure<T>(call: () => Promise<T>): Promise<{ result: T; cpuMs: number | undefined }>;
}

export async function meteredConnection(databaseUrl: string): Promise<MeteredConnection> {
  const database = connectPostgres(databaseUrl, { max: 1 });
  const { rows } = await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(database.db);
  const pid = rows[0]!.pid;
  const backendNs = (): number | undefined => {
    try {
      return Number(fs.readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      return undefined;
    }
  };
  return {
    database,
    async measure(call) {
      const backendBefore = backendNs();
      const before = process.cpuUsage();
      const result = await call();
      const here = process.cpuUsage(before);
      const backendAfter = backendNs();
      const cpuMs = backendBefore === undefined || backendAfter === undefined ? undefined
        : (here.user + here.system) / 1000 + (backendAfter - backendBefore) / 1e6;
      return { result, cpuMs };
    },
  };
}

import fs from 'node:fs';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

/** Linux reports utime and stime in clock ticks; 100 a second on every common kernel build. */
const TICK_US = 10_000;

/**
 * The CPU time (user + system) spent by the PostgreSQL processes serving the current database
 * since `start`, read from /proc/<pid>/stat, so only when the server runs on this machine.
 * Processes are found through pg_stat_activity at each `sample`; one that starts after `start`
 * counts from zero, and one that ends between two samples loses what it spent since the last,
 * so sample often enough (every half second is plenty for a pool that stays connected).
 */
export interface PostgresCpuMeter {
  sample(): Promise<void>;
  /** Microseconds since `start`, or undefined when the server's processes cannot be read here. */
  elapsedMicros(): number | undefined;
}

export async function startPostgresCpuMeter(db: Kysely<Database>): Promise<PostgresCpuMeter> {
  const base = new Map<number, number>();
  const last = new Map<number, number>();
  let readable = true;

  const read = async (): Promise<Map<number, number>> => {
    const { rows } = await sql<{ pid: number }>`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`.execute(db);
    const ticks = new Map<number, number>();
    for (const { pid } of rows) {
      const t = processTicks(pid);
      if (t !== undefined) ticks.set(pid, t);
    }
    if (rows.length > 0 && ticks.size === 0) readable = false;
    return ticks;
  };

  for (const [pid, t] of await read()) {
    base.set(pid, t);
    last.set(pid, t);
  }
  return {
    async sample() {
      for (const [pid, t] of await read()) {
        if (!base.has(pid)) base.set(pid, 0);
        last.set(pid, t);
      }
    },
    elapsedMicros() {
      if (!readable) return undefined;
      let ticks = 0;
      for (const [pid, t] of last) ticks += t - (base.get(pid) ?? 0);
      return ticks * TICK_US;
    },
  };
}

function processTicks(pid: number): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name sits in parentheses and may hold spaces; fields after it are plain.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return undefined;
  }
}

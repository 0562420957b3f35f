import fs from 'node:fs';
import type { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { startPostgresCpuMeter, type PostgresCpuMeter } from './postgres-cpu.ts';

/**
 * CPU counters of the processes a benchmark drives, so that a figure can be stated as CPU
 * time per operation (robust on a shared machine, where wall-clock throughput moves 2-3×)
 * and split by process: this one, a child server, the load generator, PostgreSQL, Redis.
 * Every figure is in microseconds of CPU (user + system).
 */

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ): 100 on every Linux build in use. */
const TICK_MICROS = 1_000_000 / 100;

/** One source of CPU counters: cumulative CPU microseconds per process (or per whatever it names). */
export interface CpuSource {
  read(): Promise<Map<string, number>>;
}

/** utime + stime of a process from /proc, or undefined once it has gone (or off Linux). */
export function processCpuMicros(pid: number | string): number | undefined {
  const stat = readProcFile(`/proc/${pid}/stat`);
  return stat === undefined ? undefined : statCpuMicros(stat, 0);
}

/** This process, at microsecond resolution. */
export function selfCpu(): CpuSource {
  return { read: async () => new Map([['self', cpuUsageMicros(process.cpuUsage())]]) };
}

/** One process by pid (a child server). */
export function processCpu(pid: number): CpuSource {
  return {
    async read() {
      const micros = processCpuMicros(pid);
      return micros === undefined ? new Map() : new Map([[String(pid), micros]]);
    },
  };
}

/**
 * The children this process has waited for (cutime + cstime of /proc/self/stat): a load
 * generator that ran in a child process and exited during the measurement.
 */
export function reapedChildrenCpu(): CpuSource {
  return {
    async read() {
      const stat = readProcFile('/proc/self/stat');
      return stat === undefined ? new Map() : new Map([['children', statCpuMicros(stat, 2)]]);
    },
  };
}

/** Every process of this machine whose command line (its title, for PostgreSQL) passes `match`. */
export function matchingProcessesCpu(comm: string, match: (commandLine: string) => boolean): CpuSource {
  const titles = new Map<string, string>();
  return {
    async read() {
      const found = new Map<string, number>();
      let entries: string[];
      try {
        entries = fs.readdirSync('/proc');
      } catch {
        return found;
      }
      for (const pid of entries) {
        if (!/^\d+$/.test(pid)) continue;
        const stat = readProcFile(`/proc/${pid}/stat`);
        if (stat === undefined || !stat.includes(`(${comm})`)) continue;
        // A title can change (a backend's state); the part we match on (its database) does not.
        let title = titles.get(pid);
        if (title === undefined) {
          title = (readProcFile(`/proc/${pid}/cmdline`) ?? '').replace(/\0/g, ' ');
          titles.set(pid, title);
        }
        if (match(title)) found.set(pid, statCpuMicros(stat, 0));
      }
      return found;
    },
  };
}

/**
 * The PostgreSQL backends serving the database `db` is connected to (found through
 * pg_stat_activity by `startPostgresCpuMeter`; only a server on this machine is visible).
 */
export function postgresBackendsCpu(db: Kysely<Database>): CpuSource {
  let meter: Promise<PostgresCpuMeter> | undefined;
  return {
    async read() {
      meter ??= startPostgresCpuMeter(db);
      const m = await meter;
      await m.sample();
      const micros = m.elapsedMicros();
      return micros === undefined ? new Map() : new Map([['backends', micros]]);
    },
  };
}

/** PostgreSQL's own processes (WAL writer, checkpointer, background writer, autovacuum): shared by every database. */
export function postgresBackgroundCpu(): CpuSource {
  return matchingProcessesCpu('postgres', (title) => /^postgres: .*(walwriter|checkpointer|background writer|autovacuum|wal sender)/.test(title));
}

/** The Redis server behind a connection, from `INFO cpu` (the whole server: every client's commands). */
export function redisServerCpu(redis: Redis): CpuSource {
  return {
    async read() {
      const info = await redis.info('cpu');
      const field = (name: string) => Number(new RegExp(`^${name}:([0-9.]+)`, 'm').exec(info)?.[1] ?? 0);
      return new Map([['redis', Math.round((field('used_cpu_user') + field('used_cpu_sys')) * 1_000_000)]]);
    },
  };
}

export type CpuReading<K extends string> = Record<K, number | undefined>;

export interface CpuMeter<K extends string> {
  /** CPU microseconds spent by each source since the start (undefined: the source saw no process); the meter runs on. */
  read(): Promise<CpuReading<K>>;
  /** The last reading; the meter stops. */
  stop(): Promise<CpuReading<K>>;
}

/**
 * Measures named sources from now on. Processes are polled meanwhile (every `pollMs`), so a
 * process that exits during the measurement keeps what it spent until its last poll, and one
 * that starts during it counts from zero.
 */
export async function startCpuMeter<K extends string>(sources: Record<K, CpuSource>, pollMs = 1000): Promise<CpuMeter<K>> {
  const names = Object.keys(sources) as K[];
  const first = new Map<K, Map<string, number>>();
  const last = new Map<K, Map<string, number>>();
  const poll = async (initial: boolean): Promise<void> => {
    await Promise.all(names.map(async (name) => {
      const reading = await sources[name].read().catch(() => new Map<string, number>());
      const seen = last.get(name) ?? new Map<string, number>();
      const start = first.get(name) ?? new Map<string, number>();
      for (const [key, micros] of reading) {
        if (initial) start.set(key, micros);
        else if (!start.has(key) && !seen.has(key)) start.set(key, 0);
        seen.set(key, micros);
      }
      first.set(name, start);
      last.set(name, seen);
    }));
  };
  // Polls run one after another, so that no two readings of a source interleave.
  let polling: Promise<void> = poll(true);
  await polling;
  const timer = setInterval(() => { polling = polling.then(() => poll(false)); }, pollMs);
  timer.unref();
  const read = async (): Promise<CpuReading<K>> => {
    polling = polling.then(() => poll(false));
    await polling;
    const result = {} as CpuReading<K>;
    for (const name of names) {
      const seen = last.get(name)!;
      const start = first.get(name)!;
      let spent = 0;
      for (const [key, micros] of seen) spent += micros - (start.get(key) ?? 0);
      result[name] = seen.size === 0 ? undefined : spent;
    }
    return result;
  };
  return {
    read,
    async stop() {
      clearInterval(timer);
      return read();
    },
  };
}

export function cpuUsageMicros(usage: NodeJS.CpuUsage): number {
  return usage.user + usage.system;
}

/**
 * utime + stime (`offset` 0) or cutime + cstime (`offset` 2) of a /proc/<pid>/stat line; the
 * fields are counted after the command name, which is in parentheses and may hold spaces.
 */
function statCpuMicros(stat: string, offset: 0 | 2): number {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 14-17 of proc(5) (utime, stime, cutime, cstime) are 11-14 counted from the state (field 3).
  return (Number(fields[11 + offset]) + Number(fields[12 + offset])) * TICK_MICROS;
}

function readProcFile(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

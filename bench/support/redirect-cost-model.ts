import type { CpuReading } from './cpu.ts';
import type { LoadResult } from './load.ts';

/** The processes whose CPU the cost model splits. */
export type Source = 'app' | 'baseline' | 'postgres' | 'postgresBackground' | 'redis';

export interface Phase {
  load: LoadResult;
  /** Redirects answered (302s). */
  clicks: number;
  /** CPU over the load alone. */
  cpu: CpuReading<Source>;
}

interface CostModelInput {
  bare: Phase;
  /** The yardstick doing only the redirect's own per-request work (bench/support/baseline-server.ts). */
  floor: Phase;
  handler: Phase;
  paused: Phase;
  /** `total` runs on until the worker has stored every click of the load. */
  together: Phase & { total: CpuReading<Source> };
  catchUp: { cpu: CpuReading<Source>; clicks: number };
}

/**
 * CPU µs per click by stage. The handler is measured with clicks dropped; the durable enqueue
 * is the paused run minus that; the worker is the all-in-one run (load and drain) minus the
 * paused run; PostgreSQL and Redis are their own processes' counters. Stages measured by
 * difference carry the noise of both runs.
 */
export function costModel({ bare, floor, handler, paused, together, catchUp }: CostModelInput): string[] {
  const per = (micros: number | undefined, clicks: number) => (micros === undefined || clicks === 0 ? undefined : micros / clicks);
  const handlerUs = per(handler.cpu.app, handler.clicks);
  const pathUs = per(paused.cpu.app, paused.clicks);
  const togetherUs = per(together.total.app, together.clicks);
  const redisPathUs = per(paused.cpu.redis, paused.clicks);
  const redisTogetherUs = per(together.total.redis, together.clicks);
  const minus = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined ? undefined : a - b);
  const rows: [string, number | undefined, string][] = [
    ['bare Fastify 302 (per request)', per(bare.cpu.baseline, bare.clicks), 'its own process, /proc/<pid>/stat'],
    ['redirect floor (per request)', per(floor.cpu.baseline, floor.clicks), 'the yardstick\'s process: the redirect\'s own work, no framework plugins'],
    ['redirect handler', handlerUs, 'app process, clicks dropped'],
    ['durable enqueue (group commit)', minus(pathUs, handlerUs), 'app process, worker paused − handler'],
    ['click worker', minus(togetherUs, pathUs), 'app process, all in one (load + drain) − paused'],
    ['click worker, catching up a backlog', per(catchUp.cpu.app, catchUp.clicks), 'app process, draining the paused run'],
    ['PostgreSQL backends', per(together.total.postgres, together.clicks), 'backends of the bench database, all in one (load + drain)'],
    ['PostgreSQL background', per(together.total.postgresBackground, together.clicks), 'WAL writer, checkpointer, autovacuum (shared by every database)'],
    ['Redis, enqueue', redisPathUs, 'INFO cpu, worker paused (the whole server)'],
    ['Redis, worker', minus(redisTogetherUs, redisPathUs), 'INFO cpu, all in one (load + drain) − paused'],
    ['autocannon (per request, bare)', per(bare.load.loadGeneratorCpuMicros, bare.clicks), 'the load generator\'s own CPU'],
    ['autocannon (per request, redirect)', per(together.load.loadGeneratorCpuMicros, together.clicks), 'the load generator\'s own CPU'],
  ];
  const total = [togetherUs, per(together.total.postgres, together.clicks), redisTogetherUs].reduce<number | undefined>(
    (sum, v) => (sum === undefined || v === undefined ? undefined : sum + v), 0);
  rows.push(['one click, all stages', total, 'app + PostgreSQL backends + Redis, all in one']);
  const width = Math.max(...rows.map((r) => r[0].length));
  return [
    'cost model: CPU µs per click (user + system; a core gives 1,000,000 µs a second)',
    ...rows.map(([stage, us, how]) => `  ${stage.padEnd(width)}  ${(us === undefined ? 'n/a' : us.toFixed(1)).padStart(7)}  ${how}`),
  ];
}

import { Queue } from 'bullmq';
import type { RedisClient } from './connection.ts';
import { Gauge, type Registry } from 'prom-client';
import { withTimeout } from '../core/shared/with-timeout.ts';
import { CLICKS_QUEUE } from './clicks.queue.ts';
import { lastRunKey, SCHEDULED_QUEUES } from './job-metrics.ts';
import { WATCHED_QUEUES } from './queue-backlog.ts';

const STATES = ['waiting', 'active', 'delayed', 'failed'] as const;
type State = (typeof STATES)[number];

interface Figures {
  depths: { queue: string; counts: Record<State, number> }[];
  /** Age of the oldest click job not yet stored, in seconds; 0 when none waits. */
  ingestLagSeconds: number;
  /** `<queue>:<job name>:<outcome>` → epoch ms. */
  lastRuns: Record<string, string>;
}

export interface QueueFiguresOptions {
  /** The shared, non-blocking connection. */
  connection: RedisClient;
  prefix: string;
  /** How long one reading serves further scrapes (several Prometheus servers, several processes). Default 5 s. */
  cacheMs?: number;
  /** A scrape must not hang on a Redis outage: the reading gives up after this. Default 2 s. */
  timeoutMs?: number;
  now?: () => number;
}

export interface QueueFigures {
  close(): Promise<void>;
}

/**
 * Figures of the deployment's queues, read from Redis when scraped: jobs by queue and state,
 * the ingest lag, and the last run of each scheduled job. Every process that registers them
 * reports the same values, so dashboards aggregate them with `max`, never `sum`.
 */
export function registerQueueFigures(registry: Registry, options: QueueFiguresOptions): QueueFigures {
  const cacheMs = options.cacheMs ?? 5000;
  const timeoutMs = options.timeoutMs ?? 2000;
  const now = options.now ?? Date.now;
  let queues: Queue[] | undefined;
  let cached: { at: number; figures: Promise<Figures> } | undefined;

  const openQueues = (): Queue[] => queues ??= [...WATCHED_QUEUES, ...SCHEDULED_QUEUES].map((name) => {
    const queue = new Queue(name, { connection: options.connection, prefix: options.prefix });
    // An unhandled 'error' would end the process; a failed reading shows as dealcast_queue_figures_up 0.
    queue.on('error', () => undefined);
    return queue;
  });

  const read = async (): Promise<Figures> => {
    const all = openQueues();
    const clicks = all.find((q) => q.name === CLICKS_QUEUE)!;
    const [depths, ingestLagSeconds, lastRuns] = await Promise.all([
      Promise.all(all.map(async (queue) => {
        const c = await queue.getJobCounts('waiting', 'prioritized', 'active', 'delayed', 'failed');
        return { queue: queue.name, counts: { waiting: (c.waiting ?? 0) + (c.prioritized ?? 0), active: c.active ?? 0, delayed: c.delayed ?? 0, failed: c.failed ?? 0 } };
      })),
      oldestJobAgeSeconds(clicks, options.connection, now()),
      options.connection.hgetall(lastRunKey(options.prefix)),
    ]);
    return { depths, ingestLagSeconds, lastRuns };
  };

  const figures = (): Promise<Figures> => {
    const at = now();
    if (!cached || at - cached.at >= cacheMs) cached = { at, figures: withTimeout(read(), timeoutMs, 'queue figures') };
    return cached.figures;
  };
  const reading = (): Promise<Figures | undefined> => figures().catch(() => undefined);

  new Gauge({
    name: 'dealcast_queue_figures_up',
    help: 'Whether the queue figures below could be read from Redis at this scrape (1) or not (0).',
    registers: [registry],
    async collect() { this.set((await reading()) ? 1 : 0); },
  });
  new Gauge({
    name: 'dealcast_queue_jobs',
    help: 'Jobs by queue and state (waiting includes prioritized; delayed includes retries in their backoff), read from Redis.',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const { queue, counts } of (await reading())?.depths ?? []) {
        for (const state of STATES) this.set({ queue, state }, counts[state]);
      }
    },
  });
  new Gauge({
    name: 'dealcast_ingest_lag_seconds',
    help: 'Age of the oldest click batch not yet stored in PostgreSQL (waiting, running or in retry backoff); 0 when the click queue is empty.',
    registers: [registry],
    async collect() {
      this.reset();
      const read = await reading();
      if (read) this.set(read.ingestLagSeconds);
    },
  });
  new Gauge({
    name: 'dealcast_scheduled_job_last_run_timestamp_seconds',
    help: 'When each scheduled job (settlement.approve, tiers.assign, payouts.run, partitions.ensure, retention.purge) last completed or failed, in any worker process.',
    labelNames: ['queue', 'job_name', 'outcome'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const [field, ms] of Object.entries((await reading())?.lastRuns ?? {})) {
        const [queue, ...rest] = field.split(':');
        const outcome = rest.pop();
        if (queue && outcome && rest.length > 0) this.set({ queue, job_name: rest.join(':'), outcome }, Number(ms) / 1000);
      }
    },
  });

  return {
    async close() {
      await Promise.all((queues ?? []).map((q) => q.close()));
    },
  };
}

/**
 * The creation time of the oldest job at the head of each of the queue's lists (waiting,
 * prioritized, running, next retry), read by id and one hash field: a click job carries up to
 * 500 clicks, which a scrape must not load.
 */
async function oldestJobAgeSeconds(queue: Queue, connection: RedisClient, now: number): Promise<number> {
  const ids = await queue.getRanges(['wait', 'prioritized', 'active', 'delayed'], 0, 0, true);
  const created = await Promise.all(ids.map((id) => connection.hget(queue.toKey(id), 'timestamp')));
  const oldest = Math.min(...created.map(Number).filter((t) => Number.isFinite(t) && t > 0));
  return Number.isFinite(oldest) ? Math.max(0, now - oldest) / 1000 : 0;
}

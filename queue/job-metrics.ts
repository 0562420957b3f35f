import type { Job, Worker } from 'bullmq';
import type { RedisClient } from './connection.ts';
import type { Logger } from 'pino';
import { Histogram, type Registry } from 'prom-client';
import { DEAL_ALERTS_QUEUE } from './deal-alerts.worker.ts';
import { MAINTENANCE_QUEUE } from './maintenance.worker.ts';
import { SETTLEMENT_QUEUE } from './settlement.worker.ts';

/** Seconds: a click batch takes milliseconds, a settlement run over a million commissions about a minute. */
const JOB_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 900];

export type JobOutcome = 'completed' | 'failed';

/** The queues whose jobs run on schedules (job schedulers): their last runs are what an operator alerts on. */
export const SCHEDULED_QUEUES: readonly string[] = [SETTLEMENT_QUEUE, MAINTENANCE_QUEUE, DEAL_ALERTS_QUEUE];

/**
 * Where each scheduled job's last completion and last failure are kept (a hash of
 * `<queue>:<job name>:<outcome>` → epoch ms): a fact of the deployment rather than of one
 * worker process, so a restarted worker, or any other process, still reports when the weekly
 * payout run last went through.
 */
export function lastRunKey(prefix: string): string {
  return `${prefix}:metrics:scheduled-last-run`;
}

export interface JobMetrics {
  /** Records every job this worker finishes: its duration by queue, job name and outcome. */
  observe(worker: Worker): void;
}

/**
 * Job durations from the workers' own events (`finishedOn − processedOn`; a failed attempt
 * up to when it failed). The histogram's `_count` is the number of runs, so runs by job and
 * outcome need no second metric. Scheduled jobs also stamp their last run in Redis.
 */
export function createJobMetrics(registry: Registry, options: { redis: RedisClient; prefix: string; logger: Logger }): JobMetrics {
  const durations = new Histogram({
    name: 'dealcast_job_duration_seconds',
    help: 'Time a job ran in this worker process, by queue, job name and outcome (a failed attempt counts once per attempt).',
    // `job_name`, not `job`: Prometheus puts its own `job` label on every scraped series.
    labelNames: ['queue', 'job_name', 'outcome'],
    buckets: JOB_BUCKETS,
    registers: [registry],
  });
  const lastRuns = lastRunKey(options.prefix);

  const record = (queue: string, job: Job, outcome: JobOutcome): void => {
    const finishedOn = job.finishedOn ?? Date.now();
    if (job.processedOn) durations.observe({ queue, job_name: job.name, outcome }, Math.max(0, finishedOn - job.processedOn) / 1000);
    if (SCHEDULED_QUEUES.includes(queue)) {
      options.redis.hset(lastRuns, `${queue}:${job.name}:${outcome}`, String(finishedOn))
        .catch((err: unknown) => options.logger.warn({ err, job: job.name }, 'could not record the job run for /metrics'));
    }
  };

  return {
    observe(worker) {
      worker.on('completed', (job) => record(worker.name, job, 'completed'));
      worker.on('failed', (job) => { if (job) record(worker.name, job, 'failed'); });
    },
  };
}

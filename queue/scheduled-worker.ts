import { Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Logger } from 'pino';
import { DomainError } from '../core/shared/errors.ts';
import type { RedisClient } from './connection.ts';
import { logRepeatedErrors } from './error-log.ts';

/** When a job repeats: a cron pattern (UTC) or a period in milliseconds; null turns it off. */
export type Schedule = { pattern: string } | { every: number } | null;

/** Retried with backoff for about 20 minutes (PostgreSQL away); the last runs are kept for a look. */
export const SCHEDULED_JOB_OPTIONS = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 5_000 },
  removeOnComplete: { count: 200 },
  removeOnFail: { age: 30 * 24 * 3600 },
} as const;

export interface ScheduledWorker {
  readonly worker: Worker;
  /** The queue the schedulers live on; `queue.add(name, {})` runs a job now. */
  readonly queue: Queue;
  close(): Promise<void>;
}

export interface ScheduledWorkerOptions {
  queueName: string;
  /** A connection with `maxRetriesPerRequest: null` (see queue/connection.ts). */
  connection: RedisClient;
  prefix: string;
  logger: Logger;
  /** Each job's schedule, by job name (the name is also its scheduler's id). */
  schedules: readonly (readonly [name: string, schedule: Schedule])[];
  /** Runs one job; what it returns is logged and kept as the job's result. */
  process: (job: Job) => Promise<unknown>;
}

/**
 * Starts a worker of repeatable jobs: registers each job's schedule as a BullMQ job scheduler
 * (a null schedule removes it) and processes the jobs one at a time. Every worker process
 * registers the same names at start-up: an upsert replaces the scheduler's next job rather than
 * adding one, and each run's job id is derived from its scheduled time, so a schedule yields
 * one job per run however many workers run. A refusal of the domain is not retried (it would be
 * refused again); any other failure is retried with backoff.
 */
export async function startScheduledWorker(options: ScheduledWorkerOptions): Promise<ScheduledWorker> {
  const { queueName, connection, prefix, logger } = options;
  const queue = new Queue(queueName, { connection, prefix });
  logRepeatedErrors(queue, logger, `${queueName} queue error`);
  for (const [name, schedule] of options.schedules) {
    if (schedule === null) await queue.removeJobScheduler(name);
    else await queue.upsertJobScheduler(name, 'pattern' in schedule ? { pattern: schedule.pattern, tz: 'UTC' } : { every: schedule.every }, { name, data: {}, opts: SCHEDULED_JOB_OPTIONS });
  }

  const worker = new Worker(queueName, async (job) => {
    try {
      const result = await options.process(job);
      logger.info({ job: job.name, result }, `${queueName} job done`);
      return result;
    } catch (error) {
      if (error instanceof DomainError) throw new UnrecoverableError(`${error.code}: ${error.message}`);
      throw error;
    }
  }, { connection, prefix, concurrency: 1 });
  worker.on('failed', (job, err) => logger.warn({ err, job: job?.name, attempt: job?.attemptsMade }, `${queueName} job failed; BullMQ retries it with backoff`));
  logRepeatedErrors(worker, logger, `${queueName} worker error`);

  return {
    worker,
    queue,
    async close() {
      await worker.close();
      await queue.close();
    },
  };
}

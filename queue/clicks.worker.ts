import { UnrecoverableError, Worker } from 'bullmq';
import type { RedisClient } from './connection.ts';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { ensureClickPartitions } from '../db/clicks.repository.ts';
import type { Database } from '../db/schema.ts';
import { CLICKS_INGEST_JOB, CLICKS_QUEUE, type ClickBatch } from './clicks.queue.ts';
import { createClickIngester, isDataError, storableClicks } from './clicks.processor.ts';
import { logRepeatedErrors } from './error-log.ts';

export interface ClickWorkerOptions {
  /** A connection with `maxRetriesPerRequest: null` (see queue/connection.ts); BullMQ duplicates it for blocking reads. */
  connection: RedisClient;
  prefix: string;
  db: Kysely<Database>;
  logger: Logger;
  /**
   * Jobs held at once. Jobs held while a transaction runs are merged into the next one, so this
   * bounds how many jobs one transaction can absorb under a backlog: enough for two transactions
   * of 1,000 clicks and the next one filling (jobs of 25 clicks, what the redirect writes under
   * load). Default 100.
   */
  concurrency?: number;
  /** Transactions run at once, each on its own PostgreSQL connection. Default 2. */
  transactions?: number;
  /** The time source for the start-up partition check. */
  now?: () => Date;
}

export interface ClickWorker {
  readonly worker: Worker<ClickBatch>;
  close(): Promise<void>;
}

/**
 * Starts the consumer of `clicks.ingest` jobs: each job is a batch of clicks, and the jobs
 * held at once are stored together by one transaction (see `createClickIngester`). A failure
 * (PostgreSQL unavailable) fails the job and BullMQ retries it with backoff, so clicks wait in
 * Redis and none is dropped; a replayed batch stores nothing twice. The monthly partitions are
 * ensured once at start-up (a fresh database's first clicks then land in their month); the
 * maintenance queue's repeatable job keeps them ahead (queue/maintenance.worker.ts).
 */
export async function startClickWorker(options: ClickWorkerOptions): Promise<ClickWorker> {
  const { db, logger } = options;
  const now = options.now ?? (() => new Date());
  try {
    const created = await ensureClickPartitions(db, now());
    if (created.length > 0) logger.info({ created }, 'created click partitions');
  } catch (err) {
    logger.warn({ err }, 'could not ensure click partitions; clicks go to the default partition until the maintenance job creates them');
  }

  const ingester = createClickIngester(db, logger, { maxTransactions: options.transactions ?? 2 });

  const worker = new Worker<ClickBatch>(
    CLICKS_QUEUE,
    async (job) => {
      if (job.name !== CLICKS_INGEST_JOB) throw new UnrecoverableError(`unknown job ${job.name} on the ${CLICKS_QUEUE} queue`);
      const clicks = job.data?.clicks;
      if (!Array.isArray(clicks)) throw new UnrecoverableError('a clicks.ingest job carries no clicks array');
      try {
        return await ingester.submit(storableClicks(clicks, logger));
      } catch (err) {
        // Bad data fails the same way on every attempt; keep the job in the failed set for inspection instead.
        if (isDataError(err)) throw new UnrecoverableError(`click batch refused by PostgreSQL: ${(err as Error).message}`);
        throw err;
      }
    },
    {
      connection: options.connection,
      prefix: options.prefix,
      concurrency: options.concurrency ?? 100,
      // A batch takes milliseconds; halving BullMQ's 30 s defaults means the batches of a killed
      // worker go back to the queue within about 30 s instead of a minute.
      lockDuration: 15_000,
      stalledInterval: 15_000,
    },
  );
  worker.on('failed', (job, err) => {
    const final = err instanceof UnrecoverableError || (job !== undefined && job.attemptsMade >= (job.opts.attempts ?? 1));
    logger[final ? 'error' : 'warn']({ err, jobId: job?.id, attempt: job?.attemptsMade },
      final ? 'click batch failed for good; it stays in the failed set' : 'click batch failed; BullMQ retries it with backoff');
  });
  // A Worker is an EventEmitter: an unhandled 'error' (Redis connection lost) would end the process.
  logRepeatedErrors(worker, logger, 'click worker error');

  return {
    worker,
    async close() {
      await worker.close();
    },
  };
}

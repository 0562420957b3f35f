import { UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { ensureClickPartitions } from '../db/clicks.repository.ts';
import type { Database } from '../db/schema.ts';
import { CLICKS_INGEST_JOB, CLICKS_QUEUE, type ClickBatch } from './clicks.queue.ts';
import { createClickIngester, isDataError, storableClicks } from './clicks.processor.ts';

/** Partitions for the coming months are re-checked twice a day, so a long-running worker never runs out of them. */
const PARTITION_CHECK_MS = 12 * 60 * 60 * 1000;
/** When PostgreSQL is down at start-up, the partition check is retried sooner. */
const PARTITION_RETRY_MS = 30 * 1000;

export interface ClickWorkerOptions {
  /** A connection with `maxRetriesPerRequest: null` (see queue/connection.ts); BullMQ duplicates it for blocking reads. */
  connection: Redis;
  prefix: string;
  db: Kysely<Database>;
  logger: Logger;
  /**
   * Jobs held at once. Jobs held while a transaction runs are merged into the next one, so this
   * bounds how many jobs one transaction can absorb under a backlog. Default 32.
   */
  concurrency?: number;
  /** Transactions run at once, each on its own PostgreSQL connection. Default 2. */
  transactions?: number;
  /** The time source for the partition check. */
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
 * ensured first and then twice a day.
 */
export async function startClickWorker(options: ClickWorkerOptions): Promise<ClickWorker> {
  const { db, logger } = options;
  const now = options.now ?? (() => new Date());
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  const checkPartitions = async (): Promise<void> => {
    let next = PARTITION_CHECK_MS;
    try {
      const created = await ensureClickPartitions(db, now());
      if (created.length > 0) logger.info({ created }, 'created click partitions');
    } catch (err) {
      next = PARTITION_RETRY_MS;
      logger.warn({ err }, 'could not ensure click partitions; clicks go to the default partition meanwhile');
    }
    if (!closed) {
      timer = setTimeout(() => void checkPartitions(), next);
      timer.unref();
    }
  };
  await checkPartitions();

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
      concurrency: options.concurrency ?? 32,
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
  worker.on('error', (err) => logger.error({ err }, 'click worker error'));

  return {
    worker,
    async close() {
      closed = true;
      clearTimeout(timer);
      await worker.close();
    },
  };
}

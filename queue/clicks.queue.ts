import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { ClickEvent, ClickSink } from '../api/deps.ts';

export const CLICKS_QUEUE = 'clicks';
export const CLICKS_INGEST_JOB = 'clicks.ingest';

export interface ClickBatch {
  clicks: ClickEvent[];
}

/** Retries with backoff for about an hour: a database outage leaves clicks waiting in the queue, not dropped. */
export const CLICK_JOB_OPTIONS = {
  attempts: 40,
  backoff: { type: 'exponential', delay: 500 },
  removeOnComplete: true,
  removeOnFail: { age: 7 * 24 * 3600 },
} as const;

export interface ClickQueue {
  readonly sink: ClickSink;
  readonly queue: Queue<ClickBatch>;
  close(): Promise<void>;
}

/**
 * The producer side of click ingestion, with group commit: clicks arriving in the same tick
 * are written as one job, and each redirect waits until its click is in Redis before it
 * answers, so that a killed API process loses no click it has already redirected.
 */
export function createClickQueue(options: { connection: Redis; prefix: string }): ClickQueue {
  const queue = new Queue<ClickBatch>(CLICKS_QUEUE, { connection: options.connection, prefix: options.prefix });
  let pending: { clicks: ClickEvent[]; waiters: { resolve: () => void; reject: (e: unknown) => void }[] } | undefined;
  const inFlight = new Set<Promise<void>>();

  const flush = (): void => {
    const batch = pending;
    pending = undefined;
    if (!batch) return;
    const write = queue
      .add(CLICKS_INGEST_JOB, { clicks: batch.clicks }, CLICK_JOB_OPTIONS)
      .then(() => batch.waiters.forEach((w) => w.resolve()))
      .catch((error: unknown) => batch.waiters.forEach((w) => w.reject(error)))
      .finally(() => inFlight.delete(write));
    inFlight.add(write);
  };

  const sink: ClickSink = {
    enqueue(click) {
      return new Promise<void>((resolve, reject) => {
        if (!pending) {
          pending = { clicks: [], waiters: [] };
          setImmediate(flush);
        }
        pending.clicks.push(click);
        pending.waiters.push({ resolve, reject });
        if (pending.clicks.length >= 500) flush();
      });
    },
  };

  return {
    sink,
    queue,
    async close() {
      flush();
      await Promise.allSettled([...inFlight]);
      await queue.close();
    },
  };
}

import { Queue } from 'bullmq';
import type { RedisClient } from './connection.ts';
import type { ClickEvent, ClickSink } from '../core/clicks/clicks.ports.ts';
import type { ClickSpill } from './click-spill.ts';

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

/** The click could not be made durable in time; the caller redirects anyway and logs it. */
export class ClickQueueUnavailableError extends Error {
  constructor(reason: string) {
    super(`click not queued: ${reason}`);
    this.name = 'ClickQueueUnavailableError';
  }
}

export interface ClickQueueOptions {
  connection: RedisClient;
  prefix: string;
  /** Clicks per job at most; also bounds the worker's per-transaction lock count. Default 500. */
  maxBatch?: number;
  /** Job writes in flight at once; clicks arriving meanwhile wait and go out together as the next job. Default 1. */
  maxInFlight?: number;
  /** How long a redirect waits for its click to reach Redis before giving up on it. Default 1000 ms. */
  timeoutMs?: number;
  /**
   * Clicks held in memory while Redis is unreachable. Beyond it new clicks go to `spill` (on
   * disk), or without one are refused. Default 50,000.
   */
  maxBacklog?: number;
  /**
   * Where clicks go that memory cannot hold, and those still unsaved when the queue closes with
   * Redis away; replayed into the queue when Redis is back (and every `spillReplayMs`).
   */
  spill?: ClickSpill;
  /** How often spilled clicks (this process's and orphaned ones) are looked for while Redis is up. Default 30 s. */
  spillReplayMs?: number;
  /** How long `close()` waits for buffered clicks to reach Redis. Default 5000 ms. */
  closeTimeoutMs?: number;
}

export interface ClickQueue {
  readonly sink: ClickSink;
  readonly queue: Queue<ClickBatch>;
  /** True when no click waits in this process (in memory or spilled) and no job waits, runs or retries in the queue. */
  isIdle(): Promise<boolean>;
  /** Moves spilled clicks into the queue now; resolves with how many (0 without a spill or with Redis away). */
  replaySpill(): Promise<number>;
  close(): Promise<void>;
}

interface PendingBatch {
  clicks: ClickEvent[];
  /** One promise for the whole batch: every redirect in it waits on the same write. */
  durable: Promise<void>;
  resolve: () => void;
  reject: (error: unknown) => void;
  timer: NodeJS.Timeout | undefined;
  settled: boolean;
}

/**
 * The producer side of click ingestion, with group commit: clicks arriving while earlier
 * writes are in flight are written together as one job, and each redirect waits until its
 * click is in Redis before it answers, so that a killed API process loses no click it has
 * already redirected. When Redis is unreachable, the redirect is released at once (or after
 * `timeoutMs` if Redis hangs) with a `ClickQueueUnavailableError`; the click stays in memory
 * and is written when Redis returns.
 *
 * Per click this costs an array push: the redirects of one batch share the batch's promise,
 * and the job (one BullMQ script, one round trip) is paid once per batch. Under load a batch
 * holds the clicks that arrived during the previous write (about 20 at 50 connections).
 */
export function createClickQueue(options: ClickQueueOptions): ClickQueue {
  const { connection } = options;
  const maxBatch = options.maxBatch ?? 500;
  const maxInFlight = options.maxInFlight ?? 1;
  const timeoutMs = options.timeoutMs ?? 1000;
  const maxBacklog = options.maxBacklog ?? 50_000;
  const closeTimeoutMs = options.closeTimeoutMs ?? 5000;
  const queue = new Queue<ClickBatch>(CLICKS_QUEUE, { connection, prefix: options.prefix });
  // A Queue is an EventEmitter: an unhandled 'error' would end the process; callers see failures through their batch.
  queue.on('error', () => undefined);

  const { spill } = options;
  let collecting: PendingBatch | undefined;
  /** Batches whose clicks are not yet in Redis: what `close()` puts on disk when Redis is away. */
  const unsaved = new Set<PendingBatch>();
  const full: PendingBatch[] = [];
  const writes = new Set<Promise<void>>();
  let backlog = 0;
  let pumpScheduled = false;
  let closing = false;

  const settle = (batch: PendingBatch, error?: unknown): void => {
    if (batch.settled) return;
    batch.settled = true;
    clearTimeout(batch.timer);
    if (error === undefined) batch.resolve();
    else batch.reject(error);
  };

  const newBatch = (): PendingBatch => {
    let resolve!: () => void;
    let reject!: (error: unknown) => void;
    const durable = new Promise<void>((res, rej) => { resolve = res; reject = rej; });
    // Marked as handled: clicks refused at once (Redis not ready) leave the batch with no one waiting on it.
    durable.catch(() => undefined);
    const batch: PendingBatch = { clicks: [], durable, resolve, reject, timer: undefined, settled: false };
    unsaved.add(batch);
    batch.timer = setTimeout(() => settle(batch, new ClickQueueUnavailableError(`Redis did not answer within ${timeoutMs} ms`)), timeoutMs);
    batch.timer.unref();
    return batch;
  };

  const write = (batch: PendingBatch): void => {
    const done = queue
      .add(CLICKS_INGEST_JOB, { clicks: batch.clicks }, CLICK_JOB_OPTIONS)
      .then(() => {
        unsaved.delete(batch);
        settle(batch);
      }, async (error: unknown) => {
        // Not lost: on disk until Redis takes it.
        // (Unless close() already put it there.)
        if (spill && unsaved.has(batch)) {
          await spill.append(batch.clicks).then(() => unsaved.delete(batch), () => undefined);
        }
        settle(batch, unsaved.has(batch) ? error : undefined);
      })
      .finally(() => {
        backlog -= batch.clicks.length;
        writes.delete(done);
        pump();
      });
    writes.add(done);
  };

  const pump = (): void => {
    pumpScheduled = false;
    while (writes.size < maxInFlight || closing) {
      const batch = full.shift() ?? collecting;
      if (!batch) return;
      if (batch === collecting) collecting = undefined;
      write(batch);
    }
  };

  const schedulePump = (): void => {
    if (pumpScheduled) return;
    pumpScheduled = true;
    setImmediate(pump);
  };

  const sink: ClickSink = {
    enqueue(click) {
      if (closing) return Promise.reject(new ClickQueueUnavailableError('the click queue is closing'));
      if (backlog >= maxBacklog) {
        // Memory is full: the click waits on disk instead, and the redirect answers once it is written there.
        if (spill) return spill.append([click]);
        return Promise.reject(new ClickQueueUnavailableError(`${backlog} clicks already wait for Redis`));
      }
      const batch = collecting ??= newBatch();
      batch.clicks.push(click);
      backlog += 1;
      if (batch.clicks.length >= maxBatch) {
        full.push(batch);
        collecting = undefined;
      }
      schedulePump();
      if (connection.status !== 'ready') {
        return Promise.reject(new ClickQueueUnavailableError(`Redis is ${connection.status}; the click is kept in memory until it returns`));
      }
      return batch.durable;
    },
  };

  let replaying: Promise<number> | undefined;
  const replaySpill = (): Promise<number> => {
    if (!spill || connection.status !== 'ready' || closing) return Promise.resolve(0);
    replaying ??= spill
      .replay((clicks) => queue.add(CLICKS_INGEST_JOB, { clicks }, CLICK_JOB_OPTIONS).then(() => undefined), maxBatch)
      .catch(() => 0)
      .finally(() => { replaying = undefined; });
    return replaying;
  };
  // Redis back: what waited on disk goes first into the queue (the memory backlog drains by itself).
  const onReady = () => void replaySpill();
  connection.on('ready', onReady);
  const replayTimer = spill ? setInterval(onReady, options.spillReplayMs ?? 30_000) : undefined;
  replayTimer?.unref();
  if (spill) onReady();

  return {
    sink,
    queue,
    replaySpill,
    async isIdle() {
      if (backlog > 0 || writes.size > 0 || (spill?.pending ?? 0) > 0) return false;
      const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children');
      return Object.values(counts).every((n) => n === 0);
    },
    async close() {
      closing = true;
      pump();
      // Bounded: with Redis gone for good, the buffered clicks cannot be saved and closing must not hang.
      let timer: NodeJS.Timeout | undefined;
      const giveUp = new Promise<void>((resolve) => { timer = setTimeout(resolve, closeTimeoutMs); });
      await Promise.race([Promise.allSettled([...writes]), giveUp]);
      clearTimeout(timer);
      connection.off('ready', onReady);
      clearInterval(replayTimer);
      await replaying;
      // Redis still away: the clicks not yet in it go to disk, for the next start (or another process) to replay.
      if (spill && unsaved.size > 0) {
        const clicks = [...unsaved].flatMap((batch) => batch.clicks);
        await spill.append(clicks).catch(() => undefined);
        for (const batch of unsaved) settle(batch);
        unsaved.clear();
      }
      await queue.close();
    },
  };
}

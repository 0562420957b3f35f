import type { BaseAdapter } from '@bull-board/api/baseAdapter';

/** How many jobs one BullMQ queue holds in each state, and whether it is paused. */
export interface QueueCounts {
  name: string;
  waiting: number;
  active: number;
  delayed: number;
  prioritized: number;
  failed: number;
  completed: number;
  paused: boolean;
}

/**
 * Every BullMQ queue of the platform (clicks, notifications, their WhatsApp relay, settlement),
 * built by cli/services/queues.services.ts: api/ never imports bullmq. The queues are made on
 * first use, so an app that nobody asks about queues holds none.
 */
export interface QueuesApi {
  /** Bull Board's adapter of each queue, for the board at /admin/queues. */
  boardAdapters(): readonly BaseAdapter[];
  counts(): Promise<QueueCounts[]>;
  close(): Promise<void>;
}

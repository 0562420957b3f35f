import { Queue } from 'bullmq';
import type { RedisClient } from './connection.ts';
import type { QueueBacklog, QueueDepth } from '../core/reports/stats.ports.ts';
import { withTimeout } from '../core/shared/with-timeout.ts';
import { CLICKS_QUEUE } from './clicks.queue.ts';
import { channelSendQueueName, NOTIFICATIONS_QUEUE } from './notifications.queue.ts';

/** The queues whose backlog the dashboard watches: clicks, notifications, and WhatsApp's relayed sends. */
export const WATCHED_QUEUES = [CLICKS_QUEUE, NOTIFICATIONS_QUEUE, channelSendQueueName('whatsapp')] as const;

/**
 * Core's `QueueBacklog` on BullMQ's own counts (waiting and prioritized jobs count as waiting;
 * delayed ones include retries in their backoff). The queues are opened on the shared
 * connection at the first read and never close it.
 */
export function queueBacklog(options: { connection: RedisClient; prefix: string; queues?: readonly string[]; timeoutMs?: number }): QueueBacklog {
  let queues: Queue[] | undefined;
  const timeoutMs = options.timeoutMs ?? 2000;
  return {
    async read(): Promise<QueueDepth[]> {
      // The shared connection waits through a Redis outage; the dashboard should say so instead.
      return withTimeout(counts(), timeoutMs, 'queue counts');
    },
  };

  function counts(): Promise<QueueDepth[]> {
    queues ??= (options.queues ?? WATCHED_QUEUES).map((name) => {
      const queue = new Queue(name, { connection: options.connection, prefix: options.prefix });
      // An unhandled 'error' would end the process; a failed read reaches the caller instead.
      queue.on('error', () => undefined);
      return queue;
    });
    return Promise.all(queues.map(async (queue) => {
      const counts = await queue.getJobCounts('waiting', 'prioritized', 'delayed');
      return { queue: queue.name, waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0), delayed: counts.delayed ?? 0 };
    }));
  }
}

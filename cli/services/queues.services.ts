import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { Queue } from 'bullmq';
import type { QueuesApi } from '../../api/services/queues.ts';
import { CLICKS_QUEUE } from '../../queue/clicks.queue.ts';
import { channelSendQueueName, NOTIFICATIONS_QUEUE } from '../../queue/notifications.queue.ts';
import { SETTLEMENT_QUEUE } from '../../queue/settlement.worker.ts';
import type { ServiceInfrastructure } from '../app-services.ts';

/** Every queue the roles of queue/ produce to or consume, in the order the board lists them. */
export const PLATFORM_QUEUES = [CLICKS_QUEUE, NOTIFICATIONS_QUEUE, channelSendQueueName('whatsapp'), SETTLEMENT_QUEUE] as const;

/** The queues on the shared connection (BullMQ reuses a connection it is given; no blocking reads here). */
export function buildQueuesApi({ redis, redisPrefix }: Pick<ServiceInfrastructure, 'redis' | 'redisPrefix'>): QueuesApi {
  let queues: Queue[] | undefined;
  let adapters: BullMQAdapter[] | undefined;
  const open = () => (queues ??= PLATFORM_QUEUES.map((name) => new Queue(name, { connection: redis, prefix: redisPrefix })));
  return {
    boardAdapters: () => (adapters ??= open().map((queue) => new BullMQAdapter(queue))),
    async counts() {
      return Promise.all(open().map(async (queue) => {
        const [counts, paused] = await Promise.all([
          queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'failed', 'completed'),
          queue.isPaused(),
        ]);
        return {
          name: queue.name, waiting: counts.waiting ?? 0, active: counts.active ?? 0, delayed: counts.delayed ?? 0,
          prioritized: counts.prioritized ?? 0, failed: counts.failed ?? 0, completed: counts.completed ?? 0, paused,
        };
      }));
    },
    async close() {
      const open = queues ?? [];
      queues = undefined;
      adapters = undefined;
      await Promise.all(open.map((queue) => queue.close()));
    },
  };
}

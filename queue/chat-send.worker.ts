import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { RedisClient } from './connection.ts';
import type { Logger } from 'pino';
import { ChatRateLimitedError, ChatUnreachableError, type ChatSender, type RecipientStore } from '../core/notifications/chat-delivery.ts';
import type { ChatChannel } from '../core/influencers/influencer-accounts.service.ts';
import { channelSendQueueName, SEND_JOB, type SendJobData } from './notifications.queue.ts';
import { logRepeatedErrors } from './error-log.ts';

export interface ChatSendWorkerOptions {
  /** A connection with `maxRetriesPerRequest: null`. */
  connection: RedisClient;
  prefix: string;
  channel: ChatChannel;
  /** The channel's sender in this process; it paces the sends itself (WhatsApp's outbox). */
  sender: ChatSender;
  recipients: Pick<RecipientStore, 'deactivateIdentity'>;
  logger: Logger;
  /** Sends waiting in the sender at once. Default 20: enough to keep its queue fed, few enough to stay light. */
  concurrency?: number;
}

export interface ChatSendWorker {
  /** Takes jobs only while the channel can send: started when it is ready, paused while it is not. */
  setActive(active: boolean): void;
  close(): Promise<void>;
}

/**
 * Consumes the relayed `notifications.send` jobs of one channel in the role where its client
 * lives (the bots role for WhatsApp). The sender decides the pace; a chat that can never be
 * reached marks the identity inactive and fails the job for good; anything else is retried
 * with the notifications' backoff. Created idle: `setActive(true)` once the channel is ready.
 */
export function startChatSendWorker(options: ChatSendWorkerOptions): ChatSendWorker {
  const { sender, recipients, logger, channel } = options;
  const worker = new Worker<SendJobData>(
    channelSendQueueName(channel),
    async (job: Job<SendJobData>) => {
      if (job.name !== SEND_JOB) throw new UnrecoverableError(`unknown job ${job.name} on the ${channel} send queue`);
      const { chatId, text, identityId, actions, language } = job.data;
      try {
        await sender.send(chatId, text, { deliveryId: job.id, ...(actions ? { actions, language } : {}) });
      } catch (error) {
        if (error instanceof ChatUnreachableError) {
          await recipients.deactivateIdentity(identityId);
          logger.info({ channel, identityId, reason: error.message }, 'chat unreachable; identity marked inactive');
          throw new UnrecoverableError(`chat unreachable: ${error.message}`);
        }
        if (error instanceof ChatRateLimitedError) {
          await worker.rateLimit(Math.max(1, error.retryAfterSeconds) * 1000);
          throw Worker.RateLimitError();
        }
        throw error;
      }
      return { sent: 1 };
    },
    { connection: options.connection, prefix: options.prefix, concurrency: options.concurrency ?? 20, autorun: false },
  );
  worker.on('failed', (job, err) => {
    if (err instanceof UnrecoverableError || err.name === 'UnrecoverableError') return;
    logger.warn({ err, channel, jobId: job?.id, attempt: job?.attemptsMade }, 'chat notification failed; retried with backoff');
  });
  logRepeatedErrors(worker, logger, 'chat send worker error', { channel });

  let running: Promise<void> | undefined;
  return {
    setActive(active) {
      if (active && !running) {
        running = worker.run().catch((err: unknown) => logger.error({ err, channel }, 'chat send worker stopped with an error'));
      } else if (active) {
        worker.resume();
      } else if (running) {
        // Jobs already waiting in the sender stay there until it can send again.
        void worker.pause(true);
      }
    },
    async close() {
      await worker.close();
      await running;
    },
  };
}

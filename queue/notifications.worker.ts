import { DelayedError, Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { RedisClient } from './connection.ts';
import type { Logger } from 'pino';
import { ChatRateLimitedError, ChatUnreachableError, type ChatSender, type RecipientStore } from '../core/notifications/chat-delivery.ts';
import { resolveLanguage } from '../core/i18n/languages.ts';
import { notificationActions, renderNotification } from '../core/i18n/notification-texts.ts';
import { notifiesInStanding } from '../core/notifications/notifications.ts';
import type { ChatChannel } from '../core/influencers/influencer-accounts.service.ts';
import {
  channelSendQueueName, NOTIFICATION_JOB_OPTIONS, NOTIFICATIONS_QUEUE, NOTIFY_JOB, SEND_JOB, type DeliverJobData, type SendJobData,
} from './notifications.queue.ts';
import { logRepeatedErrors } from './error-log.ts';

// Reserves a chat's next free moment, on Redis's clock so that every worker agrees: answers how
// long to wait for it (0 when the chat is free now) and moves the chat's next free moment on.
const RESERVE_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local nextFree = tonumber(redis.call('GET', KEYS[1]) or '0')
if nextFree < now then nextFree = now end
local after = nextFree + tonumber(ARGV[1])
redis.call('SET', KEYS[1], after, 'PX', after - now + 60000)
return nextFree - now
`;

// Right before sending: a reserved moment may come late (a busy worker), so the actual sends are
// spaced too. Answers how long to wait (0: go, and the send is recorded as the chat's last).
const CLAIM_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local interval = tonumber(ARGV[1])
local last = tonumber(redis.call('GET', KEYS[1]) or '0')
if now - last < interval then return interval - (now - last) end
redis.call('SET', KEYS[1], now, 'PX', interval + 60000)
return 0
`;

// Telegram said "retry after ms": nothing goes to the chat before then.
const HOLD_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local ms = tonumber(ARGV[1])
local interval = tonumber(ARGV[2])
local nextFree = tonumber(redis.call('GET', KEYS[1]) or '0')
if nextFree < now + ms then redis.call('SET', KEYS[1], now + ms, 'PX', ms + 60000) end
redis.call('SET', KEYS[2], now + ms - interval, 'PX', ms + 60000)
return 1
`;

export interface NotificationWorkerOptions {
  /** A connection with `maxRetriesPerRequest: null`; BullMQ duplicates it for blocking reads. */
  connection: RedisClient;
  /** A shared connection for the per-chat spacing keys. */
  redis: RedisClient;
  prefix: string;
  recipients: RecipientStore;
  /** One sender per channel this worker delivers to itself. */
  senders: Partial<Record<ChatChannel, ChatSender>>;
  /**
   * Channels delivered by another role: their sends go to the channel's own queue
   * (`channelSendQueueName`), consumed where the channel's client runs. Identities of a channel
   * neither sent nor relayed are skipped.
   */
  relayChannels?: readonly ChatChannel[];
  logger: Logger;
  /** The least time between two messages to one chat. Default 1000 ms (Telegram: about one per second per chat). */
  chatIntervalMs?: number;
  /** Messages per second over all chats. Default 30 (Telegram's overall limit). */
  perSecond?: number;
  concurrency?: number;
}

export interface NotificationWorker {
  readonly worker: Worker<DeliverJobData | SendJobData>;
  close(): Promise<void>;
}

/**
 * Delivers notifications. `notifications.deliver` renders the text in the influencer's
 * language and queues one `notifications.send` per active chat identity (on this queue for the
 * channels it sends itself, on the channel's own queue for relayed ones). A send reserves its
 * chat's next free moment and waits for it (the job is delayed, never blocking the worker; a
 * burst to one chat goes out in order, one per interval), stays under the overall rate (the
 * BullMQ limiter), waits out a 429's `retry_after` (the whole queue pauses), and stops for good
 * on a blocked bot or a vanished chat (the identity is marked inactive, the job fails without
 * retries).
 */
export function startNotificationWorker(options: NotificationWorkerOptions): NotificationWorker {
  const { redis, recipients, senders, logger } = options;
  const chatIntervalMs = options.chatIntervalMs ?? 1000;
  const spacingKey = (channel: string, chatId: string) => `${options.prefix}:notify:chat:${channel}:${chatId}`;
  const lastSentKey = (channel: string, chatId: string) => `${options.prefix}:notify:last:${channel}:${chatId}`;
  // Where a delivery fans out its sends: the same queue, through the shared connection.
  const sendQueue = new Queue<SendJobData>(NOTIFICATIONS_QUEUE, { connection: redis, prefix: options.prefix });
  logRepeatedErrors(sendQueue, logger, 'notification queue error');
  const relayQueues = new Map<ChatChannel, Queue<SendJobData>>();
  for (const channel of options.relayChannels ?? []) {
    if (senders[channel]) continue;
    const queue = new Queue<SendJobData>(channelSendQueueName(channel), { connection: redis, prefix: options.prefix });
    logRepeatedErrors(queue, logger, 'notification relay queue error', { channel });
    relayQueues.set(channel, queue);
  }

  const deliver = async (job: Job<DeliverJobData>) => {
    const { notification } = job.data;
    const recipient = await recipients.findRecipient(notification.influencerId);
    if (!recipient || !notifiesInStanding(notification, recipient.status)) return { sent: 0, reason: 'influencer not active' };
    const language = resolveLanguage(recipient.language);
    const text = renderNotification(notification, language);
    const actions = notificationActions(notification, language);
    const sends = recipient.identities.map((identity): SendJobData => ({
      influencerId: recipient.influencerId, identityId: identity.id, channel: identity.channel, chatId: identity.chatId, text,
      ...(actions.length > 0 ? { actions, language } : {}),
    }));
    const local = sends.filter((send) => senders[send.channel] !== undefined);
    await queueSends(job, sendQueue, local);
    let relayed = 0;
    for (const [channel, queue] of relayQueues) {
      const theirs = sends.filter((send) => send.channel === channel);
      await queueSends(job, queue, theirs);
      relayed += theirs.length;
    }
    return { chats: local.length + relayed, relayed };
  };

  const queueSends = async (job: Job<DeliverJobData>, queue: Queue<SendJobData>, sends: SendJobData[]) => {
    if (sends.length === 0) return;
    await queue.addBulk(sends.map((data) => ({
      name: SEND_JOB, data, opts: { ...NOTIFICATION_JOB_OPTIONS, jobId: `${job.id}-${data.identityId}` },
    })));
  };

  const send = async (job: Job<SendJobData>, token: string | undefined) => {
    const { channel, chatId, text, identityId, actions, language } = job.data;
    const sender = senders[channel];
    if (!sender) throw new UnrecoverableError(`no sender for the ${channel} channel in this worker`);
    const key = spacingKey(channel, chatId);
    // A job woken at the moment it reserved sends at once; a new attempt (after a failure) queues again.
    if (job.data.reservedAtAttempt !== job.attemptsMade) {
      const wait = Number(await redis.eval(RESERVE_SCRIPT, 1, key, String(chatIntervalMs)));
      if (wait > 0) {
        await job.updateData({ ...job.data, reservedAtAttempt: job.attemptsMade });
        await job.moveToDelayed(Date.now() + wait, token);
        throw new DelayedError();
      }
    }
    const late = Number(await redis.eval(CLAIM_SCRIPT, 1, lastSentKey(channel, chatId), String(chatIntervalMs)));
    if (late > 0) {
      await job.updateData({ ...job.data, reservedAtAttempt: job.attemptsMade });
      await job.moveToDelayed(Date.now() + late, token);
      throw new DelayedError();
    }
    try {
      await sender.send(chatId, text, actions ? { actions, language } : undefined);
    } catch (error) {
      if (error instanceof ChatRateLimitedError) {
        const ms = Math.max(1, error.retryAfterSeconds) * 1000;
        logger.warn({ channel, retryAfterSeconds: error.retryAfterSeconds }, 'chat channel asks to slow down; pausing notifications');
        await redis.eval(HOLD_SCRIPT, 2, key, lastSentKey(channel, chatId), String(ms), String(chatIntervalMs));
        await worker.rateLimit(ms);
        throw Worker.RateLimitError();
      }
      if (error instanceof ChatUnreachableError) {
        await recipients.deactivateIdentity(identityId);
        logger.info({ channel, identityId, reason: error.message }, 'chat unreachable; identity marked inactive');
        throw new UnrecoverableError(`chat unreachable: ${error.message}`);
      }
      throw error;
    }
    return { sent: 1 };
  };

  const worker = new Worker<DeliverJobData | SendJobData>(
    NOTIFICATIONS_QUEUE,
    async (job, token) => {
      if (job.name === NOTIFY_JOB) return deliver(job as Job<DeliverJobData>);
      if (job.name === SEND_JOB) return send(job as Job<SendJobData>, token);
      throw new UnrecoverableError(`unknown job ${job.name} on the ${NOTIFICATIONS_QUEUE} queue`);
    },
    {
      connection: options.connection,
      prefix: options.prefix,
      concurrency: options.concurrency ?? 10,
      limiter: { max: options.perSecond ?? 30, duration: 1000 },
    },
  );
  worker.on('failed', (job, err) => {
    if (err instanceof UnrecoverableError || err.name === 'UnrecoverableError') return;
    logger.warn({ err, jobId: job?.id, attempt: job?.attemptsMade }, 'notification failed; retried with backoff');
  });
  logRepeatedErrors(worker, logger, 'notification worker error');

  return {
    worker,
    async close() {
      await worker.close();
      await sendQueue.close();
      for (const queue of relayQueues.values()) await queue.close();
    },
  };
}

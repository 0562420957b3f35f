import { Queue, type JobsOptions } from 'bullmq';
import type { RedisClient } from './connection.ts';
import type { ChatChannel } from '../core/influencers/influencer-accounts.service.ts';
import type { ChatAction } from '../core/notifications/chat-delivery.ts';
import type { Language } from '../core/i18n/languages.ts';
import type { InfluencerNotification, Notifier } from '../core/notifications/notifications.ts';

export const NOTIFICATIONS_QUEUE = 'notifications';
/** One notification for one influencer: the worker renders it in their language and fans it out to their chats. */
export const NOTIFY_JOB = 'notifications.deliver';
/** One text to one chat, spaced per chat and limited overall. */
export const SEND_JOB = 'notifications.send';

/**
 * The queue of `notifications.send` jobs for a channel whose client lives in another role
 * (WhatsApp Web runs in the bots role, next to its browser): the notifications worker relays
 * those sends there, and the bots role consumes them (queue/chat-send.worker.ts).
 */
export function channelSendQueueName(channel: ChatChannel): string {
  return `${NOTIFICATIONS_QUEUE}-${channel}`;
}

export interface DeliverJobData {
  notification: InfluencerNotification;
}

export interface SendJobData {
  influencerId: string;
  identityId: string;
  channel: ChatChannel;
  chatId: string;
  text: string;
  /** One-tap answers under the text (a deal alert's "make my link"), and the language their words are shown in. */
  actions?: ChatAction[];
  language?: Language;
  /** Set by the worker: the attempt that holds a reserved moment in the chat's turn. */
  reservedAtAttempt?: number;
}

/**
 * Retried for about half an hour with backoff (a Telegram outage); finished jobs are kept a day
 * so that the same event notified twice within it is recognised by its job id and sent once.
 */
export const NOTIFICATION_JOB_OPTIONS = {
  attempts: 10,
  backoff: { type: 'exponential', delay: 2000 },
  removeOnComplete: { age: 24 * 3600, count: 100_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
} as const satisfies JobsOptions;

/** The event's identity, so that announcing it twice (a retried settlement batch) sends it once. */
export function notificationJobId(n: InfluencerNotification): string {
  switch (n.kind) {
    case 'sale_pending':
    case 'commission_approved':
    case 'commission_reversed':
      return `${n.kind}-${n.commissionId}${n.kind === 'commission_reversed' ? `-${n.amount}` : ''}`;
    case 'payout_paid':
      return `${n.kind}-${n.payoutId}`;
    case 'tier_changed':
      return `${n.kind}-${n.influencerId}-${n.fromTier ?? 'none'}-${n.toTier}-${new Date().toISOString().slice(0, 10)}`;
    case 'account_approved':
    case 'account_suspended':
    case 'account_reinstated':
      // Each change of standing is told once; a suspension lifted and imposed again is a new event.
      return `${n.kind}-${n.influencerId}-${Date.parse(n.at)}`;
    case 'membership_approved':
    case 'membership_rejected':
      // A request is approved at most once and rejected at most once (core/catalog/join-requests.service.ts).
      return `${n.kind}-${n.influencerId}-${n.brandId}`;
    case 'autopost_stopped':
      // A chat is stopped once until it is started again (core/autopost): each stop is told once.
      return `${n.kind}-${n.chatId}-${Date.parse(n.at)}`;
    case 'deal_alerts':
      // An event reaches a follower once (deal_alert_deliveries' key), so its first event names the alert.
      return `${n.kind}-${n.influencerId}-${n.items.reduce((min, i) => (BigInt(i.eventId) < BigInt(min) ? i.eventId : min), n.items[0]?.eventId ?? '0')}`;
  }
}

export interface NotificationQueue {
  /** The core `Notifier` port: resolves once the notifications are queued in Redis. */
  readonly notifier: Notifier;
  readonly queue: Queue<DeliverJobData | SendJobData>;
  close(): Promise<void>;
}

/** The producer side of notifications: core services call `notifier.notify`, the worker delivers. */
export function createNotificationQueue(options: { connection: RedisClient; prefix: string }): NotificationQueue {
  const queue = new Queue<DeliverJobData | SendJobData>(NOTIFICATIONS_QUEUE, { connection: options.connection, prefix: options.prefix });
  // An unhandled 'error' would end the process; a failed `notify` reaches its caller instead.
  queue.on('error', () => undefined);
  return {
    queue,
    notifier: {
      async notify(notifications) {
        if (notifications.length === 0) return;
        await queue.addBulk(notifications.map((notification) => ({
          name: NOTIFY_JOB,
          data: { notification },
          opts: { ...NOTIFICATION_JOB_OPTIONS, jobId: notificationJobId(notification) },
        })));
      },
    },
    close: () => queue.close(),
  };
}

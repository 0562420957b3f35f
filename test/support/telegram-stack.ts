import { pino } from 'pino';
import type { Redis } from 'ioredis';
import { createChannelMedia } from '../../api/media/channel-media.ts';
import { createRedisSessionStore, type BotEngine } from '../../bots/engine/index.ts';
import { createRedisSendPacer, type TelegramSendLimits } from '../../bots/telegram/send-pacer.ts';
import { createTelegramBot, startTelegramPolling, type RunningTelegramBot } from '../../bots/telegram/telegram-bot.ts';
import { createTelegramSender } from '../../bots/telegram/telegram-sender.ts';
import { buildBotEngine } from '../../cli/bot-wiring.ts';
import { systemClock } from '../../core/shared/clock.ts';
import { silentNotifier } from '../../core/notifications/notifications.ts';
import { recipientStore } from '../../db/bot-accounts.repository.ts';
import { startClickWorker, type ClickWorker } from '../../queue/clicks.worker.ts';
import { createRedis } from '../../queue/connection.ts';
import { createNotificationQueue, type NotificationQueue } from '../../queue/notifications.queue.ts';
import { startNotificationWorker, type NotificationWorker } from '../../queue/notifications.worker.ts';
import { factories } from '../factories/index.ts';
import { createTestApp, TEST_PUBLIC_URL, type TestApp } from './app.ts';
import { deleteRedisPrefix, TEST_REDIS_URL, uniqueRedisPrefix } from './redis.ts';
import { BotApiEmulator } from './telegram-bot-api.ts';

/**
 * Everything between a Telegram user and a sale notification, in one process: the Bot API
 * emulator, the HTTP app (redirect and postbacks) whose notifier is the real notifications
 * queue, the command engine behind a polling telegraf bot, the click worker and the
 * notifications worker sending through the emulator.
 */
export interface TelegramStack {
  readonly emulator: BotApiEmulator;
  readonly app: TestApp;
  readonly engine: BotEngine;
  readonly make: ReturnType<typeof factories>;
  readonly notifications: NotificationQueue;
  close(): Promise<void>;
}

/** Telegram's limits made quick for tests (a second per chat would slow every journey); the pacing test uses the real ones. */
const QUICK_SEND_LIMITS: TelegramSendLimits = { chatGapMs: 50, groupMax: 20, groupWindowMs: 60_000, tokenGapMs: 1 };

export async function createTelegramStack(options: { chatIntervalMs?: number; sendLimits?: TelegramSendLimits } = {}): Promise<TelegramStack> {
  const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const emulator = await BotApiEmulator.start();
  const connections: Redis[] = [];
  const redis = () => {
    const connection = createRedis(TEST_REDIS_URL);
    connections.push(connection);
    return connection;
  };
  const notificationPrefix = uniqueRedisPrefix();
  const shared = redis();
  const notifications = createNotificationQueue({ connection: shared, prefix: notificationPrefix });
  const app = await createTestApp({ notifier: notifications.notifier });
  const engine = buildBotEngine({
    db: app.database.db, redis: app.redis, redisPrefix: app.prefix, publicUrl: TEST_PUBLIC_URL, clock: systemClock, logger, notifier: silentNotifier,
    media: createChannelMedia({ imageFetch: { allowPrivateNetwork: true } }),
  });
  // Replies and notifications wait in one pacer, as the bots and worker roles do.
  const pacer = createRedisSendPacer({ redis: app.redis, prefix: app.prefix, token: emulator.token, limits: options.sendLimits ?? QUICK_SEND_LIMITS });
  const bot = createTelegramBot({ token: emulator.token, apiRoot: emulator.apiRoot, engine, logger, pacer, sessions: createRedisSessionStore(app.redis, app.prefix) });
  let polling: RunningTelegramBot | undefined;
  let clickWorker: ClickWorker | undefined;
  let notificationWorker: NotificationWorker | undefined;
  try {
    polling = await startTelegramPolling(bot, logger);
    clickWorker = await startClickWorker({ connection: redis(), prefix: app.prefix, db: app.database.db, logger });
    notificationWorker = startNotificationWorker({
      connection: redis(), redis: shared, prefix: notificationPrefix, recipients: recipientStore(app.database.db),
      senders: { telegram: createTelegramSender({ token: emulator.token, apiRoot: emulator.apiRoot, pacer }) },
      logger, chatIntervalMs: options.chatIntervalMs ?? 100,
    });
  } catch (error) {
    await polling?.stop();
    await clickWorker?.close();
    throw error;
  }
  return {
    emulator, app, engine, notifications,
    make: factories(app.database.db, app.deps.secretBox),
    async close() {
      // The bot first: an idle poller must not outlive the emulator.
      await polling?.stop();
      await notificationWorker?.close();
      await clickWorker?.close();
      await notifications.close();
      await app.close();
      await emulator.close();
      await deleteRedisPrefix(notificationPrefix);
      for (const connection of connections) connection.disconnect();
    },
  };
}

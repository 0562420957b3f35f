import { pino } from 'pino';
import type { Redis } from 'ioredis';
import type { Context, Telegraf } from 'telegraf';
import type { BotEngine } from '../../bots/engine/index.ts';
import { createAutopostPublisher } from '../../bots/telegram/autopost-publisher.ts';
import { createRedisSendPacer } from '../../bots/telegram/send-pacer.ts';
import { createTelegramBot, settleTelegramUpdates, startTelegramPolling, type RunningTelegramBot } from '../../bots/telegram/telegram-bot.ts';
import { createTelegramSender } from '../../bots/telegram/telegram-sender.ts';
import { buildBotEngine } from '../../cli/bot-wiring.ts';
import type { AutopostRunDeps } from '../../core/autopost/autopost-runner.service.ts';
import { runAutopost } from '../../core/autopost/autopost-runner.service.ts';
import { createSecretBox } from '../../core/shared/secret-box.ts';
import { recipientStore } from '../../db/bot-accounts.repository.ts';
import { autopostRunDeps } from '../../queue/autopost.worker.ts';
import { createRedis } from '../../queue/connection.ts';
import { createNotificationQueue, type NotificationQueue } from '../../queue/notifications.queue.ts';
import { startNotificationWorker, type NotificationWorker } from '../../queue/notifications.worker.ts';
import { factories } from '../factories/index.ts';
import { manualClock, type ManualClock } from './manual-clock.ts';
import { createTestDatabase, type TestDatabase } from './postgres.ts';
import { deleteRedisPrefix, TEST_REDIS_URL, uniqueRedisPrefix } from './redis.ts';
import { BotApiEmulator, type TelegramUser } from './telegram-bot-api.ts';

export const AUTOPOST_PUBLIC_URL = 'https://dc.test';

/**
 * Autopost end to end on a clock the test moves: the Bot API emulator, a polling bot whose
 * engine records chats, the notifications worker telling influencers (through the emulator),
 * and runs of the autopost job (as the worker's scheduler would start them) posting through the
 * same send pacer.
 */
export interface AutopostStack {
  readonly emulator: BotApiEmulator;
  readonly database: TestDatabase;
  readonly engine: BotEngine;
  readonly clock: ManualClock;
  readonly make: ReturnType<typeof factories>;
  readonly notifications: NotificationQueue;
  /** The deps of one worker's run; each call builds another worker's. */
  runDeps(): AutopostRunDeps;
  /** Moves the clock to `at` and runs the job once. */
  runAt(at: string): Promise<Awaited<ReturnType<typeof runAutopost>>>;
  /** Registers a Telegram user (through the engine, as their private chat would) and returns the influencer's id. */
  register(user: TelegramUser, country: string): Promise<string>;
  /** Waits until the bot took and answered every update pushed so far. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

export async function createAutopostStack(start = new Date('2026-12-07T07:30:00Z')): Promise<AutopostStack> {
  const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const clock = manualClock(start);
  const database = await createTestDatabase();
  const prefix = uniqueRedisPrefix();
  const connections: Redis[] = [];
  const redis = () => {
    const connection = createRedis(TEST_REDIS_URL);
    connections.push(connection);
    return connection;
  };
  const shared = redis();
  const emulator = await BotApiEmulator.start();
  const notifications = createNotificationQueue({ connection: shared, prefix });
  const engine = buildBotEngine({
    db: database.db, redis: shared, redisPrefix: prefix, publicUrl: AUTOPOST_PUBLIC_URL, clock, logger, notifier: notifications.notifier,
    rateLimit: { max: 1000, windowMs: 60_000 },
  });
  const pacer = createRedisSendPacer({ redis: shared, prefix, token: emulator.token, limits: { chatGapMs: 20, groupMax: 20, groupWindowMs: 60_000, tokenGapMs: 1 } });
  const bot: Telegraf<Context> = createTelegramBot({ token: emulator.token, apiRoot: emulator.apiRoot, engine, logger, pacer });
  let polling: RunningTelegramBot | undefined;
  let worker: NotificationWorker | undefined;
  polling = await startTelegramPolling(bot, logger);
  worker = startNotificationWorker({
    connection: redis(), redis: shared, prefix, recipients: recipientStore(database.db),
    senders: { telegram: createTelegramSender({ token: emulator.token, apiRoot: emulator.apiRoot, pacer }) }, logger, chatIntervalMs: 20,
  });
  const publisher = createAutopostPublisher({ token: emulator.token, apiRoot: emulator.apiRoot, pacer });
  const runDeps = () => autopostRunDeps({ db: database.db, logger, publisher, notifier: notifications.notifier, publicUrl: AUTOPOST_PUBLIC_URL, clock });

  const say = (user: TelegramUser, text: string) => engine.handle({
    channel: 'telegram', senderId: String(user.id), chatId: String(user.id), chatType: 'private', text, languageHint: user.language_code, botUsername: 'dealcast_test_bot',
  });

  return {
    emulator, database, engine, clock, notifications, runDeps,
    make: factories(database.db, createSecretBox('test-secret-key-test-secret-key-0000')),
    async runAt(at) {
      clock.set(new Date(at));
      return runAutopost(runDeps());
    },
    async register(user, country) {
      await say(user, '/start');
      await say(user, user.first_name);
      await say(user, country);
      await say(user, '/accept');
      const identity = await database.db.selectFrom('influencer_identities').select('influencer_id')
        .where('channel', '=', 'telegram').where('external_id', '=', String(user.id)).executeTakeFirstOrThrow();
      return identity.influencer_id;
    },
    async settle() {
      await emulator.waitDelivered();
      await settleTelegramUpdates(bot);
    },
    async close() {
      await polling?.stop();
      polling = undefined;
      await worker?.close();
      worker = undefined;
      await notifications.close();
      await emulator.close();
      await deleteRedisPrefix(prefix);
      for (const connection of connections) connection.disconnect();
      await database.close();
    },
  };
}

import { pino } from 'pino';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTelegramSender } from '../../bots/telegram/telegram-sender.ts';
import { buildBotEngine } from '../../cli/bot-wiring.ts';
import { systemClock } from '../../core/shared/clock.ts';
import { renderNotification } from '../../core/i18n/notification-texts.ts';
import { silentNotifier, type InfluencerNotification } from '../../core/notifications/notifications.ts';
import { createSecretBox } from '../../core/shared/secret-box.ts';
import { recipientStore } from '../../db/bot-accounts.repository.ts';
import { createRedis } from '../../queue/connection.ts';
import { createNotificationQueue, type NotificationQueue } from '../../queue/notifications.queue.ts';
import { startNotificationWorker, type NotificationWorker } from '../../queue/notifications.worker.ts';
import { factories } from '../factories/index.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';
import { deleteRedisPrefix, TEST_REDIS_URL, uniqueRedisPrefix } from '../support/redis.ts';
import { BotApiEmulator, textOf } from '../support/telegram-bot-api.ts';

const CHAT_INTERVAL_MS = 400;
/** Sends are spaced when they leave; arrivals here may jitter by a few HTTP round trips on a busy machine. */
const ARRIVAL_JITTER_MS = 100;

let database: TestDatabase;
let redis: Redis;
let workerConnection: Redis;
let prefix: string;
let emulator: BotApiEmulator;
let queue: NotificationQueue;
let worker: NotificationWorker;
let make: ReturnType<typeof factories>;
let nextChat = 8_800_000;
let nextCommission = 1;

beforeAll(async () => {
  database = await createTestDatabase();
  redis = createRedis(TEST_REDIS_URL);
  workerConnection = createRedis(TEST_REDIS_URL);
  prefix = uniqueRedisPrefix();
  emulator = await BotApiEmulator.start();
  make = factories(database.db, createSecretBox('test-secret-key-test-secret-key-0000'));
  queue = createNotificationQueue({ connection: redis, prefix });
  worker = startNotificationWorker({
    connection: workerConnection, redis, prefix, recipients: recipientStore(database.db),
    senders: { telegram: createTelegramSender({ token: emulator.token, apiRoot: emulator.apiRoot }) },
    logger: pino({ level: 'silent' }), chatIntervalMs: CHAT_INTERVAL_MS,
  });
});
afterAll(async () => {
  await worker?.close();
  await queue?.close();
  await emulator?.close();
  await deleteRedisPrefix(prefix);
  redis?.disconnect();
  workerConnection?.disconnect();
  await database?.close();
});

/** An influencer with a Telegram identity; returns the ids and the chat. */
async function influencerOnTelegram(language: string) {
  const influencer = await make.influencer({ language });
  const chatId = String(nextChat++);
  const identity = await database.db.insertInto('influencer_identities')
    .values({ influencer_id: influencer.id, channel: 'telegram', external_id: chatId, chat_id: chatId }).returning('id').executeTakeFirstOrThrow();
  return { influencerId: influencer.id, identityId: identity.id, chatId };
}

const sale = (influencerId: string, amount: number): InfluencerNotification => ({
  kind: 'sale_pending', influencerId, commissionId: String(nextCommission++), amount, currency: 'EUR', productTitle: 'Desk lamp',
});

describe('the notifications worker', () => {
  it('delivers in the influencer’s language, once per event, at most one message per interval to a chat', async () => {
    const { influencerId, chatId } = await influencerOnTelegram('ru');
    const burst = [sale(influencerId, 100), sale(influencerId, 200), sale(influencerId, 300), sale(influencerId, 400)];
    await queue.notifier.notify(burst);
    await queue.notifier.notify([burst[0]!]); // the same event again: sent once
    const messages = await emulator.waitForMessages(chatId, 4);
    expect(messages.map(textOf).sort()).toEqual(burst.map((n) => renderNotification(n, 'ru')).sort());
    expect(textOf(messages[0]!)).toMatch(/^🎉 Новая продажа: Desk lamp! Твоя комиссия \d,00\s€/);
    const gaps = messages.slice(1).map((m, i) => m.at - messages[i]!.at);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(CHAT_INTERVAL_MS - ARRIVAL_JITTER_MS);
    // Nothing more arrives for the repeated event once the queue is empty.
    await expect.poll(async () => (await queue.queue.getJobCounts('waiting', 'delayed', 'active')), { timeout: 10_000 })
      .toEqual({ waiting: 0, delayed: 0, active: 0 });
    expect(emulator.messagesTo(chatId)).toHaveLength(4);
  });

  it('waits out Telegram’s 429 retry_after before sending again', async () => {
    const { influencerId, chatId } = await influencerOnTelegram('fr');
    emulator.failNext('sendMessage', { error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } }, { chatId });
    await queue.notifier.notify([sale(influencerId, 1543)]);
    const [delivered] = await emulator.waitForMessages(chatId, 1);
    expect(textOf(delivered!)).toMatch(/Nouvelle vente : Desk lamp ! Ta commission de 15,43\s€/);
    const attempts = emulator.attemptsTo(chatId);
    expect(attempts.map((a) => a.ok)).toEqual([false, true]);
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(1000 - 50);
  });

  it('stops for good when the person blocked the bot: the identity becomes inactive, no retries', async () => {
    const { influencerId, identityId, chatId } = await influencerOnTelegram('es');
    emulator.failNext('sendMessage', { error_code: 403, description: 'Forbidden: bot was blocked by the user' }, { chatId });
    await queue.notifier.notify([sale(influencerId, 999)]);
    await expect.poll(async () => (await database.db.selectFrom('influencer_identities').select('active').where('id', '=', identityId).executeTakeFirstOrThrow()).active, { timeout: 15_000 }).toBe(false);
    const failed = await queue.queue.getJobs(['failed']);
    const send = failed.find((job) => job.name === 'notifications.send' && (job.data as { chatId?: string }).chatId === chatId);
    expect(send?.attemptsMade).toBe(1);
    expect(emulator.attemptsTo(chatId)).toHaveLength(1);

    // Later notifications skip the blocked chat; writing to the bot again makes it reachable again.
    await queue.notifier.notify([sale(influencerId, 111)]);
    const engine = buildBotEngine({
      db: database.db, redis, redisPrefix: prefix, publicUrl: 'https://dc.test', clock: systemClock, logger: pino({ level: 'silent' }), notifier: silentNotifier,
    });
    await expect.poll(async () => (await queue.queue.getJobCounts('waiting', 'delayed', 'active')), { timeout: 10_000 })
      .toEqual({ waiting: 0, delayed: 0, active: 0 });
    expect(emulator.attemptsTo(chatId)).toHaveLength(1);
    await engine.handle({ channel: 'telegram', senderId: chatId, chatId, chatType: 'private', text: '/help' });
    expect((await database.db.selectFrom('influencer_identities').select('active').where('id', '=', identityId).executeTakeFirstOrThrow()).active).toBe(true);
    await queue.notifier.notify([sale(influencerId, 222)]);
    const [back] = await emulator.waitForMessages(chatId, 1);
    expect(textOf(back!)).toMatch(/Nueva venta: Desk lamp.*2,22\s€/);
  });
});

import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PacedTelegram } from '../../../bots/telegram/paced-telegram.ts';
import { sendReplies } from '../../../bots/telegram/render.ts';
import { createRedisSendPacer, TELEGRAM_SEND_LIMITS } from '../../../bots/telegram/send-pacer.ts';
import { createTelegramSender } from '../../../bots/telegram/telegram-sender.ts';
import { createRedis } from '../../../queue/connection.ts';
import { deleteRedisPrefix, TEST_REDIS_URL, uniqueRedisPrefix } from '../../support/redis.ts';
import { BotApiEmulator, textOf, type BotApiCall } from '../../support/telegram-bot-api.ts';
import { virtualTimers, type VirtualTimers } from '../../support/virtual-timers.ts';

const GROUP = -1_001_500_000;
const PRIVATE_CHATS = Array.from({ length: 50 }, (_, i) => 6_600_000 + i);
/** The chat whose first message Telegram refuses with a 429. */
const REFUSED_CHAT = PRIVATE_CHATS[7]!;
const RETRY_AFTER_S = 3;

let timers: VirtualTimers;
let emulator: BotApiEmulator;
let botsRedis: Redis;
let workerRedis: Redis;
let prefix: string;

beforeAll(async () => {
  timers = virtualTimers({ auto: false });
  emulator = await BotApiEmulator.start(undefined, { now: () => timers.now() });
  // Two connections for two roles: the bots role's replies and the worker role's notifications share Redis only.
  botsRedis = createRedis(TEST_REDIS_URL);
  workerRedis = createRedis(TEST_REDIS_URL);
  prefix = uniqueRedisPrefix();
});
afterAll(async () => {
  await emulator?.close();
  await deleteRedisPrefix(prefix);
  botsRedis?.disconnect();
  workerRedis?.disconnect();
});

/**
 * Runs the senders on the virtual clock: whenever every unfinished one sleeps (waiting for its
 * turn), the clock jumps to the earliest wake-up. Waiting for that state is waiting for real
 * I/O (Redis, HTTP) to finish, never for time to pass.
 */
async function runOnVirtualClock(tasks: Promise<unknown>[]): Promise<void> {
  let finished = 0;
  const errors: unknown[] = [];
  for (const task of tasks) task.then(() => { finished++; }, (error: unknown) => { finished++; errors.push(error); });
  while (finished < tasks.length) {
    while (finished + timers.pending().length < tasks.length) await new Promise((resolve) => setTimeout(resolve, 2));
    if (finished === tasks.length) break;
    await timers.advance(Math.max(0, timers.pending()[0]! - timers.now()));
  }
  expect(errors).toEqual([]);
}

/** The most messages any window of `windowMs` holds (the windows start at each message). */
function busiestWindow(calls: BotApiCall[], windowMs: number): number {
  const at = calls.map((c) => c.at).sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < at.length; i++) {
    while (at[j]! < at[i]! - windowMs + 1) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

describe('one send pacer for replies and notifications', () => {
  it('keeps Telegram’s limits under a burst of 200 to a group and 50 chats, drops nothing and keeps each sender’s order', async () => {
    const replies = new PacedTelegram(emulator.token, { apiRoot: emulator.apiRoot }, {
      pacer: createRedisSendPacer({ redis: botsRedis, prefix, token: emulator.token, timers }),
    });
    const notifications = createTelegramSender({
      token: emulator.token, apiRoot: emulator.apiRoot, pacer: createRedisSendPacer({ redis: workerRedis, prefix, token: emulator.token, timers }),
    });
    emulator.failNext('sendMessage', { error_code: 429, description: `Too Many Requests: retry after ${RETRY_AFTER_S}`, parameters: { retry_after: RETRY_AFTER_S } }, { chatId: REFUSED_CHAT });

    // Each producer sends in order, as one person's turns or one chat's notifications do.
    const producers: { chatId: number; texts: string[]; send(): Promise<void> }[] = [];
    const answer = (chatId: number, name: string, turns: number) => {
      const texts = Array.from({ length: turns * 2 }, (_, i) => `${name} turn ${Math.floor(i / 2)} part ${i % 2}`);
      producers.push({
        chatId, texts,
        async send() {
          for (let turn = 0; turn < turns; turn++) {
            await sendReplies(replies, chatId, texts.slice(turn * 2, turn * 2 + 2).map((text) => ({ kind: 'text', text })));
          }
        },
      });
    };
    const notify = (chatId: number, count: number) => {
      const texts = Array.from({ length: count }, (_, i) => `notification ${i} to ${chatId}`);
      producers.push({ chatId, texts, async send() { for (const text of texts) await notifications.send(String(chatId), text); } });
    };
    for (const member of ['ola', 'kuba', 'ania', 'piotr']) answer(GROUP, `${member} in the group`, 5);
    PRIVATE_CHATS.forEach((chatId, i) => {
      answer(chatId, `reply to ${chatId}`, 1);
      notify(chatId, i < 10 ? 2 : 1);
    });
    const expected = producers.flatMap((p) => p.texts);
    expect(expected).toHaveLength(200);

    await runOnVirtualClock(producers.map((p) => p.send()));

    const delivered = emulator.calls.filter((c) => c.ok && c.method === 'sendMessage');
    // Nothing dropped, nothing twice.
    expect(delivered.map(textOf).sort()).toEqual([...expected].sort());
    // Each sender's messages in the order it sent them.
    for (const producer of producers) {
      const mine = new Set(producer.texts);
      expect(emulator.messagesTo(producer.chatId).map(textOf).filter((t) => mine.has(t))).toEqual(producer.texts);
    }
    // Telegram's limits, counting refused attempts too: 1 a second per chat, 20 a minute per group, 30 a second per token.
    const attempts = emulator.calls.filter((c) => c.method === 'sendMessage');
    for (const chatId of [GROUP, ...PRIVATE_CHATS]) expect(busiestWindow(emulator.attemptsTo(chatId), 1000), `chat ${chatId}`).toBe(1);
    expect(busiestWindow(emulator.attemptsTo(GROUP), 60_000)).toBe(TELEGRAM_SEND_LIMITS.groupMax);
    expect(busiestWindow(attempts, 1000)).toBeLessThanOrEqual(30);
    // The refused chat heard nothing until retry_after had passed, then got everything.
    const [refused, ...after] = emulator.attemptsTo(REFUSED_CHAT);
    expect(refused!.ok).toBe(false);
    expect(after.every((c) => c.ok)).toBe(true);
    expect(after[0]!.at - refused!.at).toBeGreaterThanOrEqual(RETRY_AFTER_S * 1000);
    // Paced, not serialised: the 50 private chats were served within a few seconds while the group waited out its minute.
    const lastPrivate = Math.max(...delivered.filter((c) => Number(c.payload.chat_id) > 0).map((c) => c.at));
    expect(lastPrivate - delivered[0]!.at).toBeLessThan(10_000);
  });
});

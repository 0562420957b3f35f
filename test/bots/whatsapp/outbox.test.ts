import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendWithClient, showTyping, type OutgoingMessage } from '../../../bots/whatsapp/whatsapp-client.ts';
import { createWhatsAppOutbox, OutboxClosedError, outboxChatSender, typingTimeMs, type OutboxSettings } from '../../../bots/whatsapp/whatsapp-outbox.ts';
import { createRedisOutboxStore } from '../../../bots/whatsapp/whatsapp-outbox.store.ts';
import { renderNotification } from '../../../core/i18n/notification-texts.ts';
import type { InfluencerNotification } from '../../../core/notifications/notifications.ts';
import { FakeWhatsAppNetwork, type SentWhatsAppMessage } from '../../support/fake-whatsapp.ts';
import { deleteRedisPrefix, testRedisConnections, uniqueRedisPrefix } from '../../support/redis.ts';
import { virtualTimers, type VirtualTimers } from '../../support/virtual-timers.ts';
import { createWhatsAppStack, seededRandom, TEST_OUTBOX, type WhatsAppStack } from '../../support/whatsapp-stack.ts';

/** Consecutive pairs of messages to each chat. */
function pairsPerChat(sent: SentWhatsAppMessage[]): [SentWhatsAppMessage, SentWhatsAppMessage][] {
  const byChat = new Map<string, SentWhatsAppMessage[]>();
  for (const m of sent) byChat.set(m.chatId, [...(byChat.get(m.chatId) ?? []), m]);
  return [...byChat.values()].flatMap((list) => list.slice(1).map((m, i): [SentWhatsAppMessage, SentWhatsAppMessage] => [list[i]!, m]));
}

const typingOf = (m: SentWhatsAppMessage, settings: OutboxSettings) => typingTimeMs({ text: m.text }, settings);

/** The rules a person (and WhatsApp's spam checks) would notice, whatever the mix of chats. */
function expectHumanPace(network: FakeWhatsAppNetwork, settings: OutboxSettings) {
  expect(network.maxInFlightPerChat).toBe(1);
  expect(network.maxInFlight).toBe(1);
  const all = [...network.sent].sort((a, b) => a.at - b.at);
  for (let i = 1; i < all.length; i++) expect(all[i]!.at - all[i - 1]!.at).toBeGreaterThanOrEqual(60_000 / settings.ratePerMinute);
  for (const [before, after] of pairsPerChat(network.sent)) {
    expect(after.at - before.at).toBeGreaterThanOrEqual(settings.minDelayMs + typingOf(after, settings));
  }
  for (const m of network.sent) {
    // "typing…" showed in the chat during the message's typing time, right before it.
    const typed = network.typing.filter((t) => t.chatId === m.chatId && t.at <= m.at).at(-1);
    expect(typed, `typing before "${m.text}"`).toBeDefined();
    expect(m.at - typed!.at).toBeLessThanOrEqual(typingOf(m, settings));
  }
}

describe('the outbox, on its own with a virtual clock', () => {
  const settings: OutboxSettings = { minDelayMs: 1000, maxDelayMs: 3000, typingMsPerChar: 20, maxTypingMs: 2000, ratePerMinute: 120 };
  const CHATS = ['48500000001@c.us', '48500000002@c.us', '48500000003@c.us', '48500000004@c.us', '48500000005@c.us'];

  const redis = testRedisConnections();
  const prefixes: string[] = [];
  afterAll(async () => {
    redis.disconnectAll();
    for (const prefix of prefixes) await deleteRedisPrefix(prefix);
  });

  /** An outbox on the fake WhatsApp, kept in Redis under `prefix` (a fresh one unless given: a restart passes the old one). */
  function outboxOnFakeWhatsApp(overrides: Partial<OutboxSettings> = {}, reuse: { prefix?: string; timers?: VirtualTimers; network?: FakeWhatsAppNetwork } = {}) {
    const timers = reuse.timers ?? virtualTimers({ auto: true });
    const network = reuse.network ?? new FakeWhatsAppNetwork('31600000009', timers.now);
    const client = network.createClient();
    const prefix = reuse.prefix ?? uniqueRedisPrefix();
    prefixes.push(prefix);
    const outbox = createWhatsAppOutbox({
      timers, settings: { ...settings, ...overrides }, random: seededRandom(7), store: createRedisOutboxStore(redis.open(), prefix),
      transport: { typing: (chatId) => showTyping(client, chatId), deliver: (chatId, message) => sendWithClient(client, chatId, message) },
    });
    return { timers, network, outbox, client, prefix };
  }

  it('sends a burst of 50 notifications to five chats at a human pace, in order per chat, one at a time', async () => {
    const { timers, network, outbox } = outboxOnFakeWhatsApp();
    const sender = outboxChatSender(outbox);
    const started = timers.now();
    const texts = Array.from({ length: 50 }, (_, i) => `Sale #${String(i).padStart(2, '0')} ${'·'.repeat(i * 3)}`);
    await Promise.all(texts.map((text, i) => sender.send(CHATS[i % CHATS.length]!, text)));

    expect(network.sent).toHaveLength(50);
    for (const [c, chatId] of CHATS.entries()) {
      expect(network.messagesTo(chatId).map((m) => m.text)).toEqual(texts.filter((_, i) => i % CHATS.length === c));
    }
    expectHumanPace(network, settings);
    // A chat never waits much longer than its own pause and typing: at most one turn of each other chat on top.
    const slack = settings.maxTypingMs + CHATS.length * (60_000 / settings.ratePerMinute);
    for (const [before, after] of pairsPerChat(network.sent)) {
      expect(after.at - before.at).toBeLessThanOrEqual(settings.maxDelayMs + typingOf(after, settings) + slack);
    }
    // The first message of each chat waited a pause too: nothing went out the moment it was queued.
    for (const chatId of CHATS) expect(network.messagesTo(chatId)[0]!.at - started).toBeGreaterThanOrEqual(settings.minDelayMs);
    await outbox.close();
  });

  it('keeps under the overall rate when many chats want to go at once', async () => {
    const { timers, network, outbox } = outboxOnFakeWhatsApp({ ratePerMinute: 20 });
    const started = timers.now();
    const chats = Array.from({ length: 50 }, (_, i) => `3361234${String(i).padStart(4, '0')}@c.us`);
    await Promise.all(chats.map((chatId) => outbox.send(chatId, { text: 'Nouvelle vente !' })));
    expectHumanPace(network, { ...settings, ratePerMinute: 20 });
    const times = network.sent.map((m) => m.at);
    expect(Math.max(...times) - started).toBeGreaterThanOrEqual(49 * 3000);
    await outbox.close();
  });

  it('sends nothing while paused, keeps what waits, and tells the callers of what is left when closed', async () => {
    const { network, outbox } = outboxOnFakeWhatsApp();
    outbox.pause();
    const first = outbox.send(CHATS[0]!, { text: 'one' });
    const second = outbox.send(CHATS[0]!, { text: 'two' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(network.sent).toHaveLength(0);
    expect(outbox.size).toBe(2);
    outbox.resume();
    await first;
    await second;
    expect(network.messagesTo(CHATS[0]!).map((m) => m.text)).toEqual(['one', 'two']);
    outbox.pause();
    const stranded = outbox.send(CHATS[1]!, { text: 'three' });
    await outbox.close();
    await expect(stranded).rejects.toBeInstanceOf(OutboxClosedError);
    await expect(outbox.send(CHATS[1]!, { text: 'four' })).rejects.toBeInstanceOf(OutboxClosedError);
  });

  it('reports a chat WhatsApp does not know as unreachable, and goes on with the others', async () => {
    const { network, outbox } = outboxOnFakeWhatsApp();
    network.unknownChats.add('999@c.us');
    const lost = outbox.send('999@c.us', { text: 'hello?' });
    const fine: OutgoingMessage = { text: 'hello!' };
    await expect(lost).rejects.toMatchObject({ name: 'ChatUnreachableError' });
    await outbox.send(CHATS[0]!, fine);
    expect(network.sent.map((m) => m.chatId)).toEqual([CHATS[0]]);
    await outbox.close();
  });

  it('answers a person before a burst of notifications queued earlier, which keep their order per chat', async () => {
    const { network, outbox } = outboxOnFakeWhatsApp();
    const sender = outboxChatSender(outbox);
    const burst = Array.from({ length: 30 }, (_, i) => sender.send(CHATS[i % CHATS.length]!, `Sale ${i}`));
    await expect.poll(() => network.sent.length).toBeGreaterThanOrEqual(3);
    const sentBefore = network.sent.length;
    await outbox.send(CHATS[2]!, { text: 'Here are your deals' });
    // At most the notification already being typed went first.
    const position = network.sent.findIndex((m) => m.text === 'Here are your deals');
    expect(position).toBeLessThanOrEqual(sentBefore + 1);
    await Promise.all(burst);
    for (const [c, chatId] of CHATS.entries()) {
      const sales = network.messagesTo(chatId).map((m) => m.text).filter((t) => t.startsWith('Sale'));
      expect(sales).toEqual(Array.from({ length: 30 }, (_, i) => `Sale ${i}`).filter((_, i) => i % CHATS.length === c));
    }
    expectHumanPace(network, settings);
    await outbox.close();
  });

  it('keeps what waits through a restart: the next outbox on the same store sends it, in order, and once', async () => {
    const before = outboxOnFakeWhatsApp();
    before.outbox.pause();
    const waiting = [
      before.outbox.send(CHATS[0]!, { text: 'one' }),
      outboxChatSender(before.outbox).send(CHATS[1]!, 'New sale: 12,00 zł', { deliveryId: 'job-7' }),
      before.outbox.send(CHATS[0]!, { text: 'two' }),
      before.outbox.send(CHATS[1]!, { text: 'three' }),
    ];
    await expect.poll(() => before.outbox.size).toBe(4);
    await before.outbox.close();
    for (const promise of waiting) await expect(promise).rejects.toBeInstanceOf(OutboxClosedError);
    expect(before.network.sent).toHaveLength(0);

    const after = outboxOnFakeWhatsApp({}, { prefix: before.prefix });
    const sender = outboxChatSender(after.outbox);
    // The notification job, retried after the restart, waits for the message already queued instead of adding a second one.
    await sender.send(CHATS[1]!, 'New sale: 12,00 zł', { deliveryId: 'job-7' });
    await expect.poll(() => after.network.sent.length).toBe(4);
    expect(after.network.messagesTo(CHATS[0]!).map((m) => m.text)).toEqual(['one', 'two']);
    // The reply goes before the notification.
    expect(after.network.messagesTo(CHATS[1]!).map((m) => m.text)).toEqual(['three', 'New sale: 12,00 zł']);
    // Tried once more later, it is known as delivered.
    await sender.send(CHATS[1]!, 'New sale: 12,00 zł', { deliveryId: 'job-7' });
    expect(after.network.sent).toHaveLength(4);
    expectHumanPace(after.network, settings);
    await after.outbox.close();

    // Nothing is left for a third start.
    const third = outboxOnFakeWhatsApp({}, { prefix: before.prefix });
    await third.outbox.send(CHATS[3]!, { text: 'fresh' });
    expect(third.network.sent.map((m) => m.text)).toEqual(['fresh']);
    await third.outbox.close();
  });

  it('keeps a picture with its caption through a restart', async () => {
    const before = outboxOnFakeWhatsApp();
    before.outbox.pause();
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3, 250]);
    const pending = before.outbox.send(CHATS[4]!, { file: { name: 'qr.png', mimeType: 'image/png', data: png }, caption: 'Scan me', asDocument: false });
    await expect.poll(() => before.outbox.size).toBe(1);
    await before.outbox.close();
    await expect(pending).rejects.toBeInstanceOf(OutboxClosedError);
    const after = outboxOnFakeWhatsApp({}, { prefix: before.prefix });
    await expect.poll(() => after.network.sent.length).toBe(1);
    expect(after.network.sent[0]).toMatchObject({ chatId: CHATS[4], text: 'Scan me', asDocument: false, media: { mimetype: 'image/png', filename: 'qr.png' } });
    expect([...after.network.sent[0]!.media!.data]).toEqual([...png]);
    await after.outbox.close();
  });
});

describe('a burst of 50 notifications from the notifications queue to WhatsApp', () => {
  let s: WhatsAppStack;
  let nextCommission = 1;

  beforeAll(async () => {
    s = await createWhatsAppStack();
    await s.login();
  });
  afterAll(async () => { await s?.close(); });

  it('reaches every influencer in their language, at the outbox’s pace, never two at once', async () => {
    const people: { influencerId: string; chatId: string; language: string }[] = [];
    for (const [i, language] of ['pl', 'ru', 'fr', 'es', 'en'].entries()) {
      const influencer = await s.make.influencer({ language });
      const chatId = `4860000000${i}@c.us`;
      await s.app.database.db.insertInto('influencer_identities')
        .values({ influencer_id: influencer.id, channel: 'whatsapp', external_id: chatId.split('@')[0]!, chat_id: chatId }).execute();
      people.push({ influencerId: influencer.id, chatId, language });
    }
    const burst: InfluencerNotification[] = Array.from({ length: 50 }, (_, i) => ({
      kind: 'sale_pending', influencerId: people[i % people.length]!.influencerId, commissionId: String(nextCommission++),
      amount: 100 * (i + 1), currency: 'EUR', productTitle: 'Desk lamp',
    }));
    await s.notifications.notifier.notify(burst);

    for (const [p, person] of people.entries()) {
      const messages = await s.network.waitForMessages(person.chatId, 10, { timeoutMs: 30_000 });
      const expected = burst.filter((_, i) => i % people.length === p).map((n) => renderNotification(n, person.language as 'en'));
      expect(messages.map((m) => m.text).sort()).toEqual(expected.sort());
    }
    expect(s.network.sent).toHaveLength(50);
    expectHumanPace(s.network, TEST_OUTBOX);
  });
});

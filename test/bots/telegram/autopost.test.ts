import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translator } from '../../../core/i18n/translator.ts';
import { runAutopost } from '../../../core/autopost/autopost-runner.service.ts';
import { startAutopostWorker } from '../../../queue/autopost.worker.ts';
import { createAutopostPublisher } from '../../../bots/telegram/autopost-publisher.ts';
import { createAutopostStack, type AutopostStack } from '../../support/autopost-stack.ts';
import { buttonsOf, textOf, type BotApiCall, type TelegramChat, type TelegramUser } from '../../support/telegram-bot-api.ts';
import { createRedis } from '../../../queue/connection.ts';
import { deleteRedisPrefix, TEST_REDIS_URL, uniqueRedisPrefix } from '../../support/redis.ts';
import { pino } from 'pino';

let s: AutopostStack;
const pl = translator('pl');
let nextId = 6_100_000;

beforeAll(async () => { s = await createAutopostStack(); });
afterAll(async () => { await s?.close(); });

/** A registered Polish influencer who promotes one brand of `products` products, and a channel of theirs set up at `setUpAt`. */
async function influencerWithChannel(products: number, setUpAt: string): Promise<{ user: TelegramUser; channel: TelegramChat; influencerId: string; slug: string }> {
  // The chat's first slot is planned from this moment: the test's runs follow it.
  s.clock.set(new Date(setUpAt));
  const id = nextId++;
  const user: TelegramUser = { id, first_name: `Ola${id}`, language_code: 'pl' };
  const influencerId = await s.register(user, 'PL');
  const vendor = await s.make.vendor();
  const brand = await s.make.brand(vendor.id, { name: `Lumio ${id}` });
  for (let i = 0; i < products; i++) await s.make.product(brand, { title: `Lampka ${id}-${i}`, price: 2999 + i });
  await s.engine.handle({ channel: 'telegram', senderId: String(id), chatId: String(id), chatType: 'private', text: `/join ${brand.slug}`, languageHint: 'pl' });
  const channel: TelegramChat = { id: -1_009_000_000 - id, type: 'channel', title: `Okazje ${id}` };
  const before = s.emulator.messagesTo(id).length;
  s.emulator.botMembershipChanged(user, channel, 'administrator', { can_post_messages: true });
  await s.emulator.waitForMessages(id, 1, { after: before });
  await say(user, `/autopost 1 brands ${brand.slug}`);
  return { user, channel, influencerId, slug: brand.slug };
}

function say(user: TelegramUser, text: string) {
  return s.engine.handle({ channel: 'telegram', senderId: String(user.id), chatId: String(user.id), chatType: 'private', text, languageHint: 'pl', botUsername: 'dealcast_test_bot' });
}

async function chatRow(chat: TelegramChat) {
  return s.database.db.selectFrom('autopost_chats').selectAll().where('telegram_chat_id', '=', String(chat.id)).executeTakeFirstOrThrow();
}

/** The products posted in a chat, in order, read from the links in the cards. */
async function postedTitles(chat: TelegramChat): Promise<string[]> {
  return s.emulator.messagesTo(chat.id).map((m) => /<b>([^<]*)<\/b>/.exec(textOf(m))?.[1] ?? '?');
}

async function stopNotices(influencerId: string): Promise<number> {
  const jobs = await s.notifications.queue.getJobs(['completed', 'waiting', 'active', 'delayed', 'prioritized']);
  return jobs.filter((j) => j.name === 'notifications.deliver' && (j.data as { notification?: { kind: string; influencerId: string } }).notification?.kind === 'autopost_stopped'
    && (j.data as { notification: { influencerId: string } }).notification.influencerId === influencerId).length;
}

describe('autopost in Telegram channels', () => {
  // The emulator hands out only the update types the bot asks for, as Telegram does: this also proves polling asks for my_chat_member.
  it('records a channel where a registered influencer made the bot an admin who may post, in their country’s zone, and tells them how to set it up', async () => {
    const user: TelegramUser = { id: nextId++, first_name: 'Kasia', language_code: 'pl' };
    const influencerId = await s.register(user, 'PL');
    const channel: TelegramChat = { id: -1_001_234_500, type: 'channel', title: 'Promocje Kasi' };
    s.emulator.botMembershipChanged(user, channel, 'administrator', { can_post_messages: true });
    const [told] = await s.emulator.waitForMessages(user.id, 1);
    expect(textOf(told!)).toBe(pl.t('autopost.added', { chat: 'Promocje Kasi', times: '09:00, 13:00, 19:00', zone: 'Europe/Warsaw', number: 1 }));
    expect(buttonsOf(told!).map((b) => b.callback_data)).toEqual(['/autopost 1']);
    const row = await chatRow(channel);
    expect(row).toMatchObject({ influencer_id: influencerId, chat_type: 'channel', title: 'Promocje Kasi', time_zone: 'Europe/Warsaw', enabled: true, stopped_at: null });

    // Added to a group as a plain member: a group's members may post, so it is recorded too.
    const own: TelegramChat = { id: -1_005_550_001, type: 'supergroup', title: 'Grupa Kasi' };
    s.emulator.botMembershipChanged(user, own, 'member');
    await s.emulator.waitForMessages(user.id, 1, { after: 1 });
    expect(await chatRow(own)).toMatchObject({ influencer_id: influencerId, chat_type: 'supergroup' });

    // Someone who never registered adds the bot to their group: nothing is recorded for anyone.
    const stranger: TelegramUser = { id: nextId++, first_name: 'Obcy', language_code: 'pl' };
    const group: TelegramChat = { id: -4_000_111, type: 'group', title: 'Obca grupa' };
    s.emulator.botMembershipChanged(stranger, group, 'member');
    await s.settle();
    expect(await s.database.db.selectFrom('autopost_chats').select('id').where('telegram_chat_id', '=', String(group.id)).execute()).toEqual([]);
  });

  it('posts the /link card at each posting time of the chat’s zone, with a link labelled by the chat, and nothing in between', async () => {
    const { user, channel, influencerId } = await influencerWithChannel(3, '2026-12-08T06:00:00Z');
    s.emulator.memberCounts.set(String(channel.id), 1234);
    await say(user, '/autopost 1 times 09:00 13:00');
    await s.runAt('2026-12-08T07:59:00Z'); // 08:59 in Warsaw
    expect(s.emulator.messagesTo(channel.id)).toHaveLength(0);
    await s.runAt('2026-12-08T08:00:00Z'); // 09:00
    await s.runAt('2026-12-08T10:00:00Z'); // 11:00: no posting time
    expect(s.emulator.messagesTo(channel.id)).toHaveLength(1);
    await s.runAt('2026-12-08T12:00:30Z'); // 13:00
    const posts = s.emulator.messagesTo(channel.id);
    expect(posts).toHaveLength(2);
    const [first] = posts as [BotApiCall];
    expect(first.method).toBe('sendPhoto');
    expect(first.payload.parse_mode).toBe('HTML');
    expect(first.payload.reply_markup).toBeUndefined();
    expect(textOf(first)).toContain(pl.t('deal.ad'));
    const code = /\/r\/([A-Za-z0-9_-]+)/.exec(textOf(first))![1]!;
    const link = await s.database.db.selectFrom('links').selectAll().where('code', '=', code).executeTakeFirstOrThrow();
    expect(link).toMatchObject({ influencer_id: influencerId, channel: 'telegram', group_label: channel.title });
    expect(await chatRow(channel)).toMatchObject({ member_count: 1234 });
    // Asked once for the day, not after every post.
    expect(s.emulator.callsOf('getChatMemberCount').filter((c) => String(c.payload.chat_id) === String(channel.id))).toHaveLength(1);
    const recorded = await s.database.db.selectFrom('autopost_posts').select(['status', 'link_id']).where('status', '=', 'posted')
      .where('chat_id', '=', (await chatRow(channel)).id).execute();
    expect(recorded).toHaveLength(2);

    const [stats] = await say(user, '/stats 7d');
    expect(stats!.text).toContain(pl.t('stats.autopost', { posts: '2', chats: '1', audience: pl.number(1234) }));
  });

  it('keeps quiet hours and the daily cap of the chat', async () => {
    const { user, channel } = await influencerWithChannel(6, '2026-12-09T06:00:00Z');
    await say(user, '/autopost 1 times 09:00 11:00 13:00 15:00');
    await say(user, '/autopost 1 quiet 12:30-14:00');
    await say(user, '/autopost 1 cap 2');
    for (const at of ['2026-12-09T08:00:00Z', '2026-12-09T10:00:00Z', '2026-12-09T12:00:00Z', '2026-12-09T14:00:00Z']) await s.runAt(at);
    // 09:00 and 11:00 post; 13:00 is quiet; 15:00 is past the cap of two.
    expect(s.emulator.messagesTo(channel.id)).toHaveLength(2);
    await s.runAt('2026-12-10T08:00:00Z'); // the next day's 09:00: a new day, a new cap
    expect(s.emulator.messagesTo(channel.id)).toHaveLength(3);
  });

  it('never posts a product twice in a chat within 72 hours, and may post it again after', async () => {
    const { user, channel } = await influencerWithChannel(2, '2026-12-11T06:00:00Z');
    await say(user, '/autopost 1 times 10:00');
    for (const day of ['11', '12', '13']) await s.runAt(`2026-12-${day}T09:00:00Z`);
    // Two products: the third day has nothing the chat has not had in 72 hours.
    const [a, b] = await postedTitles(channel);
    expect(await postedTitles(channel)).toHaveLength(2);
    expect(a).not.toBe(b);
    await s.runAt('2026-12-14T09:00:00Z'); // 72 hours after the first post
    expect(await postedTitles(channel)).toEqual([a, b, a]);
  });

  it('stops when the bot is demoted, tells the influencer once, and posts nothing more there', async () => {
    const { user, channel, influencerId } = await influencerWithChannel(3, '2026-12-15T06:00:00Z');
    const before = s.emulator.messagesTo(user.id).length;
    s.emulator.botMembershipChanged(user, channel, 'administrator', { can_post_messages: false }, 'administrator');
    const [told] = await s.emulator.waitForMessages(user.id, 1, { after: before });
    expect(textOf(told!)).toBe(pl.t('autopost.stopped.rights_lost', { chat: channel.title! }));
    expect(await chatRow(channel)).toMatchObject({ stopped_reason: 'rights_lost', next_due_at: null });
    // Then removed altogether: it was stopped already, so no second notice.
    s.emulator.botMembershipChanged(user, channel, 'kicked', {}, 'administrator');
    await s.settle();
    expect(await stopNotices(influencerId)).toBe(1);
    await s.runAt('2026-12-15T08:00:00Z');
    expect(s.emulator.attemptsTo(channel.id)).toHaveLength(0);
    const [detail] = await say(user, '/autopost 1');
    expect(detail!.text).toContain(pl.t('autopost.state.rights_lost'));
  });

  it('stops when Telegram refuses a post with 403, and tells the influencer once', async () => {
    const { user, channel, influencerId } = await influencerWithChannel(3, '2026-12-16T06:00:00Z');
    await say(user, '/autopost 1 times 09:00 13:00');
    const before = s.emulator.messagesTo(user.id).length;
    s.emulator.failNext('sendPhoto', { error_code: 403, description: 'Forbidden: bot is not a member of the channel chat' }, { chatId: channel.id });
    const first = await s.runAt('2026-12-16T08:00:00Z');
    expect(first.stopped).toBe(1);
    const [told] = await s.emulator.waitForMessages(user.id, 1, { after: before });
    expect(textOf(told!)).toBe(pl.t('autopost.stopped.send_refused', { chat: channel.title! }));
    await s.runAt('2026-12-16T12:00:00Z');
    expect(s.emulator.attemptsTo(channel.id)).toHaveLength(1);
    expect(s.emulator.messagesTo(channel.id)).toHaveLength(0);
    expect(await stopNotices(influencerId)).toBe(1);
    expect(await chatRow(channel)).toMatchObject({ stopped_reason: 'send_refused' });

    // Made an admin again: the chat starts again, from its next posting time.
    s.clock.set(new Date('2026-12-17T06:00:00Z'));
    s.emulator.botMembershipChanged(user, channel, 'administrator', { can_post_messages: true });
    await s.emulator.waitForMessages(user.id, 1, { after: before + 1 });
    await s.runAt('2026-12-17T08:00:00Z');
    expect(s.emulator.messagesTo(channel.id)).toHaveLength(1);
  });

  it('posts each slot once when two workers run it at the same moment', async () => {
    const { user, channel } = await influencerWithChannel(3, '2026-12-18T06:00:00Z');
    await say(user, '/autopost 1 times 09:00');
    s.clock.set(new Date('2026-12-18T08:00:00Z'));
    const [one, two] = await Promise.all([runAutopost(s.runDeps()), runAutopost(s.runDeps())]);
    expect(s.emulator.messagesTo(channel.id)).toHaveLength(1);
    expect(one.posted + two.posted).toBe(1);
  });

  it('runs autopost.run as one scheduler however many workers start', async () => {
    const prefix = uniqueRedisPrefix();
    const logger = pino({ level: 'silent' });
    const publisher = createAutopostPublisher({ token: s.emulator.token, apiRoot: s.emulator.apiRoot });
    const connections = [createRedis(TEST_REDIS_URL), createRedis(TEST_REDIS_URL)];
    const workers = await Promise.all(connections.map((connection) => startAutopostWorker({
      connection, prefix, db: s.database.db, logger, publisher, notifier: { notify: async () => undefined }, publicUrl: 'https://dc.test', clock: s.clock,
    })));
    try {
      const schedulers = await workers[0]!.queue.getJobSchedulers();
      expect(schedulers.map((j) => [j.key, j.pattern])).toEqual([['autopost.run', '* * * * *']]);
    } finally {
      for (const worker of workers) await worker.close();
      for (const connection of connections) connection.disconnect();
      await deleteRedisPrefix(prefix);
    }
  });

  it('answers a bad /autopost setting politely, in the person’s language', async () => {
    const { user } = await influencerWithChannel(1, '2026-12-19T06:00:00Z');
    expect((await say(user, '/autopost 1 times 25:99'))[0]!.text).toBe(pl.t('autopost.bad.times', { input: '25:99' }));
    expect((await say(user, '/autopost 1 quiet wieczorem'))[0]!.text).toBe(pl.t('autopost.bad.quiet', { input: 'wieczorem' }));
    expect((await say(user, '/autopost 1 cap 100'))[0]!.text).toBe(pl.t('autopost.bad.cap', { input: '100', max: 48 }));
    expect((await say(user, '/autopost 1 zone Mars/Olympus'))[0]!.text).toBe(pl.t('autopost.bad.zone', { input: 'Mars/Olympus' }));
    expect((await say(user, '/autopost 7'))[0]!.text).toBe(pl.t('autopost.unknownChat', { input: '7', last: 1 }));
    expect((await say(user, '/autopost 1 kolor niebieski'))[0]!.text).toBe(pl.t('autopost.unknownSetting', { input: 'kolor', number: 1 }));
    // Through Telegram too: the reply arrives in the private chat, in Polish.
    const before = s.emulator.messagesTo(user.id).length;
    s.emulator.sendText(user, '/autopost 1 cap zero');
    const [reply] = await s.emulator.waitForMessages(user.id, 1, { after: before });
    expect(textOf(reply!)).toBe(pl.t('autopost.bad.cap', { input: 'zero', max: 48 }));
  });
});

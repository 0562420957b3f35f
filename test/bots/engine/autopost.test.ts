import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translator } from '../../../core/i18n/translator.ts';
import type { ChatMembershipChange } from '../../../core/autopost/chat-membership.service.ts';
import { createEngineHarness, type EngineHarness } from '../../support/bot-engine.ts';
import { manualClock } from '../../support/manual-clock.ts';

// /autopost as a conversation: what an influencer reads and taps, on Telegram and on WhatsApp.

const clock = manualClock(new Date('2026-12-07T10:00:00Z'));
let h: EngineHarness;
let nextSender = 7_700_000;

beforeAll(async () => { h = await createEngineHarness({ clock }); });
afterAll(async () => { await h?.close(); });

const channel = (id: number, title: string): ChatMembershipChange => ({ telegramChatId: String(-id), chatType: 'channel', title, canPost: true, present: true });

describe('/autopost in chat', () => {
  it('offers to add the bot to a channel or a group when it posts nowhere yet', async () => {
    const sender = String(nextSender++);
    await h.register(sender, { country: 'FR', language: 'fr' });
    const [reply] = await h.say(sender, '/autopost', { languageHint: 'fr' });
    expect(reply!.text).toBe(translator('fr').t('autopost.none'));
    expect(reply!.buttons!.map((b) => ('url' in b ? b.url : ''))).toEqual([
      'https://t.me/dealcast_test_bot?startchannel&admin=post_messages', 'https://t.me/dealcast_test_bot?startgroup&admin=post_messages',
    ]);
  });

  it('on WhatsApp, says politely that automatic posting is for Telegram', async () => {
    const sender = '34600111222';
    await h.register(sender, { channel: 'whatsapp', language: 'es', country: 'ES' });
    const [reply] = await h.say(sender, 'autopost', { channel: 'whatsapp', chatId: sender, languageHint: 'es' });
    expect(reply!.text).toBe(translator('es').t('autopost.telegramOnly'));
  });

  it('lists the chats, opens one with buttons, and pauses and resumes it', async () => {
    const sender = String(nextSender++);
    await h.register(sender, { country: 'ES', language: 'es' });
    const es = translator('es');
    const added = await h.engine.chatMembership({ channel: 'telegram', senderId: sender, change: channel(nextSender, 'Chollos Ana') });
    expect(added[0]!.text).toBe(es.t('autopost.added', { chat: 'Chollos Ana', times: '09:00, 13:00, 19:00', zone: 'Europe/Madrid', number: 1 }));
    // Its other rights edited later: nothing new to tell.
    expect(await h.engine.chatMembership({ channel: 'telegram', senderId: sender, change: channel(nextSender, 'Chollos Ana') })).toEqual([]);

    const [list] = await h.say(sender, '/autopost', { languageHint: 'es' });
    expect(list!.text).toContain('1. Chollos Ana');
    expect(list!.text).toContain(es.t('autopost.state.on'));
    expect(list!.buttons!.map((b) => ('action' in b ? b.action : ''))).toEqual(['/autopost 1']);

    const [detail] = await h.say(sender, '/autopost 1', { languageHint: 'es' });
    const actions = detail!.buttons!.map((b) => ('action' in b ? b.action : ''));
    expect(actions).toContain('/autopost 1 off');
    expect(actions).toContain('/autopost 1 quiet 22:00-08:00');
    expect(detail!.text).toContain(es.t('autopost.howTo', { number: 1 }));

    const [paused] = await h.say(sender, '/autopost 1 off', { languageHint: 'es' });
    expect(paused!.text.startsWith(es.t('autopost.saved'))).toBe(true);
    expect(paused!.text).toContain(es.t('autopost.state.off'));
    const row = () => h.database.db.selectFrom('autopost_chats').select(['enabled', 'next_due_at']).where('telegram_chat_id', '=', String(-nextSender)).executeTakeFirstOrThrow();
    expect(await row()).toEqual({ enabled: false, next_due_at: null });
    await h.say(sender, '/autopost 1 on', { languageHint: 'es' });
    // 11:00 in Madrid: the next posting time is 13:00 there.
    expect(await row()).toEqual({ enabled: true, next_due_at: new Date('2026-12-07T12:00:00Z') });
  });

  it('names brands it does not know, or that the influencer does not promote yet, in their language', async () => {
    const sender = String(nextSender++);
    await h.register(sender, { country: 'RU', language: 'ru' });
    const ru = translator('ru');
    await h.engine.chatMembership({ channel: 'telegram', senderId: sender, change: channel(nextSender + 50, 'Скидки Ивана') });
    const vendor = await h.make.vendor();
    const brand = await h.make.brand(vendor.id, { name: 'Zen', autoApprove: false });
    expect((await h.say(sender, '/autopost 1 brands nieznana', { languageHint: 'ru' }))[0]!.text).toBe(ru.t('autopost.bad.unknownBrand', { input: 'nieznana' }));
    expect((await h.say(sender, `/autopost 1 brands ${brand.slug}`, { languageHint: 'ru' }))[0]!.text).toBe(ru.t('autopost.bad.notJoined', { brand: 'Zen', slug: brand.slug }));
    expect((await h.say(sender, '/autopost 1 keywords ,,,', { languageHint: 'ru' }))[0]!.text).toBe(ru.t('autopost.bad.keywords', { max: 10 }));
  });

  it('forgets the chats of an influencer who deletes their profile', async () => {
    const sender = String(nextSender++);
    await h.register(sender, { country: 'PL', language: 'pl' });
    await h.engine.chatMembership({ channel: 'telegram', senderId: sender, change: channel(nextSender + 90, 'Okazje Oli') });
    const chats = () => h.database.db.selectFrom('autopost_chats').select('id').where('telegram_chat_id', '=', String(-(nextSender + 90))).execute();
    expect(await chats()).toHaveLength(1);
    await h.say(sender, '/deleteme', { languageHint: 'pl' });
    await h.say(sender, '/confirmdelete', { languageHint: 'pl' });
    expect(await chats()).toEqual([]);
  });
});

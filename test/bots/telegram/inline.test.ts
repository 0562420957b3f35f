import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translator } from '../../../core/i18n/translator.ts';
import { buttonsOf, textOf, type TelegramUser } from '../../support/telegram-bot-api.ts';
import { createTelegramStack, type TelegramStack } from '../../support/telegram-stack.ts';

let s: TelegramStack;
let lamp: { id: string };

beforeAll(async () => {
  s = await createTelegramStack();
  const vendor = await s.make.vendor();
  const brand = await s.make.brand(vendor.id, { name: 'Lumio', commissionRateBps: 800 });
  lamp = await s.make.product(brand, { title: 'Smart desk lamp', price: 2999 });
  await s.make.product(brand, { title: 'Glass kettle', price: 1999 });
});
afterAll(async () => { await s?.close(); });

/** Registers a Telegram user through the engine (the same one the bot runs). */
async function registered(user: TelegramUser): Promise<void> {
  for (const text of ['/start', user.first_name, 'FR', '/accept']) {
    await s.engine.handle({ channel: 'telegram', senderId: String(user.id), chatId: String(user.id), chatType: 'private', text, languageHint: user.language_code });
  }
}

interface InlineResult { type: string; id: string; title: string; input_message_content: { message_text: string } }

describe('inline mode (@bot words in any chat)', () => {
  it('offers deal cards whose links carry the channel telegram and the group label "inline"', async () => {
    const user: TelegramUser = { id: 5_550_001, first_name: 'Inès', language_code: 'fr' };
    await registered(user);
    const queryId = s.emulator.inlineQuery(user, 'lamp');
    const [call] = (await s.emulator.waitForCall('answerInlineQuery')).filter((c) => c.payload.inline_query_id === queryId);
    expect(call!.payload.is_personal).toBe(true);
    const results = call!.payload.results as InlineResult[];
    expect(results.map((r) => [r.type, r.id, r.title])).toEqual([['article', lamp.id, 'Smart desk lamp']]);
    const text = results[0]!.input_message_content.message_text;
    expect(text.split('\n')[0]).toBe('Publicité');
    expect(text).toMatch(/29,99\s€/);
    const code = /\/r\/([0-9A-Za-z]+)/.exec(text)![1]!;
    const link = await s.app.database.db.selectFrom('links').selectAll().where('code', '=', code).executeTakeFirstOrThrow();
    expect(link).toMatchObject({ channel: 'telegram', group_label: 'inline', product_id: lamp.id });

    // The deal's "share" button queries the product by its number: the same card, the same link.
    const byId = s.emulator.inlineQuery(user, `#${lamp.id}`);
    const [again] = (await s.emulator.waitForCall('answerInlineQuery', 2)).filter((c) => c.payload.inline_query_id === byId);
    expect((again!.payload.results as InlineResult[])[0]!.input_message_content.message_text).toContain(`/r/${code}`);
  });

  it('asks a stranger to register first, with a button that opens the bot', async () => {
    const stranger: TelegramUser = { id: 5_550_002, first_name: 'Ghost', language_code: 'ru' };
    const queryId = s.emulator.inlineQuery(stranger, 'lamp');
    const call = (await s.emulator.waitForCall('answerInlineQuery', 3)).find((c) => c.payload.inline_query_id === queryId)!;
    expect(call.payload.results).toEqual([]);
    expect(call.payload.button).toEqual({ text: translator('ru').t('inline.register'), start_parameter: 'inline' });
  });
});

describe('inline mode with nothing to offer', () => {
  it('says why instead of showing a blank list: nothing matches, or too many queries', async () => {
    const user: TelegramUser = { id: 5_550_004, first_name: 'Lucía', language_code: 'es' };
    await registered(user);
    const i18n = translator('es');
    const answered = () => s.emulator.callsOf('answerInlineQuery').length;
    const before = answered();
    const none = s.emulator.inlineQuery(user, 'submarine');
    const call = (await s.emulator.waitForCall('answerInlineQuery', before + 1)).find((c) => c.payload.inline_query_id === none)!;
    expect(call.payload.results).toEqual([]);
    expect(call.payload.button).toEqual({ text: i18n.t('inline.noResults'), start_parameter: 'inline' });

    // Typing fast fires a query per letter; past the limit the bar says to slow down.
    const burst = Array.from({ length: 31 }, (_, i) => s.emulator.inlineQuery(user, `lamp${'p'.repeat(i)}`));
    const answers = await s.emulator.waitForCall('answerInlineQuery', before + 32);
    const last = answers.find((c) => c.payload.inline_query_id === burst[30])!;
    expect(last.payload.results).toEqual([]);
    expect((last.payload.button as { text: string }).text).toBe(i18n.t('rateLimited', { count: Number(/\d+/.exec((last.payload.button as { text: string }).text)![0]) }));
  });
});

describe('groups', () => {
  it('stays quiet in group chatter and sends commands to a private chat', async () => {
    const user: TelegramUser = { id: 5_550_003, first_name: 'Olek', language_code: 'pl' };
    const group = { id: -1_001_234, type: 'supergroup' as const, title: 'Deals PL' };
    s.emulator.sendText(user, 'who wants a lamp?', group);
    s.emulator.sendText(user, '/balance@dealcast_test_bot', group);
    const [reply] = await s.emulator.waitForMessages(group.id, 1);
    expect(textOf(reply!)).toBe(translator('pl').t('groupOnly', { command: 'balance', bot: 'dealcast_test_bot' }));
    expect(buttonsOf(reply!)).toEqual([{ text: translator('pl').t('openChat'), url: 'https://t.me/dealcast_test_bot' }]);
    s.emulator.sendText(user, '/help', group);
    await s.emulator.waitForMessages(group.id, 1, { after: 1 });
    // Only the two commands were answered.
    expect(s.emulator.messagesTo(group.id)).toHaveLength(2);
  });
});

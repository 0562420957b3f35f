import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translator } from '../../../core/i18n/translator.ts';
import { buttonsOf, textOf, type TelegramUser } from '../../support/telegram-bot-api.ts';
import { createTelegramStack, type TelegramStack } from '../../support/telegram-stack.ts';

let s: TelegramStack;
/** A title with everything HTML and WhatsApp would read as markup. */
const TITLE = 'Tom & Jerry <3 *mega* ~deal~ _now_';
let tricky: { id: string };

beforeAll(async () => {
  s = await createTelegramStack();
  const vendor = await s.make.vendor();
  const brand = await s.make.brand(vendor.id, { name: 'Lumio', commissionRateBps: 800, autoApprove: true });
  tricky = await s.make.product(brand, { title: TITLE, price: 2999, listPrice: 4599, currency: 'EUR', commissionRateBps: 1500 });
  await s.make.product(brand, { title: 'Glass kettle', price: 1999, imageUrl: null });
});
afterAll(async () => { await s?.close(); });

async function registered(user: TelegramUser): Promise<void> {
  for (const text of ['/start', user.first_name, 'FR', '/accept']) {
    await s.engine.handle({ channel: 'telegram', senderId: String(user.id), chatId: String(user.id), chatType: 'private', text, languageHint: user.language_code });
  }
}

describe('the forward-ready deal card on Telegram', () => {
  it('is HTML with the intro line, the title in bold and the old price struck through, its text shown literally, and the number of /deals works in /link', async () => {
    const user: TelegramUser = { id: 5_560_001, first_name: 'Emma', language_code: 'en' };
    await registered(user);
    const { emulator } = s;
    let seen = 0;
    const next = async (count = 1) => {
      const messages = await emulator.waitForMessages(user.id, count, { after: seen });
      seen += count;
      return messages;
    };
    emulator.sendText(user, '/intro My pick of the week 👇 <b>');
    await next();
    emulator.sendText(user, '/deals');
    const [list] = await next();
    // The list is plain text: the number in front of the deal is the one to type back.
    expect(list!.payload.parse_mode).toBeUndefined();
    expect(textOf(list!)).toMatch(/^1\. Tom & Jerry <3 \*mega\* ~deal~ _now_$/m);

    emulator.sendText(user, '/link 1 family');
    const [card, note] = await next(2);
    expect(card!.method).toBe('sendPhoto');
    expect(card!.payload.parse_mode).toBe('HTML');
    const code = /\/r\/([0-9A-Za-z]+)/.exec(textOf(card!))![1]!;
    expect(textOf(card!)).toBe([
      '#ad',
      'My pick of the week 👇 &lt;b&gt;',
      '<b>Tom &amp; Jerry &lt;3 *mega* ~deal~ _now_</b>',
      '💰 €29.99 instead of <s>€45.99</s> (−35%)',
      `👉 https://dc.test/r/${code}`,
    ].join('\n'));
    expect(buttonsOf(card!).map((b) => b.callback_data ?? b.switch_inline_query)).toEqual([`/group #${tricky.id}`, `#${tricky.id}`]);
    // The commission stays in a private, plain note.
    expect(note!.payload.parse_mode).toBeUndefined();
    expect(textOf(note!)).toContain(translator('en').t('deal.commission', { amount: '€4.50', rate: '15%', group: '“family”' }));
    const link = await s.app.database.db.selectFrom('links').selectAll().where('code', '=', code).executeTakeFirstOrThrow();
    expect(link).toMatchObject({ product_id: tricky.id, group_label: 'family' });
  });

  it('posts the same HTML card from inline mode', async () => {
    const user: TelegramUser = { id: 5_560_002, first_name: 'Léa', language_code: 'en' };
    await registered(user);
    const queryId = s.emulator.inlineQuery(user, 'jerry');
    const [call] = (await s.emulator.waitForCall('answerInlineQuery')).filter((c) => c.payload.inline_query_id === queryId);
    const content = (call!.payload.results as { input_message_content: { message_text: string; parse_mode?: string } }[])[0]!.input_message_content;
    expect(content.parse_mode).toBe('HTML');
    expect(content.message_text).toMatch(/^#ad\n<b>Tom &amp; Jerry &lt;3 \*mega\* ~deal~ _now_<\/b>\n💰 €29\.99 instead of <s>€45\.99<\/s> \(−35%\)\n👉 https:\/\/dc\.test\/r\/\w+$/);
  });
});

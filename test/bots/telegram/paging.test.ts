import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translator } from '../../../core/i18n/translator.ts';
import { buttonsOf, textOf, type BotApiCall, type TelegramUser } from '../../support/telegram-bot-api.ts';
import { createTelegramStack, type TelegramStack } from '../../support/telegram-stack.ts';

let s: TelegramStack;

beforeAll(async () => {
  s = await createTelegramStack();
  const vendor = await s.make.vendor();
  const brand = await s.make.brand(vendor.id, { name: 'Lumio', commissionRateBps: 800, autoApprove: true });
  // Twelve deals: three pages of five.
  for (let i = 1; i <= 12; i++) await s.make.product(brand, { title: `Lamp model ${String(i).padStart(2, '0')}`, price: 1000 + i * 100 });
});
afterAll(async () => { await s?.close(); });

async function registered(user: TelegramUser): Promise<void> {
  for (const text of ['/start', user.first_name, 'FR', '/accept']) {
    await s.engine.handle({ channel: 'telegram', senderId: String(user.id), chatId: String(user.id), chatType: 'private', text, languageHint: user.language_code });
  }
}

const NEXT = '/next';
const hasNext = (message: { payload: Record<string, unknown> }) => buttonsOf(message).some((b) => b.callback_data === NEXT);
/** The answer to one button press. */
const answerTo = async (callbackId: string, count: number) => (await s.emulator.waitForCall('answerCallbackQuery', count)).find((c) => c.payload.callback_query_id === callbackId);

describe('paging a list on Telegram', () => {
  it('turns the page in the same message, and a tap under an older list only says it is out of date', async () => {
    const user: TelegramUser = { id: 5_570_001, first_name: 'Zofia', language_code: 'pl' };
    const i18n = translator('pl');
    await registered(user);
    const { emulator } = s;
    let answers = 0;

    emulator.sendText(user, '/deals');
    const [older] = await emulator.waitForMessages(user.id, 1);
    expect(hasNext(older!)).toBe(true);
    emulator.sendText(user, '/deals');
    const [list] = await emulator.waitForMessages(user.id, 1, { after: 1 });
    const listId = (list!.result as { message_id: number }).message_id;

    // Page 2 replaces page 1 in the same message: no new message, the spinner stopped without a word.
    const tap = emulator.pressButton(user, NEXT, undefined, list);
    const [edit] = await emulator.waitForCall('editMessageText');
    expect(edit!.payload.message_id).toBe(listId);
    expect(textOf(edit!)).toMatch(/^6\. Lamp model/m);
    expect(textOf(edit!)).not.toMatch(/^1\. /m);
    expect(hasNext(edit!)).toBe(true);
    expect((await answerTo(tap, ++answers))!.payload.text).toBeUndefined();
    expect(emulator.messagesTo(user.id)).toHaveLength(2);

    // The older list's button does not page the current list: a short note on the button, and the button goes.
    const stale = emulator.pressButton(user, NEXT, undefined, older);
    expect((await answerTo(stale, ++answers))!.payload.text).toBe(i18n.t('deals.stale'));
    const [dropped] = await emulator.waitForCall('editMessageReplyMarkup');
    expect(dropped!.payload.message_id).toBe((older!.result as { message_id: number }).message_id);
    expect(hasNext(dropped!)).toBe(false);
    expect(buttonsOf(dropped!).length).toBeGreaterThan(0);
    expect(emulator.callsOf('editMessageText')).toHaveLength(1);

    // The current list goes on to its last page, which has no "next" any more.
    const last = emulator.pressButton(user, NEXT, undefined, list);
    const [, lastPage] = await emulator.waitForCall('editMessageText', 2);
    expect(lastPage!.payload.message_id).toBe(listId);
    expect(textOf(lastPage!)).toMatch(/^11\. Lamp model/m);
    expect(hasNext(lastPage!)).toBe(false);
    expect(await answerTo(last, ++answers)).toBeDefined();
    expect(emulator.messagesTo(user.id)).toHaveLength(2);
  });

  it('answers every button press, also one that sends new messages', async () => {
    const user: TelegramUser = { id: 5_570_002, first_name: 'Anna', language_code: 'ru' };
    await registered(user);
    const before = s.emulator.callsOf('answerCallbackQuery').length;
    const tap = s.emulator.pressButton(user, '/help');
    const [help] = await s.emulator.waitForMessages(user.id, 1);
    expect(textOf(help!)).toBe(translator('ru').t('help.text'));
    const answered: BotApiCall[] = await s.emulator.waitForCall('answerCallbackQuery', before + 1);
    expect(answered.some((c) => c.payload.callback_query_id === tap)).toBe(true);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translator } from '../../../core/i18n/translator.ts';
import { textOf, type TelegramChat, type TelegramUser } from '../../support/telegram-bot-api.ts';
import { createTelegramStack, type TelegramStack } from '../../support/telegram-stack.ts';

let s: TelegramStack;

beforeAll(async () => { s = await createTelegramStack(); });
afterAll(async () => { await s?.close(); });

describe('a group with forum topics', () => {
  it('answers in the topic it was asked in, buttons’ follow-ups included, and in the main chat what was asked there', async () => {
    const user: TelegramUser = { id: 5_580_001, first_name: 'Kuba', language_code: 'pl' };
    const forum: TelegramChat = { id: -1_001_580_000, type: 'supergroup', title: 'Okazje', is_forum: true };
    const { emulator } = s;

    emulator.sendText(user, '/help', forum, { threadId: 42 });
    const [inTopic] = await emulator.waitForMessages(forum.id, 1);
    expect(textOf(inTopic!)).toBe(translator('pl').t('help.text'));
    expect(inTopic!.payload.message_thread_id).toBe(42);

    // A button under the bot's message in the topic: the answer stays in the topic.
    emulator.pressButton(user, '/help', forum, inTopic);
    const [followUp] = await emulator.waitForMessages(forum.id, 1, { after: 1 });
    expect(followUp!.payload.message_thread_id).toBe(42);

    // The forum's general chat has no topic id: none is added.
    emulator.sendText(user, '/help', forum);
    const [general] = await emulator.waitForMessages(forum.id, 1, { after: 2 });
    expect(general!.payload.message_thread_id).toBeUndefined();
  });
});

import { pino } from 'pino';
import { Telegram } from 'telegraf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Language } from '../../../core/i18n/languages.ts';
import { translator } from '../../../core/i18n/translator.ts';
import { setCommandMenus } from '../../../bots/telegram/command-menu.ts';
import { BotApiEmulator, type BotApiCall } from '../../support/telegram-bot-api.ts';
import { createTelegramStack, type TelegramStack } from '../../support/telegram-stack.ts';

let s: TelegramStack;

beforeAll(async () => { s = await createTelegramStack(); });
afterAll(async () => { await s?.close(); });

type MenuCall = BotApiCall & { payload: { commands: { command: string; description: string }[]; scope?: { type: string }; language_code?: string } };

describe('the command menu', () => {
  it('is set on start in English for everyone and in each of our languages for its speakers, with the commands a person uses', async () => {
    const calls = (await s.emulator.waitForCall('setMyCommands', 5)) as MenuCall[];
    expect(calls.map((c) => c.payload.language_code)).toEqual([undefined, 'ru', 'fr', 'es', 'pl']);
    for (const call of calls) {
      const language = (call.payload.language_code ?? 'en') as Language;
      const i18n = translator(language);
      expect(call.payload.scope).toEqual({ type: 'default' });
      const commands = call.payload.commands.map((c) => c.command);
      expect(commands).toEqual(expect.arrayContaining(['deals', 'search', 'link', 'stats', 'balance', 'payout', 'help', 'lang', 'start', 'autopost']));
      // "Coming soon" commands are not advertised; every name is one Telegram accepts.
      expect(commands).toEqual(expect.arrayContaining(['pick', 'unpick', 'storefront', 'autopost', 'campaigns']));
      for (const name of commands) expect(name).toMatch(/^[a-z0-9_]{1,32}$/);
      expect(call.payload.commands.find((c) => c.command === 'deals')!.description).toBe(i18n.t('menu.deals'));
      expect(call.payload.commands.every((c) => c.description.length >= 1 && c.description.length <= 256)).toBe(true);
    }
    expect(calls[4]!.payload.commands.find((c) => c.command === 'deals')!.description).not.toBe(calls[0]!.payload.commands.find((c) => c.command === 'deals')!.description);
  });

  it('a menu Telegram refuses is logged and the others are still set', async () => {
    const emulator = await BotApiEmulator.start();
    try {
      const warnings: object[] = [];
      const logger = pino({ level: 'silent' });
      emulator.failNext('setMyCommands', { error_code: 400, description: 'Bad Request: BOT_COMMAND_DESCRIPTION_INVALID' });
      await setCommandMenus(new Telegram(emulator.token, { apiRoot: emulator.apiRoot }), { error: logger.error.bind(logger), warn: (details) => { warnings.push(details); } });
      expect(emulator.callsOf('setMyCommands').map((c) => c.ok)).toEqual([false, true, true, true, true]);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatchObject({ language: 'en' });
    } finally {
      await emulator.close();
    }
  });
});

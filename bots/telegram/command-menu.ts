import type { Telegram } from 'telegraf';
import type { BotCommand } from 'telegraf/types';
import { DEFAULT_LANGUAGE, LANGUAGES, type Language } from '../../core/i18n/languages.ts';
import { translator, type MessageKey } from '../../core/i18n/translator.ts';
import type { EngineLogger, PublicCommandName } from '../engine/index.ts';

type MenuCommand = PublicCommandName;

/**
 * The menu's commands in the order a person meets them, each with its catalogue description.
 * A public command added to the engine does not compile here until it has its line.
 */
const MENU: Readonly<Record<MenuCommand, MessageKey>> = {
  deals: 'menu.deals',
  search: 'menu.search',
  link: 'menu.link',
  intro: 'menu.intro',
  qr: 'menu.qr',
  poster: 'menu.poster',
  insta: 'menu.insta',
  autopost: 'menu.autopost',
  pick: 'menu.pick',
  unpick: 'menu.unpick',
  storefront: 'menu.storefront',
  brands: 'menu.brands',
  join: 'menu.join',
  follow: 'menu.follow',
  unfollow: 'menu.unfollow',
  alerts: 'menu.alerts',
  campaigns: 'menu.campaigns',
  stats: 'menu.stats',
  balance: 'menu.balance',
  payout: 'menu.payout',
  invite: 'menu.invite',
  lang: 'menu.lang',
  help: 'menu.help',
  start: 'menu.start',
  export: 'menu.export',
  deleteme: 'menu.deleteme',
};

/** What Telegram accepts as a command name. */
const COMMAND_NAME = /^[a-z0-9_]{1,32}$/;
const MAX_DESCRIPTION = 256;

/** The command menu in one language. */
export function commandMenu(language: Language): BotCommand[] {
  const i18n = translator(language);
  return (Object.entries(MENU) as [MenuCommand, MessageKey][])
    .filter(([command]) => COMMAND_NAME.test(command))
    .map(([command, key]) => ({ command, description: [...i18n.t(key)].slice(0, MAX_DESCRIPTION).join('') }));
}

/**
 * Sets the "/" menu: English for every client (the default scope), and each other language
 * for clients set to it (`language_code`). A menu Telegram refuses is logged; the bot runs on.
 */
export async function setCommandMenus(telegram: Telegram, logger: EngineLogger): Promise<void> {
  for (const language of [DEFAULT_LANGUAGE, ...LANGUAGES.filter((l) => l !== DEFAULT_LANGUAGE)]) {
    try {
      await telegram.setMyCommands(commandMenu(language), {
        scope: { type: 'default' },
        ...(language === DEFAULT_LANGUAGE ? {} : { language_code: language }),
      });
    } catch (err) {
      logger.warn({ err, language }, 'telegram: the command menu could not be set');
    }
  }
}

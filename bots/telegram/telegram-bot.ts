import crypto from 'node:crypto';
import { Telegraf, type Context, type MiddlewareFn } from 'telegraf';
import type { Update } from 'telegraf/types';
import type { BotEngine, EngineLogger, SessionStore } from '../engine/index.ts';
import { setCommandMenus } from './command-menu.ts';
import { chatMembershipComposer } from './chat-membership.composer.ts';
import { inlineComposer } from './inline.composer.ts';
import { messagesComposer } from './messages.composer.ts';
import { everyListCurrent, pagedLists } from './paged-lists.ts';
import { retryAfterOnlyPacer, type SendPacer } from './send-pacer.ts';

export interface TelegramBotOptions {
  token: string;
  /** TELEGRAM_API_ROOT: the public Bot API or any compatible server; every call goes there. */
  apiRoot: string;
  engine: BotEngine;
  logger: EngineLogger & { info(details: object, message: string): void };
  /** The send pacer shared with the notifications worker (`createRedisSendPacer`); default: only 429s are waited out. */
  pacer?: SendPacer;
  /** Where the bot keeps which message shows a chat's current list; default: none (every list is current). */
  sessions?: SessionStore;
}

/** The updates the bot asks Telegram for; `my_chat_member` tells it where it may post (/autopost). */
export const ALLOWED_UPDATES = ['message', 'callback_query', 'inline_query', 'my_chat_member'] as const;

/**
 * One person's updates are handled in the order they came, even when Telegram delivers several
 * in one batch (telegraf handles a batch concurrently): a registration's answers must not
 * overtake each other.
 */
function oneAtATimePerChat(): MiddlewareFn<Context> {
  const queues = new Map<string, Promise<unknown>>();
  return async (ctx, next) => {
    const key = ctx.from ? `${ctx.chat?.id ?? 'inline'}:${ctx.from.id}` : undefined;
    if (!key) return next();
    const previous = queues.get(key) ?? Promise.resolve();
    const current = previous.then(() => next(), () => next());
    queues.set(key, current);
    try {
      await current;
    } finally {
      if (queues.get(key) === current) queues.delete(key);
    }
  };
}

/** Updates still being answered, per bot: a stop waits for them. */
const IN_FLIGHT = new WeakMap<Telegraf<Context>, Set<Promise<void>>>();

/**
 * Answers each update without holding up the next ones: telegraf's polling waits for a whole
 * batch, and a webhook call for its update, while a paced reply may wait its turn for seconds
 * (a busy group: up to a minute). Failures are logged here, since nothing awaits them.
 */
function answeredInBackground(inFlight: Set<Promise<void>>, logger: TelegramBotOptions['logger']): MiddlewareFn<Context> {
  return (ctx, next) => {
    const work: Promise<void> = next()
      .catch((err: unknown) => logger.warn({ err, updateId: ctx.update.update_id, updateType: updateKindOf(ctx.update) }, 'telegram update failed'))
      .finally(() => { inFlight.delete(work); });
    inFlight.add(work);
    return Promise.resolve();
  };
}

/**
 * The update's kind for a log line, read off its fields: telegraf's `ctx.updateType` throws for
 * an update it cannot name (`{"message": false}`), and a throw in the failure's own log line
 * would escape as an unhandled rejection.
 */
function updateKindOf(update: object): string {
  return Object.keys(update).find((key) => key !== 'update_id') ?? 'none';
}

/** Waits until the updates being answered are answered (a stop lets them finish). */
export async function settleTelegramUpdates(bot: Telegraf<Context>): Promise<void> {
  await Promise.allSettled([...(IN_FLIGHT.get(bot) ?? [])]);
}

/** The Telegram bot: messages and buttons, then inline mode, behind one error boundary. */
export function createTelegramBot(options: TelegramBotOptions): Telegraf<Context> {
  const bot = new Telegraf<Context>(options.token, { telegram: { apiRoot: options.apiRoot } });
  const inFlight = new Set<Promise<void>>();
  IN_FLIGHT.set(bot, inFlight);
  bot.use(answeredInBackground(inFlight, options.logger));
  bot.use(oneAtATimePerChat());
  const lists = options.sessions ? pagedLists(options.sessions) : everyListCurrent;
  const pacer = options.pacer ?? retryAfterOnlyPacer();
  bot.use(messagesComposer(options.engine, { pacer, lists }), inlineComposer(options.engine), chatMembershipComposer(options.engine, { pacer }));
  bot.catch((err, ctx) => {
    // A reply that could not be delivered (the person blocked the bot meanwhile, Telegram is down): logged, never fatal.
    options.logger.warn({ err, updateId: ctx.update.update_id, updateType: updateKindOf(ctx.update) }, 'telegram update failed');
  });
  return bot;
}

export interface RunningTelegramBot {
  readonly username: string;
  stop(): Promise<void>;
}

/**
 * Long polling (the default): `launch()` resolves only when polling stops, so it is not
 * awaited; a failure to start (a wrong token) is logged and the rest of the process runs on.
 */
export async function startTelegramPolling(bot: Telegraf<Context>, logger: TelegramBotOptions['logger']): Promise<RunningTelegramBot> {
  bot.botInfo ??= await bot.telegram.getMe();
  await setCommandMenus(bot.telegram, logger);
  const polling = bot.launch({ allowedUpdates: [...ALLOWED_UPDATES] }, () => logger.info({ username: bot.botInfo?.username }, 'telegram bot polling'));
  const stopped = polling.catch((err: unknown) => logger.error({ err }, 'telegram polling stopped with an error'));
  return {
    username: bot.botInfo.username,
    async stop() {
      try {
        bot.stop('shutdown');
      } catch {
        // Not running (it failed to start): nothing to stop.
      }
      await stopped;
      await settleTelegramUpdates(bot);
    },
  };
}

/** The webhook's secret token, derived from the deployment's secret so that every api process agrees on it. */
export function telegramWebhookSecret(secretKey: string): string {
  return crypto.createHmac('sha256', secretKey).update('dealcast:telegram-webhook').digest('hex');
}

export const TELEGRAM_WEBHOOK_PATH = '/telegram/webhook';

/**
 * Webhook mode (PUBLIC_URL set): Telegram posts updates to `<PUBLIC_URL>/telegram/webhook`
 * with the secret token in `X-Telegram-Bot-Api-Secret-Token`; the api role checks it and
 * hands the update to `handleUpdate`.
 */
export async function startTelegramWebhook(
  bot: Telegraf<Context>,
  options: { publicUrl: string; secretToken: string; logger: TelegramBotOptions['logger'] },
): Promise<RunningTelegramBot & { handleUpdate(update: unknown): Promise<void> }> {
  bot.botInfo ??= await bot.telegram.getMe();
  const url = `${options.publicUrl}${TELEGRAM_WEBHOOK_PATH}`;
  await bot.telegram.setWebhook(url, { secret_token: options.secretToken, allowed_updates: [...ALLOWED_UPDATES] });
  await setCommandMenus(bot.telegram, options.logger);
  options.logger.info({ username: bot.botInfo.username, url }, 'telegram bot webhook set');
  return {
    username: bot.botInfo.username,
    handleUpdate: (update) => bot.handleUpdate(update as Update),
    // The webhook stays registered: Telegram keeps the updates until a process answers again.
    stop: () => settleTelegramUpdates(bot),
  };
}

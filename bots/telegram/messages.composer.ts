import { Composer, type Context } from 'telegraf';
import type { Message } from 'telegraf/types';
import type { BotEngine, IncomingMessage } from '../engine/index.ts';
import { sendReplies } from './render.ts';

/** The text of any message: its text, a media caption, or nothing (a sticker, a voice note). */
function textOf(message: Message): string {
  if ('text' in message) return message.text;
  if ('caption' in message && typeof message.caption === 'string') return message.caption;
  return '';
}

/**
 * In a group, a message is for the bot when it is a command (not addressed to another bot),
 * mentions the bot, or replies to one of its messages.
 */
function addressedToBot(ctx: Context, message: Message, text: string): boolean {
  if (ctx.chat?.type === 'private') return true;
  const username = ctx.botInfo?.username;
  if (text.startsWith('/')) return true;
  if (username && text.toLowerCase().includes(`@${username.toLowerCase()}`)) return true;
  return 'reply_to_message' in message && message.reply_to_message?.from?.id === ctx.botInfo?.id;
}

/** A Telegram message as the engine reads it. */
export function toIncoming(ctx: Context, text: string, addressed: boolean): IncomingMessage | undefined {
  if (!ctx.chat || !ctx.from || ctx.from.is_bot) return undefined;
  return {
    channel: 'telegram',
    senderId: String(ctx.from.id),
    ...(ctx.from.username ? { senderUsername: ctx.from.username } : {}),
    chatId: String(ctx.chat.id),
    chatType: ctx.chat.type === 'private' ? 'private' : 'group',
    text,
    languageHint: ctx.from.language_code,
    addressedToBot: addressed,
    botUsername: ctx.botInfo?.username,
  };
}

/** Messages (commands, words, pasted shop links) and button presses, answered by the engine. */
export function messagesComposer(engine: BotEngine): Composer<Context> {
  const composer = new Composer<Context>();

  composer.on('message', async (ctx) => {
    const text = textOf(ctx.message);
    const incoming = toIncoming(ctx, text, addressedToBot(ctx, ctx.message, text));
    if (!incoming) return;
    const replies = await engine.handle(incoming);
    await sendReplies(ctx.telegram, ctx.chat.id, replies);
  });

  composer.on('callback_query', async (ctx) => {
    const query = ctx.callbackQuery;
    // Stop the button's spinner first; answering late is harmless, failing to is not worth an error.
    await ctx.answerCbQuery().catch(() => undefined);
    if (!('data' in query) || !query.message) return;
    const incoming = toIncoming(ctx, query.data, true);
    if (!incoming) return;
    const replies = await engine.handle(incoming);
    await sendReplies(ctx.telegram, query.message.chat.id, replies);
  });

  return composer;
}

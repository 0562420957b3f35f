import { Composer, type Context } from 'telegraf';
import type { MaybeInaccessibleMessage, Message } from 'telegraf/types';
import { resolveLanguage } from '../../core/i18n/languages.ts';
import { translator } from '../../core/i18n/translator.ts';
import type { BotEngine, IncomingMessage } from '../engine/index.ts';
import { PacedTelegram } from './paced-telegram.ts';
import { hasNextPage, NEXT_PAGE_ACTION, withoutNextPage, type PagedLists } from './paged-lists.ts';
import { editReply, inlineKeyboard, sendReplies } from './render.ts';
import type { SendPacer } from './send-pacer.ts';

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
    // The name the person gave Telegram: registration proposes it instead of asking.
    senderName: [ctx.from.first_name, ctx.from.last_name].filter(Boolean).join(' '),
    chatId: String(ctx.chat.id),
    chatType: ctx.chat.type === 'private' ? 'private' : 'group',
    text,
    languageHint: ctx.from.language_code,
    addressedToBot: addressed,
    botUsername: ctx.botInfo?.username,
  };
}

export interface MessagesOptions {
  /** The send pacer every reply waits its turn in (shared with the notifications worker). */
  pacer: SendPacer;
  lists: PagedLists;
}

/** A callback's answer text: Telegram shows at most 200 characters. */
const MAX_CALLBACK_TEXT = 200;

/** The forum topic a message is in, to answer in the same topic; none outside forums. */
function topicOf(message: MaybeInaccessibleMessage | Message): number | undefined {
  return 'is_topic_message' in message && message.is_topic_message ? message.message_thread_id : undefined;
}

/** Messages (commands, words, pasted shop links) and button presses, answered by the engine. */
export function messagesComposer(engine: BotEngine, options: MessagesOptions): Composer<Context> {
  const composer = new Composer<Context>();
  const { lists } = options;

  /** This update's client: paced, in the topic of the message answered, noting the lists it sends. */
  const clientFor = (ctx: Context, chatId: number, threadId: number | undefined, sent: number[]) => new PacedTelegram(ctx.telegram.token, ctx.telegram.options, {
    pacer: options.pacer,
    ...(threadId === undefined ? {} : { topic: { chatId, threadId } }),
    onSent: (_method, payload, result) => {
      const messageId = (result as { message_id?: unknown } | undefined)?.message_id;
      if (typeof messageId === 'number' && hasNextPage(payload.reply_markup)) sent.push(messageId);
    },
  });
  const rememberLists = async (chatId: number, sent: number[]) => {
    const latest = sent[sent.length - 1];
    if (latest !== undefined) await lists.remember(chatId, latest);
  };

  composer.on('message', async (ctx) => {
    const text = textOf(ctx.message);
    const incoming = toIncoming(ctx, text, addressedToBot(ctx, ctx.message, text));
    if (!incoming) return;
    const replies = await engine.handle(incoming);
    const sent: number[] = [];
    await sendReplies(clientFor(ctx, ctx.chat.id, topicOf(ctx.message), sent), ctx.chat.id, replies);
    await rememberLists(ctx.chat.id, sent);
  });

  composer.on('callback_query', async (ctx) => {
    const query = ctx.callbackQuery;
    // Every tap is answered (else the button spins); answering twice or late is harmless, failing to is not worth an error.
    const answer = (text?: string) => ctx.answerCbQuery(text === undefined ? undefined : [...text].slice(0, MAX_CALLBACK_TEXT).join('')).catch(() => undefined);
    const message = query.message;
    const incoming = 'data' in query && message ? toIncoming(ctx, query.data, true) : undefined;
    if (!incoming || !message) return void await answer();
    const chatId = message.chat.id;
    const sent: number[] = [];
    const telegram = clientFor(ctx, chatId, topicOf(message), sent);
    if (incoming.text !== NEXT_PAGE_ACTION) {
      await answer();
      await sendReplies(telegram, chatId, await engine.handle(incoming));
      return rememberLists(chatId, sent);
    }
    // "Next page" turns the list in place; a tap under an older list only says so.
    const dropNextPage = () => telegram.editMessageReplyMarkup(chatId, message.message_id, undefined, withoutNextPage('reply_markup' in message ? message.reply_markup : undefined))
      .catch(() => undefined);
    if (!(await lists.isCurrent(chatId, message.message_id))) {
      await answer(translator(resolveLanguage(ctx.from.language_code)).t('deals.stale'));
      await dropNextPage();
      return;
    }
    const replies = await engine.handle(incoming);
    const [page] = replies;
    if (replies.length === 1 && page && (page.buttons ?? []).length > 0) {
      await answer();
      if (await editReply(telegram, chatId, message.message_id, page)) {
        if (hasNextPage(inlineKeyboard(page.buttons))) await lists.remember(chatId, message.message_id);
        return;
      }
    } else if (replies.length === 1 && page && page.kind === 'text') {
      // The end of the list, or a list that expired: said on the button, and the button goes.
      await answer(page.text);
      await dropNextPage();
      return;
    } else {
      await answer();
    }
    await sendReplies(telegram, chatId, replies);
    await rememberLists(chatId, sent);
  });

  return composer;
}

import { TelegramError, type Telegram } from 'telegraf';
import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'telegraf/types';
import type { Button, Reply } from '../engine/index.ts';
import { telegramHtml } from './telegram-html.ts';

const MAX_TEXT = 4096;
const MAX_CAPTION = 1024;
const MAX_CALLBACK_DATA_BYTES = 64;
/** Buttons whose labels are this short share a row, two by two. */
const SHORT_LABEL = 18;
/** A 429 on a reply is waited out once when Telegram asks for this long at most. */
const MAX_REPLY_RETRY_S = 10;

function toTelegramButton(button: Button): InlineKeyboardButton | undefined {
  if ('url' in button) return { text: button.label, url: button.url };
  if ('share' in button) return { text: button.label, switch_inline_query: button.share };
  if (Buffer.byteLength(button.action) > MAX_CALLBACK_DATA_BYTES) return undefined;
  return { text: button.label, callback_data: button.action };
}

/** The engine's buttons as an inline keyboard: short labels two per row, long ones alone. */
export function inlineKeyboard(buttons: Button[] | undefined): InlineKeyboardMarkup | undefined {
  const converted = (buttons ?? []).map(toTelegramButton).filter((b): b is InlineKeyboardButton => b !== undefined);
  if (converted.length === 0) return undefined;
  const rows: InlineKeyboardButton[][] = [];
  for (const button of converted) {
    const last = rows[rows.length - 1];
    const short = [...button.text].length <= SHORT_LABEL;
    if (last && last.length === 1 && short && [...last[0]!.text].length <= SHORT_LABEL) last.push(button);
    else rows.push([button]);
  }
  return { inline_keyboard: rows };
}

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** A reply's text as Telegram gets it: its formatted runs as HTML when it has them, else the plain text (no parse mode). */
function formatted(reply: Reply, max: number): { text: string; parse_mode?: 'HTML' } {
  return reply.rich ? { text: telegramHtml(reply.rich, max), parse_mode: 'HTML' } : { text: cut(reply.text, max) };
}

function captioned(reply: Reply): { caption: string; parse_mode?: 'HTML' } {
  const { text, parse_mode } = formatted(reply, MAX_CAPTION);
  return parse_mode ? { caption: text, parse_mode } : { caption: text };
}

async function sendOne(telegram: Telegram, chatId: number | string, reply: Reply): Promise<void> {
  const reply_markup = inlineKeyboard(reply.buttons);
  if (reply.kind === 'image' && reply.file) {
    await telegram.sendPhoto(chatId, { source: Buffer.from(reply.file.data), filename: reply.file.name }, { ...captioned(reply), reply_markup });
    return;
  }
  if (reply.kind === 'image' && reply.imageUrl) {
    try {
      await telegram.sendPhoto(chatId, reply.imageUrl, { ...captioned(reply), reply_markup });
      return;
    } catch (error) {
      // Telegram could not fetch the shop's image: the deal still goes out, as text (its link preview shows the product).
      if (!(error instanceof TelegramError) || error.code !== 400) throw error;
    }
  }
  if (reply.kind === 'file' && reply.file) {
    await telegram.sendDocument(chatId, { source: Buffer.from(reply.file.data), filename: reply.file.name }, { ...captioned(reply), reply_markup });
    return;
  }
  const { text, parse_mode } = formatted(reply, MAX_TEXT);
  await telegram.sendMessage(chatId, text, { reply_markup, ...(parse_mode ? { parse_mode } : {}) });
}

/**
 * Sends the engine's replies in order. Plain text has no parse mode, so whatever a person typed
 * comes back as typed; a formatted reply (a deal card) goes as escaped HTML. A short 429 is waited out once; anything else is thrown.
 */
export async function sendReplies(telegram: Telegram, chatId: number | string, replies: Reply[]): Promise<void> {
  for (const reply of replies) {
    try {
      await sendOne(telegram, chatId, reply);
    } catch (error) {
      const retryAfter = error instanceof TelegramError && error.code === 429 ? error.parameters?.retry_after : undefined;
      if (retryAfter === undefined || retryAfter > MAX_REPLY_RETRY_S) throw error;
      await new Promise((resolve) => setTimeout(resolve, retryAfter * 1000));
      await sendOne(telegram, chatId, reply);
    }
  }
}

/**
 * Puts a reply in place of a message the bot sent (the next page of a list): its text and
 * buttons, formatted as `sendReplies` would. False when Telegram cannot edit that message (a
 * photo, or one too old), so that the caller sends the reply instead.
 */
export async function editReply(telegram: Telegram, chatId: number | string, messageId: number, reply: Reply): Promise<boolean> {
  const { text, parse_mode } = formatted(reply, MAX_TEXT);
  try {
    await telegram.editMessageText(chatId, messageId, undefined, text, { reply_markup: inlineKeyboard(reply.buttons), ...(parse_mode ? { parse_mode } : {}) });
    return true;
  } catch (error) {
    if (error instanceof TelegramError && error.code === 400) return /not modified/i.test(error.description);
    throw error;
  }
}

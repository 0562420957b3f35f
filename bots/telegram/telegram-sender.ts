import { TelegramError } from 'telegraf';
import { ChatRateLimitedError, ChatUnreachableError, type ChatSender } from '../../core/notifications/chat-delivery.ts';
import { PacedTelegram } from './paced-telegram.ts';
import { retryAfterOnlyPacer, type SendPacer } from './send-pacer.ts';

/** 400 descriptions that mean the chat is gone for good, not that the message was wrong. */
const GONE = /chat not found|user is deactivated|peer_id_invalid|bot was kicked|have no rights to send/i;

/**
 * Sends notifications through the Bot API (at TELEGRAM_API_ROOT), translating its refusals for
 * the notifications worker: 429 → `ChatRateLimitedError` with Telegram's `retry_after`; 403 (the
 * person blocked the bot) or a chat that no longer exists → `ChatUnreachableError`. Anything
 * else is thrown as it is, and retried with backoff. Each message waits its turn in `pacer`,
 * the one the bot's replies wait in (a short 429 is waited out there, in place).
 */
export function createTelegramSender(options: { token: string; apiRoot: string; pacer?: SendPacer }): ChatSender {
  const telegram = new PacedTelegram(options.token, { apiRoot: options.apiRoot }, { pacer: options.pacer ?? retryAfterOnlyPacer() });
  return {
    async send(chatId, text, options) {
      // An action is a button that sends its command, as if typed (bots/telegram/render.ts reads callback data the same way).
      const buttons = (options?.actions ?? []).map((a) => [{ text: a.label, callback_data: `/${a.command} ${a.args}` }])
        .filter(([b]) => Buffer.byteLength(b!.callback_data) <= 64);
      try {
        await telegram.sendMessage(chatId, text.length > 4096 ? `${text.slice(0, 4095)}…` : text, buttons.length > 0 ? { reply_markup: { inline_keyboard: buttons } } : {});
      } catch (error) {
        if (error instanceof TelegramError) {
          if (error.code === 429) throw new ChatRateLimitedError(error.parameters?.retry_after ?? 1, error.description);
          if (error.code === 403 || (error.code === 400 && GONE.test(error.description))) throw new ChatUnreachableError(error.description);
        }
        throw error;
      }
    },
  };
}

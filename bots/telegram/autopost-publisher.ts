import { TelegramError } from 'telegraf';
import type { AutopostPublisher } from '../../core/autopost/autopost.ports.ts';
import { translator } from '../../core/i18n/translator.ts';
import { ChatUnreachableError } from '../../core/notifications/chat-delivery.ts';
import { dealCard } from '../engine/index.ts';
import { PacedTelegram } from './paced-telegram.ts';
import { retryAfterOnlyPacer, type SendPacer } from './send-pacer.ts';
import { telegramHtml } from './telegram-html.ts';

const MAX_CAPTION = 1024;
const MAX_TEXT = 4096;
/** What Telegram answers when the bot may not post in a chat any more (400s among them; a group upgraded to a supergroup has a new id, recorded when the bot is made its admin there). */
const NO_RIGHTS = /not enough rights|have no rights|need administrator rights|chat not found|bot was kicked|bot is not a member|CHAT_WRITE_FORBIDDEN|CHAT_ADMIN_REQUIRED|PEER_ID_INVALID|chat_restricted|upgraded to a supergroup/i;

function refusedForGood(error: unknown): boolean {
  return error instanceof TelegramError && (error.code === 403 || (error.code === 400 && NO_RIGHTS.test(error.description)));
}

/**
 * Posts the deal card of /link (the ad label, the influencer's intro, the title, the price, the
 * tracked link; nothing of the bot's own buttons) into a channel or group: a photo with its
 * HTML caption, or the text when Telegram cannot fetch the picture. Every post waits its turn in
 * the pacer the replies and notifications share. A chat where the bot may no longer post is
 * refused with `ChatUnreachableError`.
 */
export function createAutopostPublisher(options: { token: string; apiRoot: string; pacer?: SendPacer }): AutopostPublisher {
  const telegram = new PacedTelegram(options.token, { apiRoot: options.apiRoot }, { pacer: options.pacer ?? retryAfterOnlyPacer() });
  const guarded = async <T>(call: () => Promise<T>): Promise<T> => {
    try {
      return await call();
    } catch (error) {
      if (refusedForGood(error)) throw new ChatUnreachableError((error as TelegramError).description);
      throw error;
    }
  };
  return {
    async post(chatId, card) {
      const { rich } = dealCard(translator(card.language), card.deal, card.figures, card.url, card.intro);
      if (card.deal.imageUrl) {
        try {
          const sent = await telegram.sendPhoto(chatId, card.deal.imageUrl, { caption: telegramHtml(rich, MAX_CAPTION), parse_mode: 'HTML' });
          return { messageId: String(sent.message_id) };
        } catch (error) {
          // A picture Telegram could not fetch: the deal still goes, as text (its link preview shows the product).
          if (refusedForGood(error)) throw new ChatUnreachableError((error as TelegramError).description);
          if (!(error instanceof TelegramError) || error.code !== 400) throw error;
        }
      }
      const sent = await guarded(() => telegram.sendMessage(chatId, telegramHtml(rich, MAX_TEXT), { parse_mode: 'HTML' }));
      return { messageId: String(sent.message_id) };
    },
    memberCount: (chatId) => guarded(() => telegram.callApi('getChatMemberCount', { chat_id: chatId })),
  };
}

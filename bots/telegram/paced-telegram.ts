import { Telegram, TelegramError } from 'telegraf';
import type { SendPacer } from './send-pacer.ts';

/** Calls that put (or change) a message in a chat: each waits its turn in the shared pacer. */
const PACED_METHODS = new Set<string>([
  'sendMessage', 'sendPhoto', 'sendDocument', 'sendMediaGroup', 'sendAnimation', 'sendVideo', 'copyMessage', 'forwardMessage',
  'editMessageText', 'editMessageCaption', 'editMessageReplyMarkup',
]);
/** Calls that take a forum topic's `message_thread_id`. */
const TOPIC_METHODS = new Set<string>(['sendMessage', 'sendPhoto', 'sendDocument', 'sendMediaGroup', 'sendAnimation', 'sendVideo', 'copyMessage', 'forwardMessage']);
/** A 429 is waited out in place up to this long (a reply someone is waiting for); a longer one is thrown. */
const MAX_IN_PLACE_RETRY_S = 10;
const MAX_ATTEMPTS = 4;

export interface PacedTelegramOptions {
  pacer: SendPacer;
  /** Sends to this chat go to this forum topic (the topic of the message being answered). */
  topic?: { chatId: string | number; threadId: number };
  /** Told about every message sent or edited, with what Telegram answered (the message id of a list). */
  onSent?: (method: string, payload: Record<string, unknown>, result: unknown) => void;
}

function chatOf(payload: unknown): string | number | undefined {
  const chatId = (payload as { chat_id?: unknown } | undefined)?.chat_id;
  return typeof chatId === 'string' || typeof chatId === 'number' ? chatId : undefined;
}

/**
 * The Bot API client every reply and notification goes through: each message first waits for
 * its moment in the pacer shared by all processes (Telegram's limits per chat, per group and
 * per token), a 429 holds the chat for its `retry_after` and the message is sent again after
 * it, and a reply in a forum topic stays in that topic. Telegraf's methods call `callApi`, so
 * `render.ts` and the composers use it as the plain `Telegram` it is.
 */
export class PacedTelegram extends Telegram {
  constructor(token: string, telegramOptions: Partial<Telegram['options']>, private readonly pacing: PacedTelegramOptions) {
    super(token, telegramOptions);
    // An own property rather than an override: the base method is generic over the whole Bot API.
    const plain = Telegram.prototype.callApi.bind(this) as (method: string, payload: unknown, options?: unknown) => Promise<unknown>;
    this.callApi = ((method: string, payload: unknown, options?: unknown) => this.paced(plain, method, payload, options)) as Telegram['callApi'];
  }

  /** The same client for the messages of one update: its answers go to its forum topic. */
  forTopic(topic: PacedTelegramOptions['topic'], onSent?: PacedTelegramOptions['onSent']): PacedTelegram {
    return new PacedTelegram(this.token, this.options, { ...this.pacing, topic, onSent });
  }

  private async paced(plain: (method: string, payload: unknown, options?: unknown) => Promise<unknown>, method: string, payload: unknown, options: unknown): Promise<unknown> {
    const chatId = chatOf(payload);
    if (!PACED_METHODS.has(method) || chatId === undefined) return plain(method, payload, options);
    const { topic, pacer, onSent } = this.pacing;
    const inTopic = topic && TOPIC_METHODS.has(method) && String(topic.chatId) === String(chatId)
      && (payload as { message_thread_id?: unknown }).message_thread_id === undefined;
    const sent = (inTopic ? { ...(payload as object), message_thread_id: topic.threadId } : payload) as Record<string, unknown>;
    const turn = await pacer.waitTurn(chatId);
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await plain(method, sent, options);
        onSent?.(method, sent, result);
        return result;
      } catch (error) {
        const retryAfter = error instanceof TelegramError && error.code === 429 ? error.parameters?.retry_after ?? 1 : undefined;
        if (retryAfter === undefined) throw error;
        const retry = retryAfter <= MAX_IN_PLACE_RETRY_S && attempt < MAX_ATTEMPTS;
        await pacer.retryAfter(turn, retryAfter * 1000, { retry });
        if (!retry) throw error;
      }
    }
  }
}

import type { Language } from '../i18n/languages.ts';
import type { ChatChannel, InfluencerStatus } from '../influencers/influencer-accounts.service.ts';

/**
 * Sends one text to one chat of one channel (Telegram now, WhatsApp next). Implementations
 * translate their transport's refusals into the errors below, so that the notifications
 * worker decides the same way for every channel.
 */
export interface ChatSender {
  /** `deliveryId` is the same on every attempt of one notification: a sender that queues durably uses it to send it once. */
  send(chatId: string, text: string, options?: ChatSendOptions): Promise<void>;
}

/**
 * A one-tap answer under a notification: the command the person would otherwise type
 * (`link` with `#46`, bots/engine/deal-refs.ts). Telegram shows a button that sends it; WhatsApp
 * a line with the command in the person's own words, to send back.
 */
export interface ChatAction {
  label: string;
  command: string;
  args: string;
}

export interface ChatSendOptions {
  deliveryId?: string;
  actions?: ChatAction[];
  /** The recipient's language, for the words of `actions` where they are typed. */
  language?: Language;
}

/** The channel asks us to slow down: try this chat again after `retryAfterSeconds`. */
export class ChatRateLimitedError extends Error {
  constructor(readonly retryAfterSeconds: number, message = `rate limited; retry after ${retryAfterSeconds} s`) {
    super(message);
    this.name = 'ChatRateLimitedError';
  }
}

/** The person blocked the bot, or the chat no longer exists: retrying can never deliver. */
export class ChatUnreachableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ChatUnreachableError';
  }
}

/** Where and how to tell an influencer something. */
export interface NotificationRecipient {
  influencerId: string;
  language: string;
  status: InfluencerStatus;
  identities: { id: string; channel: ChatChannel; chatId: string }[];
}

/** The storage notification delivery needs; db/bot-accounts.repository.ts implements it. */
export interface RecipientStore {
  /** The influencer with their active identities, or undefined when there is no such influencer. */
  findRecipient(influencerId: string): Promise<NotificationRecipient | undefined>;
  /** The chat cannot be reached any more: stop writing to it until the person writes again. */
  deactivateIdentity(identityId: string): Promise<void>;
}

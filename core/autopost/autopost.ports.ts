import type { Language } from '../i18n/languages.ts';
import type { InfluencerStatus } from '../influencers/influencer-accounts.service.ts';
import type { Deal, DealFigures } from '../influencers/influencer-deals.service.ts';
import type { AutopostChat, AutopostChatType, AutopostPostStatus, AutopostRules, AutopostStopReason } from './autopost.ts';

/** A due chat with what posting in it needs to know of its owner. */
export interface DueAutopostChat extends AutopostChat {
  owner: { language: Language; status: InfluencerStatus; tierMultiplierBps: number | null };
}

export interface AutopostPostRow {
  id: string;
  slotAt: Date;
  status: AutopostPostStatus;
  productId: string | null;
  productTitle: string | null;
  linkCode: string | null;
  postedAt: Date | null;
}

/** An influencer's autopost figures over a period (/stats): posts made, chats posted to, their audience. */
export interface AutopostFigures {
  posts: number;
  chats: number;
  /** The last known member counts of the chats posted to, summed. */
  audience: number;
}

/** The storage autopost needs; db/autopost.repository.ts implements it. */
export interface AutopostStore {
  /** The chat recorded for this influencer (a chat has one owner: the last to add the bot), started again if it was stopped. */
  upsertChat(input: { influencerId: string; telegramChatId: string; chatType: AutopostChatType; title: string; timeZone: string }): Promise<AutopostChat>;
  /**
   * Stops a chat that is not stopped yet and answers it (with its owner's id); undefined when
   * there is no such chat or it was stopped already, so that its owner is told once.
   */
  stopChat(telegramChatId: string, reason: AutopostStopReason, at: Date): Promise<AutopostChat | undefined>;
  findChat(telegramChatId: string): Promise<AutopostChat | undefined>;
  /** The influencer's chats, oldest first (the numbers `/autopost N` uses). */
  listChats(influencerId: string): Promise<AutopostChat[]>;
  /** New rules for one of the influencer's chats, with the next slot they give. */
  updateRules(influencerId: string, chatId: string, rules: AutopostRules, nextDueAt: Date | null): Promise<AutopostChat | undefined>;
  findDueChats(now: Date, limit: number): Promise<DueAutopostChat[]>;
  /** Moves a chat's next slot on, only when it still is `from` (another worker may have moved it). */
  advanceChat(chatId: string, from: Date, next: Date | null): Promise<boolean>;
  /** Claims a chat's slot; undefined when another worker claimed it first. */
  claimSlot(chatId: string, slotAt: Date): Promise<string | undefined>;
  finishPost(postId: string, outcome: { status: AutopostPostStatus; productId?: string; linkId?: string; messageId?: string | null; postedAt?: Date }): Promise<void>;
  countPosted(chatId: string, from: Date, to: Date): Promise<number>;
  /** Products posted in the chat after `since`, newest first. */
  postedProductIds(chatId: string, since: Date): Promise<string[]>;
  saveMemberCount(chatId: string, count: number, at: Date): Promise<void>;
  recentPosts(chatId: string, limit: number): Promise<AutopostPostRow[]>;
  figures(influencerId: string, from: Date | null, to: Date): Promise<AutopostFigures>;
}

/** What goes into a chat: the same card /link makes, in the owner's language. */
export interface AutopostCard {
  deal: Deal;
  figures: DealFigures;
  url: string;
  intro: string | null;
  language: Language;
}

/**
 * Posts into chats (bots/telegram/autopost-publisher.ts, through the shared send pacer). A chat
 * where the bot may no longer post (403, not enough rights, chat not found) is refused with
 * core/notifications/chat-delivery.ts `ChatUnreachableError`.
 */
export interface AutopostPublisher {
  post(telegramChatId: string, card: AutopostCard): Promise<{ messageId: string | null }>;
  memberCount(telegramChatId: string): Promise<number>;
}

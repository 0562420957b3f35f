import type { Notifier } from '../notifications/notifications.ts';
import type { Clock } from '../shared/clock.ts';
import { nextSlotAfter, type AutopostChat, type AutopostChatType } from './autopost.ts';
import type { AutopostStore } from './autopost.ports.ts';
import { stopAutopostChat } from './autopost-runner.service.ts';
import { timeZoneOfCountry } from '../shared/country-time-zone.ts';

/** The bot's standing in a chat changed (Telegram's `my_chat_member`), as the adapter reads it. */
export interface ChatMembershipChange {
  telegramChatId: string;
  chatType: AutopostChatType;
  title: string;
  /** The bot may post there now: a channel admin with "post messages", or a member of a group who may send. */
  canPost: boolean;
  /** The bot is still in the chat (false: it left, was removed or kicked). */
  present: boolean;
}

export type ChatMembershipOutcome =
  /** `fresh`: new to this owner, or started again (the owner is told how to set it up); false for a change of other rights. */
  | { kind: 'recorded'; chat: AutopostChat; fresh: boolean }
  | { kind: 'stopped' }
  | { kind: 'ignored' };

/**
 * Records a chat for the influencer who gave the bot the right to post there (its default zone
 * from their country), or stops a chat where the bot lost that right, telling the chat's owner
 * once. Someone who is not a registered influencer adding the bot changes nothing.
 */
export async function recordChatMembership(
  deps: { store: AutopostStore; notifier: Notifier; clock: Clock },
  influencer: { id: string; country: string | null } | undefined,
  change: ChatMembershipChange,
): Promise<ChatMembershipOutcome> {
  if (!change.canPost) {
    const stopped = await stopAutopostChat(deps, change.telegramChatId, change.present ? 'rights_lost' : 'removed');
    return stopped ? { kind: 'stopped' } : { kind: 'ignored' };
  }
  if (!influencer) return { kind: 'ignored' };
  const before = await deps.store.findChat(change.telegramChatId);
  const fresh = !before || before.stoppedAt !== null || before.influencerId !== influencer.id;
  const recorded = await deps.store.upsertChat({
    influencerId: influencer.id, telegramChatId: change.telegramChatId, chatType: change.chatType,
    title: change.title, timeZone: timeZoneOfCountry(influencer.country),
  });
  if (!fresh) return { kind: 'recorded', chat: recorded, fresh };
  // Its next slot from now: a chat started again (or given to another owner) does not post a slot it missed.
  const chat = await deps.store.updateRules(influencer.id, recorded.id, recorded, recorded.enabled ? nextSlotAfter(recorded, deps.clock.now()) : null);
  return { kind: 'recorded', chat: chat ?? recorded, fresh };
}

import type { Clock } from '../shared/clock.ts';
import { nextSlotAfter, type AutopostChat, type AutopostRules } from './autopost.ts';
import type { AutopostStore } from './autopost.ports.ts';

/**
 * Changes the rules of one of the influencer's chats and plans its next slot from them (none
 * while it is off). Undefined when the chat is not theirs.
 */
export async function changeAutopostRules(
  deps: { store: AutopostStore; clock: Clock }, influencerId: string, chat: AutopostChat, patch: Partial<AutopostRules>,
): Promise<AutopostChat | undefined> {
  const rules: AutopostRules = {
    brandIds: chat.brandIds, keywords: chat.keywords, postTimes: chat.postTimes, timeZone: chat.timeZone,
    quietStart: chat.quietStart, quietEnd: chat.quietEnd, dailyCap: chat.dailyCap, enabled: chat.enabled, ...patch,
  };
  const next = rules.enabled && chat.stoppedAt === null ? nextSlotAfter(rules, deps.clock.now()) : null;
  return deps.store.updateRules(influencerId, chat.id, rules, next);
}

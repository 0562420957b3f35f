import { ChatUnreachableError } from '../notifications/chat-delivery.ts';
import type { Notifier } from '../notifications/notifications.ts';
import type { Clock } from '../shared/clock.ts';
import type { IntroLineStore } from '../influencers/intro-line.ts';
import { cleanGroupLabel, obtainDealLink, searchWords, type Deal, type DealStore } from '../influencers/influencer-deals.service.ts';
import type { LinkLanding, LinkStore } from '../links/links.service.ts';
import { shortLinkUrl } from '../links/short-link.ts';
import { groupLabelOfChat, localDayOf, nextSlotAfter, NO_REPEAT_MS, SLOT_GRACE_MS } from './autopost.ts';
import type { AutopostPublisher, AutopostStore, DueAutopostChat } from './autopost.ports.ts';

export const AUTOPOST_JOB = 'autopost.run';

/** Chats handled per run; a run every minute keeps up with far more than this posting at a few times a day. */
const DUE_BATCH = 500;
/** Candidates looked at per brand (or for the keywords) for a product the chat has not had in 72 h. */
const CANDIDATES = 60;
/** The member count is asked for at most once a day per chat. */
const MEMBER_COUNT_TTL_MS = 24 * 3600 * 1000;

export interface AutopostRunDeps {
  store: AutopostStore;
  publisher: AutopostPublisher;
  deals: DealStore;
  links: LinkStore<{ id: string; code: string; landing: LinkLanding }>;
  intros: IntroLineStore;
  notifier: Notifier;
  clock: Clock;
  publicUrl: string;
  onError?: (err: unknown, chatId: string) => void;
}

export type SlotOutcome = 'posted' | 'taken' | 'missed' | 'capped' | 'nothing_fresh' | 'stopped' | 'failed' | 'inactive';

/**
 * One run of the autopost job: every chat whose next slot has come posts one fresh deal. A
 * slot is taken by moving the chat's next slot on (compare-and-set) and claiming it in
 * autopost_posts (unique per chat and slot), so two workers running at once post it once. The
 * daily cap counts posts within the slot's local day; quiet hours never yield a slot.
 */
export async function runAutopost(deps: AutopostRunDeps): Promise<Record<SlotOutcome, number>> {
  const now = deps.clock.now();
  const counts: Record<SlotOutcome, number> = { posted: 0, taken: 0, missed: 0, capped: 0, nothing_fresh: 0, stopped: 0, failed: 0, inactive: 0 };
  for (const chat of await deps.store.findDueChats(now, DUE_BATCH)) {
    try {
      counts[await postDueSlot(deps, chat, now)]++;
    } catch (error) {
      counts.failed++;
      deps.onError?.(error, chat.id);
    }
  }
  return counts;
}

async function postDueSlot(deps: AutopostRunDeps, chat: DueAutopostChat, now: Date): Promise<SlotOutcome> {
  const { store } = deps;
  const slot = chat.nextDueAt!;
  const late = now.getTime() - slot.getTime() > SLOT_GRACE_MS;
  if (!(await store.advanceChat(chat.id, slot, nextSlotAfter(chat, late ? now : slot)))) return 'taken';
  if (late) return 'missed';
  if (chat.owner.status !== 'active') return 'inactive';
  const postId = await store.claimSlot(chat.id, slot);
  if (postId === undefined) return 'taken';
  const day = localDayOf(slot, chat.timeZone);
  if (await store.countPosted(chat.id, day.from, day.to) >= chat.dailyCap) {
    await store.finishPost(postId, { status: 'skipped' });
    return 'capped';
  }
  const deal = await pickFreshDeal(deps, chat, now);
  const outcome = deal && await obtainDealLink({ deals: deps.deals, links: deps.links }, {
    influencerId: chat.influencerId, tierMultiplierBps: chat.owner.tierMultiplierBps, deal, channel: 'telegram',
    groupLabel: cleanGroupLabel(groupLabelOfChat(chat.title)),
  });
  if (!outcome || outcome.status !== 'ok') {
    await store.finishPost(postId, { status: 'skipped' });
    return 'nothing_fresh';
  }
  const card = {
    deal: outcome.deal, figures: outcome.figures, url: shortLinkUrl(deps.publicUrl, outcome.link),
    intro: await deps.intros.findIntroLine(chat.influencerId), language: chat.owner.language,
  };
  try {
    const { messageId } = await deps.publisher.post(chat.telegramChatId, card);
    await store.finishPost(postId, { status: 'posted', productId: outcome.deal.id, linkId: outcome.link.id, messageId, postedAt: deps.clock.now() });
  } catch (error) {
    await store.finishPost(postId, { status: 'failed', productId: outcome.deal.id, linkId: outcome.link.id });
    if (!(error instanceof ChatUnreachableError)) throw error;
    await stopAutopostChat(deps, chat.telegramChatId, 'send_refused');
    return 'stopped';
  }
  await refreshMemberCount(deps, chat);
  return 'posted';
}

/**
 * The best deal for the chat's brands or keywords among the products its owner may promote (brands
 * they joined), that the chat has not had in the last 72 hours. Several brands take turns (the
 * turn moves on with each post), so that a chat does not become one brand's.
 */
async function pickFreshDeal(deps: AutopostRunDeps, chat: DueAutopostChat, now: Date): Promise<Deal | undefined> {
  const recent = await deps.store.postedProductIds(chat.id, new Date(now.getTime() - NO_REPEAT_MS));
  const excluded = new Set(recent);
  const words = [...new Set(chat.keywords.flatMap(searchWords))].slice(0, 8);
  const brands: (string | undefined)[] = chat.brandIds.length > 0 ? [...chat.brandIds] : [undefined];
  const turn = recent.length % brands.length;
  for (const brandId of [...brands.slice(turn), ...brands.slice(0, turn)]) {
    const found = await deps.deals.searchDeals({ influencerId: chat.influencerId, words, brandId, limit: CANDIDATES, offset: 0 });
    const fresh = found.find((d) => d.active && d.brand.membership === 'approved' && !excluded.has(d.id));
    if (fresh) return fresh;
  }
  return undefined;
}

async function refreshMemberCount(deps: AutopostRunDeps, chat: DueAutopostChat): Promise<void> {
  const now = deps.clock.now();
  if (chat.memberCountAt && now.getTime() - chat.memberCountAt.getTime() < MEMBER_COUNT_TTL_MS) return;
  try {
    await deps.store.saveMemberCount(chat.id, await deps.publisher.memberCount(chat.telegramChatId), now);
  } catch (error) {
    // A count is for the exposure figures; a post that went out is not undone by a failed count.
    deps.onError?.(error, chat.id);
  }
}

/** Stops a chat and tells its owner, once: only the stop that changed the chat notifies. */
export async function stopAutopostChat(
  deps: Pick<AutopostRunDeps, 'store' | 'notifier' | 'clock'>, telegramChatId: string, reason: 'rights_lost' | 'removed' | 'send_refused',
): Promise<boolean> {
  const at = deps.clock.now();
  const stopped = await deps.store.stopChat(telegramChatId, reason, at);
  if (!stopped) return false;
  await deps.notifier.notify([{ kind: 'autopost_stopped', influencerId: stopped.influencerId, chatId: stopped.id, chatTitle: stopped.title, reason, at: at.toISOString() }]);
  return true;
}

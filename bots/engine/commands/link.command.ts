import type { ChannelKitRefusal } from '../../../core/channels/channel-kits.service.ts';
import { DomainError } from '../../../core/shared/errors.ts';
import type { ChatChannel } from '../../../core/influencers/influencer-accounts.service.ts';
import {
  cleanGroupLabel, extractUrls, obtainDealLink, parseProductRef, productUrlCandidates, type Deal,
} from '../../../core/influencers/influencer-deals.service.ts';
import { MAX_GROUP_LABEL_LENGTH, type LinkChannel } from '../../../core/links/links.service.ts';
import { ownerMarkToken } from '../../../core/clicks/owner-mark.ts';
import { ownerMarkUrl, shortLinkUrl } from '../../../core/links/short-link.ts';
import { dealReplies } from '../deal-card.ts';
import { quote, text, withButtons, type AccountTurn } from '../deps.ts';
import { landingButton } from './storefront.command.ts';
import { splitFirst } from '../parser.ts';
import { readDealRef } from '../deal-refs.ts';
import { endConversation, listingOf, saveConversation } from '../sessions.ts';
import type { Reply } from '../types.ts';

/** Deals made from one message at most; the rest are named in a note. */
export const MAX_URLS_PER_MESSAGE = 5;

/** The link's channel is where the deal will be forwarded: the chat app the influencer uses. */
export function linkChannelOf(channel: ChatChannel): LinkChannel {
  return channel === 'playground' ? 'other' : channel;
}

/** The deal a person named, or the reply saying why there is none. */
export type FoundDeal = { deal: Deal } | { reply: Reply };

/**
 * A product named as bots/engine/deal-refs.ts reads it, as this influencer sees it: a bare
 * number is taken from the last list they got while it lasts (after that, a reply asks them to
 * list again), "#46" is product 46, anything else its SKU or shop URL.
 */
export async function findDeal(turn: AccountTurn, ref: string): Promise<FoundDeal> {
  const { i18n, deps } = turn;
  const influencerId = turn.account.id;
  const named = readDealRef(ref);
  const unknown = { reply: text(i18n.t('link.unknownProduct', { input: quote(ref) })) };
  if (named.kind === 'listed') {
    const listing = await listingOf(turn);
    const numbered = listing?.numbered ?? [];
    if (numbered.length === 0) return { reply: text(i18n.t('deals.expired')) };
    const productId = numbered[named.number - 1];
    if (!productId) return { reply: text(i18n.t('link.notInList', { number: named.number, last: numbered.length })) };
    const deal = await deps.deals.findDealById(influencerId, productId);
    return deal ? { deal } : unknown;
  }
  if (named.kind === 'product') {
    const deal = await deps.deals.findDealById(influencerId, named.id);
    return deal ? { deal } : unknown;
  }
  const parsed = parseProductRef(named.ref);
  let deal: Deal | undefined;
  if (parsed?.kind === 'sku') deal = await deps.deals.findDealBySku(influencerId, parsed.sku);
  if (parsed?.kind === 'url') deal = (await deps.deals.findDealsByUrls(influencerId, productUrlCandidates(parsed.url)))[0];
  return deal ? { deal } : unknown;
}

/** `/link PRODUCT [GROUP LABEL]`: the forward-ready deal with the influencer's link for that group. */
export async function linkCommand(turn: AccountTurn, args: string): Promise<Reply[]> {
  const [ref, label] = splitFirst(args);
  if (ref === '') return [text(turn.i18n.t('link.usage'))];
  const found = await findDeal(turn, ref);
  if ('reply' in found) return [found.reply];
  return linkDeal(turn, found.deal, label);
}

/** One deal for one group label, or the reason there is none. */
export async function linkDeal(turn: AccountTurn, deal: Deal, rawLabel: string): Promise<Reply[]> {
  const { i18n, deps, account } = turn;
  let groupLabel: string;
  try {
    groupLabel = cleanGroupLabel(rawLabel);
  } catch (error) {
    if (error instanceof DomainError && error.code === 'validation_failed') return [text(i18n.t('link.groupTooLong', { max: MAX_GROUP_LABEL_LENGTH }))];
    throw error;
  }
  const outcome = await obtainDealLink({ deals: deps.deals, links: deps.links }, {
    influencerId: account.id, tierMultiplierBps: account.tierMultiplierBps, deal, channel: linkChannelOf(turn.message.channel), groupLabel,
  });
  if (outcome.status !== 'ok') return [refusalReply(turn, deal, outcome)];
  const { code } = outcome.link;
  const replies = dealReplies(i18n, {
    deal, figures: outcome.figures, url: shortLinkUrl(deps.publicUrl, outcome.link), groupLabel, autoJoined: outcome.autoJoined,
    intro: await deps.intros.findIntroLine(account.id),
    ownerUrl: deps.ownerMarkKey === undefined ? undefined : ownerMarkUrl(deps.publicUrl, code, ownerMarkToken(deps.ownerMarkKey, account.id)),
  });
  // The private note (never the forwarded card) offers the other landing for this very link.
  const note = replies[replies.length - 1]!;
  replies[replies.length - 1] = withButtons(note.text, [landingButton(turn, outcome.link)]);
  return replies;
}

/** Why there is no link for this deal: the product is gone, or the brand must be joined (or is still deciding, or said no). */
export function refusalReply(turn: AccountTurn, deal: Deal, outcome: ChannelKitRefusal): Reply {
  const { i18n } = turn;
  const brand = { brand: deal.brand.name, slug: deal.brand.slug };
  switch (outcome.status) {
    case 'unavailable': return text(i18n.t('link.unavailable', { title: quote(deal.title, 80) }));
    case 'needs_join': return text(i18n.t('join.needed', brand));
    case 'pending': return text(i18n.t('join.stillPending', brand));
    case 'rejected': return text(i18n.t('join.rejected', brand));
  }
}

/** Product links pasted in a message: one deal per link (up to five), a note for each link that is not ours. */
export async function pastedUrlsReplies(turn: AccountTurn, urls: string[]): Promise<Reply[]> {
  const { i18n } = turn;
  const taken = [...new Set(urls)].slice(0, MAX_URLS_PER_MESSAGE);
  const candidates = new Map(taken.map((url) => [url, productUrlCandidates(url)]));
  const found = await turn.deps.deals.findDealsByUrls(turn.account.id, [...new Set([...candidates.values()].flat())]);
  const replies: Reply[] = [];
  for (const url of taken) {
    const spellings = new Set(candidates.get(url));
    const deal = found.find((d) => spellings.has(d.matchedUrl));
    if (deal) replies.push(...await linkDeal(turn, deal, ''));
    else replies.push(text(i18n.t('link.unknownUrl', { url: quote(url, 80) })));
  }
  if (new Set(urls).size > taken.length) replies.push(text(i18n.t('link.tooMany', { count: taken.length })));
  return replies;
}

/** The URLs of a free-text message, when it holds any. */
export function urlsIn(message: string): string[] {
  return extractUrls(message);
}

/** "Another group": asks for the label, then makes the link for it. */
export async function groupCommand(turn: AccountTurn, args: string): Promise<Reply[]> {
  const [ref] = splitFirst(args);
  if (ref === '') return [text(turn.i18n.t('link.usage'))];
  const found = await findDeal(turn, ref);
  if ('reply' in found) return [found.reply];
  await saveConversation(turn, { flow: 'group_label', productId: found.deal.id });
  return [text(turn.i18n.t('deal.askGroup'))];
}

/** The answer to "which group?": the deal again, with a link for that label. */
export async function answerGroupLabel(turn: AccountTurn, productId: string, label: string): Promise<Reply[]> {
  try {
    cleanGroupLabel(label);
  } catch {
    // Too long: the question stays open for a shorter label.
    return [text(turn.i18n.t('link.groupTooLong', { max: MAX_GROUP_LABEL_LENGTH }))];
  }
  const deal = await turn.deps.deals.findDealById(turn.account.id, productId);
  await endConversation(turn);
  if (!deal) return [text(turn.i18n.t('link.usage'))];
  return linkDeal(turn, deal, label);
}

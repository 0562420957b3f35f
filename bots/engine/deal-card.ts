import { adDisclosure } from '../../core/i18n/ad-disclosure.ts';
import type { Translator } from '../../core/i18n/translator.ts';
import type { Deal, DealFigures } from '../../core/influencers/influencer-deals.service.ts';
import type { Reply } from './types.ts';

/** Telegram shows at most 1,024 characters of a photo caption. */
const MAX_CAPTION = 1024;

/** "€29.99 instead of €45.99 (−35%)" in the product's currency, formatted for the language. */
export function priceLine(i18n: Translator, deal: Deal, figures: DealFigures): string {
  const price = i18n.money(deal.price, deal.currency);
  if (figures.discountPercent === null || deal.listPrice === null) return i18n.t('deal.price', { price });
  return i18n.t('deal.priceWithDiscount', { price, listPrice: i18n.money(deal.listPrice, deal.currency), discount: i18n.percent(figures.discountPercent) });
}

/**
 * The forward-ready deal: the ad disclosure of core/i18n/ad-disclosure.ts (the language's
 * label, with the advertiser and its ERID when the brand has one), title, price and discount,
 * and the tracked link. It holds nothing private, so the influencer can forward it as it is;
 * the commission goes in a separate message.
 */
export function dealCaption(i18n: Translator, deal: Deal, figures: DealFigures, url: string): string {
  const head = adDisclosure(i18n.language, deal.brand);
  const price = priceLine(i18n, deal, figures);
  const link = i18n.t('deal.link', { url });
  const room = MAX_CAPTION - [...head].length - [...price].length - [...link].length - 6;
  const title = [...deal.title].length > room ? `${[...deal.title].slice(0, Math.max(room - 1, 10)).join('')}…` : deal.title;
  return [head, title, price, link].join('\n');
}

/**
 * The two messages `/link` answers with: the deal (a photo with its caption when the product
 * has an image) with "another group" and "share" buttons, then the influencer's commission.
 */
export function dealReplies(
  i18n: Translator,
  input: { deal: Deal; figures: DealFigures; url: string; groupLabel: string; autoJoined: boolean; ownerUrl?: string },
): Reply[] {
  const { deal, figures, url } = input;
  const caption = dealCaption(i18n, deal, figures, url);
  const buttons = [
    { label: i18n.t('deal.anotherGroup'), action: `/group ${deal.id}` },
    { label: i18n.t('deal.share'), share: deal.id },
  ];
  const card: Reply = deal.imageUrl
    ? { kind: 'image', text: caption, imageUrl: deal.imageUrl, buttons, forwardable: true }
    : { kind: 'buttons', text: caption, buttons, forwardable: true };
  const notes = [i18n.t('deal.commission', {
    amount: i18n.money(figures.commission, deal.currency),
    rate: i18n.percentBps(figures.rateBps),
    group: input.groupLabel === '' ? i18n.t('deal.noGroup') : i18n.t('deal.groupQuoted', { group: input.groupLabel }),
  })];
  if (input.autoJoined) notes.unshift(i18n.t('deal.autoJoined', { brand: deal.brand.name }));
  // In the private note only, never in the card that is forwarded: opening it marks the influencer's own device.
  if (input.ownerUrl) notes.push(i18n.t('deal.ownLink', { url: input.ownerUrl }));
  return [card, { kind: 'text', text: notes.join('\n') }];
}

import { adDisclosure } from '../../core/i18n/ad-disclosure.ts';
import type { Translator } from '../../core/i18n/translator.ts';
import type { Deal, DealFigures } from '../../core/influencers/influencer-deals.service.ts';
import { productRef } from './deal-refs.ts';
import { cutSpans, plainTextOf } from './rich-text.ts';
import type { Reply, RichSpan } from './types.ts';

/** Telegram shows at most 1,024 characters of a photo caption (its visible text, markup aside). */
const MAX_CAPTION = 1024;

/** Stands where the old price goes while the catalogue's sentence is filled, to find where to strike it through. */
const OLD_PRICE_MARK = '\uE000';

/** "€29.99 instead of ~€45.99~ (−35%)" in runs: the old price struck through, in the product's currency and the language's format. */
export function priceSpans(i18n: Translator, deal: Deal, figures: DealFigures): RichSpan[] {
  const price = i18n.money(deal.price, deal.currency);
  if (figures.discountPercent === null || deal.listPrice === null) return [{ text: i18n.t('deal.price', { price }) }];
  const sentence = i18n.t('deal.priceWithDiscount', { price, listPrice: OLD_PRICE_MARK, discount: i18n.percent(figures.discountPercent) });
  const [before = '', after = ''] = sentence.split(OLD_PRICE_MARK);
  return [{ text: before }, { text: i18n.money(deal.listPrice, deal.currency), style: 'strike' as const }, { text: after }].filter((s) => s.text !== '');
}

/** "€29.99 instead of €45.99 (−35%)" in the product's currency, formatted for the language. */
export function priceLine(i18n: Translator, deal: Deal, figures: DealFigures): string {
  return plainTextOf(priceSpans(i18n, deal, figures));
}

/** The card's text, plain and in runs. */
export interface DealCard {
  text: string;
  rich: RichSpan[];
}

/**
 * The forward-ready deal: the ad disclosure of core/i18n/ad-disclosure.ts first (the language's
 * label, with the advertiser and its ERID when the brand has one), the influencer's intro line
 * when they set one (`/intro`), the title in bold, the price with the old one struck through,
 * and the tracked link. It holds nothing private, so the influencer can forward it as it is;
 * the commission goes in a separate message. The title is shortened to keep it in a caption.
 */
export function dealCard(i18n: Translator, deal: Deal, figures: DealFigures, url: string, intro: string | null = null): DealCard {
  const head = adDisclosure(i18n.language, deal.brand);
  const price = priceSpans(i18n, deal, figures);
  const link = i18n.t('deal.link', { url });
  const lead = intro ? [head, intro] : [head];
  const fixed = [...lead, plainTextOf(price), link];
  // Counted as Telegram counts (UTF-16 units); a title always keeps a few characters.
  const room = Math.max(MAX_CAPTION - fixed.reduce((sum, part) => sum + part.length + 1, 0), 10);
  const title = plainTextOf(cutSpans([{ text: deal.title.trim() }], room));
  const rich: RichSpan[] = [
    { text: `${lead.join('\n')}\n` },
    { text: title, style: 'bold' },
    { text: '\n' },
    ...price,
    { text: `\n${link}` },
  ];
  return { text: plainTextOf(rich), rich };
}

/**
 * The two messages `/link` answers with: the deal (a photo with its caption when the product
 * has an image) with "another group" and "share" buttons, then the influencer's commission.
 */
export function dealReplies(
  i18n: Translator,
  input: { deal: Deal; figures: DealFigures; url: string; groupLabel: string; autoJoined: boolean; ownerUrl?: string; intro?: string | null },
): Reply[] {
  const { deal, figures, url } = input;
  const { text, rich } = dealCard(i18n, deal, figures, url, input.intro ?? null);
  const buttons = [
    { label: i18n.t('deal.anotherGroup'), action: `/group ${productRef(deal.id)}` },
    { label: i18n.t('deal.share'), share: productRef(deal.id) },
  ];
  const card: Reply = deal.imageUrl
    ? { kind: 'image', text, rich, imageUrl: deal.imageUrl, buttons, forwardable: true }
    : { kind: 'buttons', text, rich, buttons, forwardable: true };
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

import { adDisclosure } from '../i18n/ad-disclosure.ts';
import { CHANNEL_TEXTS } from '../i18n/channel-texts.ts';
import type { Language } from '../i18n/languages.ts';
import { translator } from '../i18n/translator.ts';

/**
 * What the offline and Instagram forms of a deal show of a product. A `Deal` of
 * core/influencers/influencer-deals.service.ts has this shape, and so has the admin API's link lookup.
 */
export interface ChannelProduct {
  title: string;
  /** Minor units of `currency`. */
  price: number;
  /** The price before the discount, when there is one. */
  listPrice: number | null;
  currency: string;
  imageUrl: string | null;
  category: string | null;
  brand: { name: string; slug: string; erid: string | null };
}

/** Whole percent off the list price; null without a real discount (none, or one that rounds to 0 %). */
export function discountPercent(price: number, listPrice: number | null): number | null {
  if (listPrice === null || listPrice <= price || listPrice <= 0) return null;
  const percent = Math.round(((listPrice - price) * 100) / listPrice);
  return percent === 0 ? null : percent;
}

/** A URL as people type it from print: without `https://` (kept for plain http, which a browser would not guess). */
export function displayUrl(url: string): string {
  return url.replace(/^https:\/\//i, '');
}

/** Everything a printed A6 poster says, already in words and figures of one language; the renderer only lays it out. */
export interface PosterContent {
  language: Language;
  title: string;
  brand: string;
  /** The price in the product's currency, formatted for the language ("29,99 €"). */
  price: string;
  /** The struck-through price before the discount; null without a discount. */
  listPrice: string | null;
  /** "−35 %"; null without a discount. */
  discount: string | null;
  /** What the QR code holds: the tracked short link. */
  url: string;
  /** The same link printed as text, for people who type it. */
  shortUrl: string;
  scanToShop: string;
  /** The ad label, with advertiser and ERID when the brand has one. */
  disclosure: string;
  imageUrl: string | null;
}

/**
 * The poster of a product for a tracked link, in a language: price and list price in the
 * product's currency, the discount, the link both as QR payload and as text, and the ad
 * disclosure (with the brand's ERID when set).
 */
export function describePoster(product: ChannelProduct, url: string, language: Language): PosterContent {
  const i18n = translator(language);
  const percent = discountPercent(product.price, product.listPrice);
  return {
    language,
    title: product.title.replace(/\s+/g, ' ').trim(),
    brand: product.brand.name,
    price: i18n.money(product.price, product.currency),
    listPrice: percent === null || product.listPrice === null ? null : i18n.money(product.listPrice, product.currency),
    discount: percent === null ? null : `−${i18n.percent(percent)}`,
    url,
    shortUrl: displayUrl(url),
    scanToShop: CHANNEL_TEXTS[language].scanToShop,
    disclosure: adDisclosure(language, product.brand),
    imageUrl: product.imageUrl,
  };
}

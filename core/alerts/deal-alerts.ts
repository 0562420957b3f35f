/**
 * Deal alerts: what an influencer follows, how often they hear about it, and which product
 * changes are worth telling. Pure rules; the set-based SQL in db/ applies them over many rows
 * (db/deal-events.ts for the events, db/deal-alerts.repository.ts for the deliveries).
 */

/** How often a follower hears: one digest a day (the default), as it happens, or not at all. */
export const ALERT_FREQUENCIES = ['daily', 'instant', 'off'] as const;
export type AlertFrequency = (typeof ALERT_FREQUENCIES)[number];
export const DEFAULT_ALERT_FREQUENCY: AlertFrequency = 'daily';

/** What a product write can tell followers. */
export const DEAL_EVENT_KINDS = ['new_product', 'price_drop'] as const;
export type DealEventKind = (typeof DEAL_EVENT_KINDS)[number];

/** Brands and keywords together: enough to follow a niche, few enough that a digest stays readable. */
export const MAX_FOLLOWS = 20;
/** Deals one alert message lists; the rest are counted ("and 4 more"). */
export const MAX_ALERT_ITEMS = 8;
/** The local hour of the daily digest (09:00 in the follower's time zone). */
export const DIGEST_HOUR = 9;
/** Events older than this are not sent any more: a week-old price drop is no news. */
export const ALERT_LOOKBACK_HOURS = 72;

export const KEYWORD_MIN_LENGTH = 2;
export const KEYWORD_MAX_LENGTH = 60;

/** The digest's zone for a follower whose country has none listed (core/shared/country-time-zone.ts): Central Europe's, where most influencers are. */
export const FALLBACK_TIME_ZONE = 'Europe/Paris';

/** A product as it was before a write and as the write leaves it. */
export interface PriceState {
  price: number;
  currency: string;
  active: boolean;
}

/**
 * What a write tells followers: a new active product, or a price drop (the new price lower
 * than the last one, in the same currency, the product active). A rise, a change of currency,
 * an inactive product, or any other change tells nothing. db/deal-events.ts is the same rule in
 * SQL, which is what runs (test/db/deal-events.test.ts holds them together).
 */
export function dealEventOf(before: PriceState | undefined, after: PriceState): DealEventKind | undefined {
  if (!after.active) return undefined;
  if (!before) return 'new_product';
  if (before.currency === after.currency && after.price < before.price) return 'price_drop';
  return undefined;
}

/**
 * Keywords as they are kept and matched: lower case, single spaces, letters, digits, spaces and
 * hyphens only (so that nothing in them is a LIKE wildcard); undefined when too short, too long
 * or made of anything else. Every word must appear in a product's title for it to match.
 */
export function normaliseKeyword(input: string): string | undefined {
  const keyword = input.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim();
  const length = [...keyword].length;
  if (length < KEYWORD_MIN_LENGTH || length > KEYWORD_MAX_LENGTH) return undefined;
  if (!/^[\p{L}\p{N}][\p{L}\p{N}\p{M} -]*$/u.test(keyword)) return undefined;
  return keyword;
}

/** Whether a title matches a normalised keyword: each of its words appears in it, any case. */
export function titleMatchesKeyword(title: string, keyword: string): boolean {
  const lower = title.normalize('NFC').toLowerCase();
  return keyword.split(' ').every((word) => lower.includes(word));
}

import { quoteCommission } from '../commissions/commission.ts';
import { normalizeGroupLabel, obtainLink, type LinkChannel, type LinkStore } from '../links/links.service.ts';

/** A product as a deal: what an influencer sees and forwards, with their standing at its brand. */
export interface Deal {
  id: string;
  title: string;
  url: string;
  imageUrl: string | null;
  category: string | null;
  price: number;
  listPrice: number | null;
  currency: string;
  productRateBps: number | null;
  brandRateBps: number;
  active: boolean;
  brand: DealBrand;
}

export interface DealBrand {
  id: string;
  name: string;
  slug: string;
  autoApprove: boolean;
  /** The advertising token some countries require next to the ad label (Russia's erid). */
  erid: string | null;
  /** This influencer's membership; null when they never asked to join. */
  membership: MembershipStatus | null;
}

/** An influencer's standing at a brand they asked to join. */
export const MEMBERSHIP_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type MembershipStatus = (typeof MEMBERSHIP_STATUSES)[number];

export interface BrandSummary extends DealBrand {
  rateBps: number;
  products: number;
}

export interface DealQuery {
  influencerId: string;
  /** Search words (lower-case); every listed product matches at least one. */
  words: string[];
  brandId?: string;
  category?: string;
  limit: number;
  offset: number;
}

/** The storage deals need; db/bot-deals.repository.ts implements it. */
export interface DealStore {
  listBrands(influencerId: string): Promise<BrandSummary[]>;
  /** A brand by slug, name (any case) or id. */
  findBrand(influencerId: string, ref: string): Promise<DealBrand | undefined>;
  /** True when some active product has this category (any case). */
  hasCategory(category: string): Promise<boolean>;
  /** Inserts a membership unless one exists; answers the membership in force afterwards. */
  insertMembership(influencerId: string, brandId: string, status: MembershipStatus): Promise<MembershipStatus>;
  /**
   * Active products, ranked: every search word in the title first, then every word somewhere
   * (title, brand or category), then some of the words; within each, the influencer's
   * commission rate, then the newest.
   */
  searchDeals(query: DealQuery): Promise<Deal[]>;
  findDealById(influencerId: string, productId: string): Promise<Deal | undefined>;
  findDealBySku(influencerId: string, sku: string): Promise<Deal | undefined>;
  /** Products whose URL is exactly one of these. */
  findDealsByUrls(influencerId: string, urls: string[]): Promise<(Deal & { matchedUrl: string })[]>;
}

export const MAX_SEARCH_WORDS = 8;
const MAX_WORD_LENGTH = 40;

/** The words of a search: lower-case, letters and digits of any script, at most 8, duplicates dropped. */
export function searchWords(text: string): string[] {
  const words = text.normalize('NFKC').toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= 2 && w.length <= MAX_WORD_LENGTH);
  return [...new Set(words)].slice(0, MAX_SEARCH_WORDS);
}

/** How an argument names a product: its number, its shop link, or its SKU. */
export type ProductRef = { kind: 'id'; id: string } | { kind: 'url'; url: string } | { kind: 'sku'; sku: string };

/** Reads a product argument: digits are a product number, an http(s) URL a shop link, anything else SKU-shaped a SKU. */
export function parseProductRef(token: string): ProductRef | undefined {
  const trimmed = token.trim();
  if (/^\d{1,18}$/.test(trimmed)) return { kind: 'id', id: String(BigInt(trimmed)) };
  if (/^https?:\/\//i.test(trimmed)) return { kind: 'url', url: trimmed };
  if (/^[\p{L}\p{N}][\p{L}\p{N}._\-/]{0,99}$/u.test(trimmed)) return { kind: 'sku', sku: trimmed };
  return undefined;
}

/** The http(s) URLs in a message, in order, without trailing punctuation. */
export function extractUrls(text: string): string[] {
  const found = text.match(/https?:\/\/[^\s<>"'«»“”]+/gi) ?? [];
  return found.map((u) => u.replace(/[.,;:!?)\]]+$/, ''));
}

/**
 * The spellings under which a shop's product URL may be stored: as given, without its
 * fragment, without its query (tracking parameters), with and without a trailing slash, on
 * http and https. Lets a pasted link find its product by an exact, indexed match.
 */
export function productUrlCandidates(raw: string): string[] {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return [];
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return [];
  const out = new Set<string>([raw]);
  url.hash = '';
  const withQuery = url.href;
  url.search = '';
  const bare = url.href;
  for (const base of [withQuery, bare]) {
    const trimmed = base.endsWith('/') && new URL(base).pathname !== '/' ? base.slice(0, -1) : base;
    for (const variant of [base, trimmed, `${trimmed}/`]) {
      out.add(variant);
      out.add(variant.replace(/^https:/, 'http:'));
      out.add(variant.replace(/^http:/, 'https:'));
    }
  }
  return [...out].filter((u) => u.length <= 2048);
}

// Control characters and the text-direction overrides that could make a label display as something else.
const UNSAFE_LABEL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

/**
 * A group label typed in chat, as links store it: unsafe characters become spaces, spaces
 * collapse (links.service.ts `normalizeGroupLabel`); longer than 64 characters is refused
 * with `validation_failed` on the field `groupLabel`.
 */
export function cleanGroupLabel(input: string): string {
  return normalizeGroupLabel(input.normalize('NFC').replace(UNSAFE_LABEL_CHARACTERS, ' '));
}

/** What an influencer earns on one sale of a deal at today's price and their tier. */
export interface DealFigures {
  rateBps: number;
  commission: number;
  /** Whole percent off the list price, or null without a real discount. */
  discountPercent: number | null;
}

/** The commission on one sale at the deal's price, the product's rate (else the brand's) times the tier, and the discount off the list price. */
export function dealFigures(deal: Pick<Deal, 'price' | 'listPrice' | 'productRateBps' | 'brandRateBps'>, tierMultiplierBps: number | null): DealFigures {
  const quote = quoteCommission(deal.price, { productRateBps: deal.productRateBps, brandRateBps: deal.brandRateBps, tierId: null, tierMultiplierBps });
  const discountPercent = deal.listPrice !== null && deal.listPrice > deal.price && deal.listPrice > 0
    ? Math.round(((deal.listPrice - deal.price) * 100) / deal.listPrice)
    : null;
  return { rateBps: quote.rateBps, commission: quote.amount, discountPercent: discountPercent === 0 ? null : discountPercent };
}

export type JoinOutcome =
  | { status: 'approved'; brand: DealBrand; already: boolean }
  | { status: 'pending'; brand: DealBrand; already: boolean }
  | { status: 'rejected'; brand: DealBrand };

/** `/join BRAND`: approved at once when the brand auto-approves, otherwise pending an admin's decision. */
export async function joinBrand(store: DealStore, influencerId: string, brand: DealBrand): Promise<JoinOutcome> {
  if (brand.membership === 'rejected') return { status: 'rejected', brand };
  if (brand.membership) return { status: brand.membership, brand, already: true };
  const status = await store.insertMembership(influencerId, brand.id, brand.autoApprove ? 'approved' : 'pending');
  if (status === 'rejected') return { status, brand };
  return { status, brand: { ...brand, membership: status }, already: false };
}

export type DealLinkOutcome<L> =
  | { status: 'ok'; link: L; deal: Deal; figures: DealFigures; autoJoined: boolean }
  | { status: 'unavailable'; deal: Deal }
  | { status: 'needs_join' | 'pending' | 'rejected'; deal: Deal };

/**
 * The influencer's tracked link for a deal in one channel and group, the same one on every
 * ask (core/links/links.service.ts `obtainLink`, as the admin API uses). A brand that auto-approves
 * is joined on the way; one that approves by hand must have approved the influencer first.
 */
export async function obtainDealLink<L>(
  stores: { deals: DealStore; links: LinkStore<L> },
  request: { influencerId: string; tierMultiplierBps: number | null; deal: Deal; channel: LinkChannel; groupLabel: string },
): Promise<DealLinkOutcome<L>> {
  const { deal } = request;
  if (!deal.active) return { status: 'unavailable', deal };
  let autoJoined = false;
  if (deal.brand.membership !== 'approved') {
    if (deal.brand.membership === 'pending' || deal.brand.membership === 'rejected') return { status: deal.brand.membership, deal };
    if (!deal.brand.autoApprove) return { status: 'needs_join', deal };
    const joined = await joinBrand(stores.deals, request.influencerId, deal.brand);
    if (joined.status !== 'approved') return { status: joined.status === 'pending' ? 'pending' : 'rejected', deal };
    autoJoined = !joined.already;
  }
  const { link } = await obtainLink(stores.links, {
    influencerId: request.influencerId, productId: deal.id, channel: request.channel, groupLabel: request.groupLabel,
  });
  return { status: 'ok', link, deal, figures: dealFigures(deal, request.tierMultiplierBps), autoJoined };
}

import type { Caller, Scope } from '../access/access.ts';
import type { CommissionStatus } from '../commissions/commission.ts';
import type { ConversionStatus } from '../conversions/conversions.ports.ts';
import type { InfluencerStatus } from '../influencers/influencer-accounts.service.ts';
import type { LinkChannel } from '../links/links.service.ts';
import { ValidationError } from '../shared/errors.ts';

// "What happened to this influencer's sale?": one search box that recognises an influencer
// (id, name, chat handle, phone or chat user id), an order id, a click id and a link code, and
// answers typed results, each with the console page that tells the rest.

/** A search hit; `path` is the console page to open (under /console). */
export type SearchResult =
  | {
    kind: 'influencer'; id: string; displayName: string; status: InfluencerStatus; country: string | null;
    /** What the query matched: its id, the start of its name, a chat handle or a chat account's id. */
    matched: 'id' | 'name' | 'handle' | 'chat_account'; handles: string[]; path: string;
  }
  | {
    kind: 'order'; id: string; orderId: string; vendorName: string; amount: number; currency: string; status: ConversionStatus;
    attributionReason: string | null; occurredAt: Date; clickId: string | null;
    /** The influencer it was attributed to, else the one whose click the vendor named. */
    influencerId: string | null; influencerName: string | null;
    commission: { id: string; status: CommissionStatus; approvesAt: Date; heldReason: string | null; amount: number; currency: string } | null;
    path: string;
  }
  | {
    kind: 'click'; id: string; clickedAt: Date; counted: boolean; influencerId: string; influencerName: string;
    linkCode: string; channel: LinkChannel; groupLabel: string; orders: string[]; path: string;
  }
  | {
    kind: 'link'; id: string; code: string; influencerId: string; influencerName: string; productTitle: string;
    channel: LinkChannel; groupLabel: string; path: string;
  };

export type SearchKind = SearchResult['kind'];

/** What the query looks like: a click id is a UUID; anything else may be an order, a link code or an influencer. */
export interface SearchQuery {
  text: string;
  clickId: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const MAX_SEARCH_LENGTH = 200;

export function parseSearchQuery(q: string): SearchQuery {
  const text = q.replace(/\s+/g, ' ').trim();
  // An influencer id may be one digit; any other query needs two characters to mean anything.
  if (text.length < 2 && !/^\d$/.test(text)) throw new ValidationError('Type at least 2 characters: an influencer name, @handle, order id, click id or link code', { field: 'q' });
  if (text.length > MAX_SEARCH_LENGTH) throw new ValidationError(`The search is longer than ${MAX_SEARCH_LENGTH} characters`, { field: 'q' });
  return { text, clickId: UUID.test(text) ? text.toLowerCase() : null };
}

/** The searches of db/support-search.repository.ts; `scope` narrows every one (staff see everything). */
export interface SupportSearchReads {
  clicks(scope: Scope, clickId: string): Promise<Extract<SearchResult, { kind: 'click' }>[]>;
  /** Orders by the vendor's order id (exact), or by the click they named. */
  orders(scope: Scope, by: { orderId: string } | { clickId: string }): Promise<Extract<SearchResult, { kind: 'order' }>[]>;
  links(scope: Scope, code: string): Promise<Extract<SearchResult, { kind: 'link' }>[]>;
  influencers(q: string, limit: number): Promise<Extract<SearchResult, { kind: 'influencer' }>[]>;
}

export const SEARCH_LIMIT = 10;

/** Every kind the query can be, searched at once; exact hits (click, order, link) before influencers by name. */
export async function supportSearch(reads: SupportSearchReads, caller: Caller, q: string): Promise<{ query: string; results: SearchResult[] }> {
  const query = parseSearchQuery(q);
  if (query.clickId) {
    const [clicks, orders] = await Promise.all([reads.clicks(caller.scope, query.clickId), reads.orders(caller.scope, { clickId: query.clickId })]);
    return { query: query.text, results: [...orders, ...clicks] };
  }
  const [orders, links, influencers] = await Promise.all([
    reads.orders(caller.scope, { orderId: query.text }),
    reads.links(caller.scope, query.text),
    caller.scope.vendorId === null ? reads.influencers(query.text, SEARCH_LIMIT) : Promise.resolve([]),
  ]);
  return { query: query.text, results: [...orders, ...links, ...influencers].slice(0, 3 * SEARCH_LIMIT) };
}

/** The console page of each result. */
export const consolePaths = {
  influencer: (id: string) => `/influencers/${id}`,
  /** An attributed order opens the influencer's trail on it; one that earned nothing, on the click the vendor named. */
  order: (o: { id: string; attributedTo: string | null; clickInfluencerId: string | null; clickId: string | null }) =>
    o.attributedTo ? `/influencers/${o.attributedTo}?conversion=${o.id}`
      : o.clickInfluencerId && o.clickId ? `/influencers/${o.clickInfluencerId}?click=${o.clickId}`
        : `/conversions?id=${o.id}`,
  click: (c: { id: string; influencerId: string; orderConversionId: string | null }) =>
    c.orderConversionId ? `/influencers/${c.influencerId}?conversion=${c.orderConversionId}` : `/influencers/${c.influencerId}?click=${c.id}`,
  link: (code: string) => `/links?code=${encodeURIComponent(code)}`,
};

import { sql, type Kysely } from 'kysely';
import type { Scope } from '../core/access/access.ts';
import type { CommissionStatus } from '../core/commissions/commission.ts';
import type { ConversionStatus } from '../core/conversions/conversions.ports.ts';
import type { LinkChannel } from '../core/links/links.service.ts';
import { consolePaths, SEARCH_LIMIT, type SearchResult, type SupportSearchReads } from '../core/reports/support-search.ts';
import { clickedAtNear, clickedAtNearColumn } from './click-window.ts';
import { matchingQuery } from './influencers.repository.ts';
import type { Database } from './schema.ts';

// The support search's lookups: each an index lookup (a click by id, orders by order id or
// click id, a link by code, influencers by id, handle, chat account or name prefix). The scope
// narrows each to a vendor's own when it names one. A click is read by id within the time its
// id carries (db/click-window.ts), so one monthly partition is read, not all of them.

type Db = Kysely<Database>;
type Order = Extract<SearchResult, { kind: 'order' }>;
type Click = Extract<SearchResult, { kind: 'click' }>;

interface OrderRow {
  id: string; order_id: string; vendor_name: string; amount: string; currency: string; status: ConversionStatus;
  attribution_reason: string | null; occurred_at: Date; click_id: string | null; influencer_id: string | null;
  click_influencer_id: string | null; influencer_name: string | null;
  commission_id: string | null; commission_status: CommissionStatus | null; approves_at: Date | null; hold_reason: string | null;
  payout_amount: string | null; payout_currency: string | null;
}

async function orders(db: Db, scope: Scope, by: { orderId: string } | { clickId: string }): Promise<Order[]> {
  const { rows } = await sql<OrderRow>`
    SELECT v.id, v.order_id, vn.name AS vendor_name, v.amount, v.currency, v.status, v.attribution_reason, v.occurred_at, v.click_id,
      v.influencer_id, k.influencer_id AS click_influencer_id, i.display_name AS influencer_name,
      cm.id AS commission_id, cm.status AS commission_status, cm.approves_at, cm.hold_reason, cm.payout_amount, cm.payout_currency
    FROM conversions v
    JOIN vendors vn ON vn.id = v.vendor_id
    LEFT JOIN LATERAL (
      SELECT c.influencer_id FROM clicks c WHERE c.id = v.click_id AND ${clickedAtNearColumn('c', 'v.click_id')} ORDER BY c.clicked_at DESC LIMIT 1
    ) k ON true
    LEFT JOIN influencers i ON i.id = coalesce(v.influencer_id, k.influencer_id)
    LEFT JOIN commissions cm ON cm.conversion_id = v.id AND cm.kind = 'sale' AND cm.influencer_id = v.influencer_id
    WHERE ${'orderId' in by ? sql`v.order_id = ${by.orderId}` : sql`v.click_id = ${by.clickId}::uuid`}
      ${scope.vendorId === null ? sql`` : sql`AND v.vendor_id = ${scope.vendorId}`}
    ORDER BY v.id DESC
    LIMIT ${SEARCH_LIMIT}
  `.execute(db);
  return rows.map((r) => ({
    kind: 'order', id: r.id, orderId: r.order_id, vendorName: r.vendor_name, amount: Number(r.amount), currency: r.currency.trim(), status: r.status,
    attributionReason: r.attribution_reason, occurredAt: r.occurred_at, clickId: r.click_id,
    influencerId: r.influencer_id ?? r.click_influencer_id, influencerName: r.influencer_name,
    commission: r.commission_id && r.commission_status && r.approves_at ? {
      id: r.commission_id, status: r.commission_status, approvesAt: r.approves_at, heldReason: r.hold_reason,
      amount: Number(r.payout_amount), currency: (r.payout_currency ?? r.currency).trim(),
    } : null,
    path: consolePaths.order({ id: r.id, attributedTo: r.influencer_id, clickInfluencerId: r.click_influencer_id, clickId: r.click_id }),
  }));
}

async function clicks(db: Db, scope: Scope, clickId: string): Promise<Click[]> {
  const near = clickedAtNear('c', clickId);
  if (!near) return [];
  const rows = await db.selectFrom('clicks as c')
    .innerJoin('links as l', 'l.id', 'c.link_id')
    .innerJoin('influencers as i', 'i.id', 'c.influencer_id')
    .innerJoin('products as p', 'p.id', 'c.product_id')
    .select(['c.id', 'c.clicked_at', 'c.counted', 'c.influencer_id', 'i.display_name', 'l.code', 'l.channel', 'l.group_label',
      sql<string[]>`coalesce((SELECT array_agg(v.id::text ORDER BY v.id DESC) FROM conversions v WHERE v.click_id = c.id AND v.influencer_id = c.influencer_id), '{}')`.as('attributed')])
    .where('c.id', '=', clickId).where(near)
    .$if(scope.vendorId !== null, (qb) => qb.where('p.vendor_id', '=', scope.vendorId as string))
    .limit(1).execute();
  return rows.map((r) => ({
    kind: 'click', id: r.id, clickedAt: r.clicked_at, counted: r.counted, influencerId: r.influencer_id, influencerName: r.display_name,
    linkCode: r.code, channel: r.channel as LinkChannel, groupLabel: r.group_label, orders: r.attributed,
    path: consolePaths.click({ id: r.id, influencerId: r.influencer_id, orderConversionId: r.attributed[0] ?? null }),
  }));
}

async function links(db: Db, scope: Scope, code: string): Promise<Extract<SearchResult, { kind: 'link' }>[]> {
  if (!/^[0-9A-Za-z_-]{4,64}$/.test(code)) return [];
  const rows = await db.selectFrom('links as l')
    .innerJoin('influencers as i', 'i.id', 'l.influencer_id')
    .innerJoin('products as p', 'p.id', 'l.product_id')
    .select(['l.id', 'l.code', 'l.influencer_id', 'i.display_name', 'p.title', 'l.channel', 'l.group_label'])
    .where('l.code', '=', code)
    .$if(scope.vendorId !== null, (qb) => qb.where('p.vendor_id', '=', scope.vendorId as string))
    .execute();
  return rows.map((r) => ({
    kind: 'link', id: r.id, code: r.code, influencerId: r.influencer_id, influencerName: r.display_name, productTitle: r.title,
    channel: r.channel, groupLabel: r.group_label, path: consolePaths.link(r.code),
  }));
}

async function influencers(db: Db, q: string, limit: number): Promise<Extract<SearchResult, { kind: 'influencer' }>[]> {
  const found = await db.selectFrom('influencers').select(['id', 'display_name', 'status', 'country'])
    .where(matchingQuery(db, q)).where('status', '<>', 'deleted').orderBy('id', 'desc').limit(limit).execute();
  if (found.length === 0) return [];
  const identities = await db.selectFrom('influencer_identities').select(['influencer_id', 'external_id', 'username'])
    .where('influencer_id', 'in', found.map((f) => f.id)).orderBy('id').execute();
  const handle = q.replace(/^@/, '').toLowerCase();
  return found.map((f) => {
    const mine = identities.filter((i) => i.influencer_id === f.id);
    const matched = f.id === q ? 'id' as const
      : mine.some((i) => i.username?.toLowerCase().startsWith(handle)) ? 'handle' as const
        : mine.some((i) => i.external_id === q || i.external_id === q.replace(/^\+/, '')) ? 'chat_account' as const : 'name' as const;
    return {
      kind: 'influencer', id: f.id, displayName: f.display_name, status: f.status, country: f.country?.trim() ?? null, matched,
      handles: mine.flatMap((i) => (i.username ? [`@${i.username}`] : [])), path: consolePaths.influencer(f.id),
    };
  });
}

export function supportSearchReads(db: Db): SupportSearchReads {
  return {
    orders: (scope, by) => orders(db, scope, by),
    clicks: (scope, clickId) => clicks(db, scope, clickId),
    links: (scope, code) => links(db, scope, code),
    influencers: (q, limit) => influencers(db, q, limit),
  };
}

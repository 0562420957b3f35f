import { sql, type Kysely } from 'kysely';
import type { DataExportRecords, DataExportStore } from '../core/privacy/data-export.ts';
import type { Database } from './schema.ts';

type Db = Kysely<Database>;

const iso = (at: Date) => at.toISOString();
const isoOrNull = (at: Date | null) => (at ? at.toISOString() : null);

/**
 * One influencer's rows for their data export. Every query is keyed by the influencer (the
 * indexes by influencer_id serve them all); clicks are read as the daily rollups' counts per
 * link, so no visitor's row is ever read, and orders carry no item lines.
 */
export async function dataExportRecords(db: Db, influencerId: string): Promise<DataExportRecords | undefined> {
  const profile = await db.selectFrom('influencers as i').leftJoin('tiers as t', 't.id', 'i.tier_id')
    .select([
      'i.id', 'i.display_name', 'i.language', 'i.country', 'i.status', 'i.recruit_code', 'i.recruited_by', 'i.tier_pinned',
      'i.payout_currency', 'i.intro_line', 'i.handle', 'i.terms_accepted_at', 'i.created_at', 't.name as tier_name', 't.multiplier_bps',
    ])
    .where('i.id', '=', influencerId).executeTakeFirst();
  if (!profile) return undefined;

  const picks = await db.selectFrom('picks as k').innerJoin('products as p', 'p.id', 'k.product_id')
    .select(['k.product_id', 'p.title', 'k.note', 'k.picked_at']).where('k.influencer_id', '=', influencerId)
    .orderBy('k.picked_at', 'desc').execute();
  const [identities, brands, links, orders, commissions, payouts, recruits] = await Promise.all([
    db.selectFrom('influencer_identities').select(['channel', 'external_id', 'username', 'active', 'created_at', 'last_seen_at'])
      .where('influencer_id', '=', influencerId).orderBy('id').execute(),
    db.selectFrom('brand_memberships as m').innerJoin('brands as b', 'b.id', 'm.brand_id')
      .select(['b.name', 'm.status', 'm.created_at', 'm.decided_at']).where('m.influencer_id', '=', influencerId).orderBy('m.id').execute(),
    db.selectFrom('links as l')
      .innerJoin('products as p', 'p.id', 'l.product_id')
      .innerJoin('brands as b', 'b.id', 'p.brand_id')
      .leftJoin(
        (eb) => eb.selectFrom('click_rollups_daily').select([
          'link_id', sql<string>`sum(clicks_total)`.as('total'), sql<string>`sum(clicks_counted)`.as('counted'),
        ]).where('influencer_id', '=', influencerId).groupBy('link_id').as('r'),
        (join) => join.onRef('r.link_id', '=', 'l.id'),
      )
      .select(['l.code', 'l.channel', 'l.landing', 'l.group_label', 'l.created_at', 'p.id as product_id', 'p.sku', 'p.title', 'b.name as brand', 'r.total', 'r.counted'])
      .where('l.influencer_id', '=', influencerId).orderBy('l.id').execute(),
    db.selectFrom('conversions as c').leftJoin('links as l', 'l.id', 'c.link_id').leftJoin('products as p', 'p.id', 'c.product_id')
      .select(['c.order_id', 'l.code', 'p.title', 'c.amount', 'c.refunded_amount', 'c.currency', 'c.status', 'c.occurred_at', 'c.received_at'])
      .where('c.influencer_id', '=', influencerId).orderBy('c.id').execute(),
    db.selectFrom('commissions as cm').innerJoin('conversions as c', 'c.id', 'cm.conversion_id')
      .select([
        'cm.id', 'cm.kind', 'c.order_id', 'cm.status', 'cm.amount', 'cm.reversed_amount', 'cm.currency', 'cm.payout_amount',
        'cm.reversed_payout_amount', 'cm.payout_currency', 'cm.rate_bps', 'cm.created_at', 'cm.approved_at', 'cm.reversed_at', 'cm.payout_id',
      ])
      .where('cm.influencer_id', '=', influencerId).orderBy('cm.id').execute(),
    db.selectFrom('payouts')
      .select(['id', 'amount', 'currency', 'status', 'reference', 'created_at', 'approved_at', 'paid_at', 'failed_at'])
      .where('influencer_id', '=', influencerId).orderBy('id').execute(),
    db.selectFrom('influencers').select(sql<string>`count(*)`.as('n')).where('recruited_by', '=', influencerId).executeTakeFirstOrThrow(),
  ]);

  const storefront = {
    handle: profile.handle,
    picks: picks.map((k) => ({ productId: k.product_id, product: k.title, note: k.note, pickedAt: iso(k.picked_at) })),
  };
  return {
    storefront,
    profile: {
      id: profile.id, displayName: profile.display_name, language: profile.language, country: profile.country?.trim() ?? null,
      status: profile.status, recruitCode: profile.recruit_code, invited: profile.recruited_by !== null,
      tier: profile.tier_name === null ? null : { name: profile.tier_name, multiplierBps: profile.multiplier_bps ?? 10_000, pinned: profile.tier_pinned },
      payoutCurrency: profile.payout_currency.trim(), introLine: profile.intro_line, termsAcceptedAt: isoOrNull(profile.terms_accepted_at), registeredAt: iso(profile.created_at),
    },
    chatIdentities: identities.map((i) => ({
      channel: i.channel, userId: i.external_id, username: i.username, active: i.active, firstSeenAt: iso(i.created_at), lastSeenAt: isoOrNull(i.last_seen_at),
    })),
    brands: brands.map((m) => ({ brand: m.name, status: m.status, requestedAt: iso(m.created_at), decidedAt: isoOrNull(m.decided_at) })),
    links: links.map((l) => ({
      code: l.code, channel: l.channel, landing: l.landing, groupLabel: l.group_label, createdAt: iso(l.created_at),
      product: { id: l.product_id, sku: l.sku, title: l.title, brand: l.brand },
      clicks: { total: Number(l.total ?? 0), counted: Number(l.counted ?? 0) },
    })),
    orders: orders.map((c) => ({
      orderId: c.order_id, linkCode: c.code, product: c.title, amount: Number(c.amount), refundedAmount: Number(c.refunded_amount),
      currency: c.currency.trim(), status: c.status, occurredAt: iso(c.occurred_at), receivedAt: iso(c.received_at),
    })),
    commissions: commissions.map((c) => ({
      id: c.id, kind: c.kind, orderId: c.kind === 'sale' ? c.order_id : null, status: c.status,
      amount: Number(c.amount), reversedAmount: Number(c.reversed_amount), currency: c.currency.trim(),
      payoutAmount: Number(c.payout_amount), reversedPayoutAmount: Number(c.reversed_payout_amount), payoutCurrency: c.payout_currency.trim(),
      rateBps: c.rate_bps, createdAt: iso(c.created_at), approvedAt: isoOrNull(c.approved_at), reversedAt: isoOrNull(c.reversed_at), payoutId: c.payout_id,
    })),
    payouts: payouts.map((p) => ({
      id: p.id, amount: Number(p.amount), currency: p.currency.trim(), status: p.status, reference: p.reference,
      createdAt: iso(p.created_at), approvedAt: isoOrNull(p.approved_at), paidAt: isoOrNull(p.paid_at), failedAt: isoOrNull(p.failed_at),
    })),
    recruits: Number(recruits.n),
  };
}

/** The data export store of core/privacy/data-export.ts on this database. */
export function dataExportStore(db: Db): DataExportStore {
  return { recordsOf: (influencerId) => dataExportRecords(db, influencerId) };
}

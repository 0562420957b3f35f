import type { Kysely } from 'kysely';
import type { Scope } from '../core/access/access.ts';
import type {
  ClickFilter, ClickReport, CommissionFilter, CommissionReport, ConversionFilter, ConversionReport, ReportReads,
} from '../core/reports/reports.ports.ts';
import type { Page, PageQuery } from '../core/shared/paging.ts';
import { listPage } from './paging.ts';
import type { ClickRow, CommissionRow, ConversionRow, Database } from './schema.ts';

// Read-only lists for the admin API's reports, newest first, paged by keyset on id. The scope
// is part of every query: clicks join their product, commissions their brand, conversions
// carry their vendor.

type Db = Kysely<Database>;

function toClickReport(r: ClickRow): ClickReport {
  return {
    id: r.id, linkId: r.link_id, influencerId: r.influencer_id, productId: r.product_id, clickedAt: r.clicked_at,
    counted: r.counted, duplicate: r.duplicate, bot: r.bot, selfClick: r.self_click, flag: r.flag,
  };
}

/** A conversion row with the first hold on its commissions (db/commission-review.repository.ts sets them), its influencer's name and its link. */
type ConversionWithHold = ConversionRow & {
  hold_at: Date | null; hold_reason: string | null; influencer_name: string | null; link_code: string | null; link_group_label: string | null;
};

function toConversionReport(r: ConversionWithHold): ConversionReport {
  return {
    id: r.id, vendorId: r.vendor_id, orderId: r.order_id, clickId: r.click_id, linkId: r.link_id, influencerId: r.influencer_id,
    productId: r.product_id, amount: Number(r.amount), refundedAmount: Number(r.refunded_amount), currency: r.currency, status: r.status,
    attributionReason: r.attribution_reason, selfPurchase: r.self_purchase, occurredAt: r.occurred_at, receivedAt: r.received_at,
    held: r.hold_at !== null, holdReason: r.hold_reason, heldAt: r.hold_at, fraudAt: r.fraud_at, fraudReason: r.fraud_reason,
    influencerName: r.influencer_name, linkCode: r.link_code, linkGroupLabel: r.link_group_label,
  };
}

function toCommissionReport(r: CommissionRow): CommissionReport {
  return {
    id: r.id, conversionId: r.conversion_id, influencerId: r.influencer_id, brandId: r.brand_id, kind: r.kind,
    baseAmount: Number(r.base_amount), amount: Number(r.amount), reversedAmount: Number(r.reversed_amount), currency: r.currency,
    rateBps: r.rate_bps, baseRateBps: r.base_rate_bps, tierId: r.tier_id, tierMultiplierBps: r.tier_multiplier_bps, status: r.status,
    payoutId: r.payout_id, approvesAt: r.approves_at, createdAt: r.created_at, approvedAt: r.approved_at, reversedAt: r.reversed_at,
    held: r.held_at !== null, holdReason: r.hold_reason, heldAt: r.held_at, heldBy: r.held_by,
  };
}

/** The clicks `scope` may see: a vendor's are those on its own products. */
function scopedClicks(db: Db, { vendorId }: Scope) {
  return db.selectFrom('clicks').selectAll('clicks')
    .$if(vendorId !== null, (qb) => qb.innerJoin('products', 'products.id', 'clicks.product_id').where('products.vendor_id', '=', vendorId as string));
}

/**
 * The conversions `scope` may see: a vendor's own orders; each with the first hold on its commissions,
 * its influencer's display name (all a vendor sees of them) and its link's code and group label.
 */
function scopedConversions(db: Db, { vendorId }: Scope) {
  return db.selectFrom('conversions')
    .leftJoin('influencers', 'influencers.id', 'conversions.influencer_id')
    .leftJoin('links', 'links.id', 'conversions.link_id')
    .leftJoinLateral((eb) => eb.selectFrom('commissions as h').select(['h.held_at as hold_at', 'h.hold_reason'])
      .whereRef('h.conversion_id', '=', 'conversions.id').where('h.held_at', 'is not', null).orderBy('h.held_at').limit(1).as('hold'), (join) => join.onTrue())
    .selectAll('conversions')
    .select(['hold.hold_at', 'hold.hold_reason', 'influencers.display_name as influencer_name', 'links.code as link_code', 'links.group_label as link_group_label'])
    .$if(vendorId !== null, (qb) => qb.where('conversions.vendor_id', '=', vendorId as string));
}

/** The commissions `scope` may see: a vendor's are those on its own brands. */
function scopedCommissions(db: Db, { vendorId }: Scope) {
  return db.selectFrom('commissions').selectAll('commissions')
    .$if(vendorId !== null, (qb) => qb.innerJoin('brands', 'brands.id', 'commissions.brand_id').where('brands.vendor_id', '=', vendorId as string));
}

/** Clicks by click time. */
export async function listClicks(db: Db, scope: Scope, filter: ClickFilter, page: PageQuery): Promise<Page<ClickReport>> {
  return listPage(scopedClicks(db, scope), {
    id: 'clicks.id',
    equal: { 'clicks.link_id': filter.linkId, 'clicks.influencer_id': filter.influencerId, 'clicks.product_id': filter.productId, 'clicks.counted': filter.counted },
    during: { column: 'clicks.clicked_at', from: filter.from, to: filter.to },
  }, page, toClickReport);
}

/** Conversions and commissions filter alike: by status, influencer and one time column of their table. */
function byStatusAndInfluencer(table: 'conversions' | 'commissions', timeColumn: string, filter: ConversionFilter | CommissionFilter) {
  return {
    id: `${table}.id`,
    equal: { [`${table}.status`]: filter.status, [`${table}.influencer_id`]: filter.influencerId },
    during: { column: `${table}.${timeColumn}`, from: filter.from, to: filter.to },
  };
}

/** Conversions by the time the order happened (`occurredAt`); `held` keeps those with (or without) a commission on hold. */
export async function listConversions(db: Db, scope: Scope, filter: ConversionFilter, page: PageQuery): Promise<Page<ConversionReport>> {
  // Held ones through the small partial index of holds (commissions_held_idx), not a scan of every order.
  const held = db.selectFrom('commissions').select('commissions.conversion_id').where('commissions.held_at', 'is not', null);
  const query = scopedConversions(db, scope)
    .$if(filter.held === true, (qb) => qb.where('conversions.id', 'in', held))
    .$if(filter.held === false, (qb) => qb.where('conversions.id', 'not in', held));
  return listPage(query, byStatusAndInfluencer('conversions', 'occurred_at', filter), page, toConversionReport);
}

export async function findConversionReport(db: Db, scope: Scope, id: string): Promise<ConversionReport | undefined> {
  const row = await scopedConversions(db, scope).where('conversions.id', '=', id).executeTakeFirst();
  return row && toConversionReport(row);
}

/** Commissions by the time they were earned (`createdAt`). */
export async function listCommissions(db: Db, scope: Scope, filter: CommissionFilter, page: PageQuery): Promise<Page<CommissionReport>> {
  const query = scopedCommissions(db, scope)
    .$if(filter.held !== undefined, (qb) => qb.where('commissions.held_at', filter.held ? 'is not' : 'is', null));
  const list = byStatusAndInfluencer('commissions', 'created_at', filter);
  return listPage(query, { ...list, equal: { ...list.equal, 'commissions.conversion_id': filter.conversionId } }, page, toCommissionReport);
}

/** One scoped query: a vendor asking for a commission on another vendor's brand finds nothing. */
export async function findCommissionReport(db: Db, scope: Scope, id: string): Promise<CommissionReport | undefined> {
  const row = await scopedCommissions(db, scope).where('commissions.id', '=', id).executeTakeFirst();
  return row && toCommissionReport(row);
}

/** The report queries of core/reports on this database. */
export function reportReads(db: Db): ReportReads {
  return {
    listClicks: (scope, filter, page) => listClicks(db, scope, filter, page),
    listConversions: (scope, filter, page) => listConversions(db, scope, filter, page),
    findConversion: (scope, id) => findConversionReport(db, scope, id),
    listCommissions: (scope, filter, page) => listCommissions(db, scope, filter, page),
    findCommission: (scope, id) => findCommissionReport(db, scope, id),
  };
}

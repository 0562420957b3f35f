import type { CommissionStatus } from '../core/commissions/commission.ts';
import { sql, type Kysely, type Selectable } from 'kysely';
import type {
  ClickContext, ConversionAnswer, ConversionStatus, ConversionStore, ConversionTx,
  LockedCommission, LockedConversion, NewCommission, NewConversion, NewRefund, RefundAnswer, Stored,
} from '../core/conversions/conversions.ports.ts';
import type { ClickFlag } from '../core/clicks/click-flags.ts';
import { clickedAtNear } from './click-window.ts';
import { findFxRate } from './fx-rates.repository.ts';
import { insertLedgerTransaction } from './ledger.repository.ts';
import type { CommissionsTable, Database } from './schema.ts';
import { takeSettlementLock } from './settlement-lock.ts';
import { campaignMoneyTx, promoLookup } from './campaign-money.repository.ts';

/** How long a refund waits for a settlement chunk before answering `busy` (a chunk takes seconds). */
const SETTLEMENT_WAIT_MS = 15_000;

/** The conversion store of core/conversions/conversions.service.ts and core/conversions/refunds.service.ts, on Kysely. */
export function createConversionStore(db: Kysely<Database>): ConversionStore {
  return {
    findConversionAnswer: (vendorId, orderId) => findConversionAnswer(db, vendorId, orderId),
    findClickContext: (clickId) => findClickContext(db, clickId),
    findOtherOrderOfBuyer: (vendorId, buyerHash, orderId, from, to) => findOtherOrderOfBuyer(db, vendorId, buyerHash, orderId, from, to),
    findFxRate: (base, quote, at) => findFxRate(db, base, quote, at),
    ...promoLookup(db),
    transaction: (work) => db.transaction().execute((trx) => work(conversionTx(trx))),
  };
}

function conversionTx(trx: Kysely<Database>): ConversionTx {
  return {
    ...campaignMoneyTx(trx),
    insertConversionOnce: (row) => insertConversionOnce(trx, row),
    findConversionAnswer: (vendorId, orderId) => findConversionAnswer(trx, vendorId, orderId),
    saveConversionAnswer: (id, answer) => saveConversionAnswer(trx, id, answer),
    insertCommission: (row) => insertCommission(trx, row),
    postLedger: async (transaction) => { await insertLedgerTransaction(trx, transaction); },
    waitForSettlement: () => takeSettlementLock(trx, { mode: 'shared', timeoutMs: SETTLEMENT_WAIT_MS }),
    lockConversionByOrder: (vendorId, orderId) => lockConversionByOrder(trx, vendorId, orderId),
    lockCommissions: (conversionId) => lockCommissions(trx, conversionId),
    lockOverrides: (sourceIds) => lockOverrides(trx, sourceIds),
    findRefundAnswer: (conversionId, refundKey) => findRefundAnswer(trx, conversionId, refundKey),
    updateConversionRefunds: (id, change) => updateConversionRefunds(trx, id, change),
    updateCommissionReversal: (id, change) => updateCommissionReversal(trx, id, change),
    insertRefund: (row) => insertRefund(trx, row),
    saveRefundAnswer: (id, answer) => saveRefundAnswer(trx, id, answer),
  };
}

export async function findConversionAnswer(db: Kysely<Database>, vendorId: string, orderId: string): Promise<Stored<ConversionAnswer> | undefined> {
  const row = await db.selectFrom('conversions').select(['request_hash', 'response'])
    .where('vendor_id', '=', vendorId).where('order_id', '=', orderId).executeTakeFirst();
  return row && { requestHash: row.request_hash, answer: row.response as ConversionAnswer };
}

interface ClickContextRow {
  id: string; link_id: string; influencer_id: string; product_id: string; clicked_at: Date;
  counted: boolean; duplicate: boolean; bot: boolean; self_click: boolean; flag: ClickFlag | null;
  product_vendor_id: string; product_rate_bps: number | null; brand_id: string; brand_rate_bps: number;
  lock_days: number; attribution_window_days: number; tier_id: string | null; tier_multiplier_bps: number | null;
  prior_id: string | null; prior_clicked_at: Date | null; payout_currency: string; product_title: string; influencer_status: string;
}

/**
 * The click with this id and everything attribution and commission depend on, in one query:
 * its product's vendor and rate, the brand's rate, window and lock, the influencer's current
 * tier, and, for a duplicate, the same visitor's last counted click on the link before it.
 * Clicks are partitioned by month: the time in the id bounds clicked_at, so one partition's
 * primary key finds it; an id that is not a UUIDv7 names no click.
 */
export async function findClickContext(db: Kysely<Database>, clickId: string): Promise<ClickContext | undefined> {
  const near = clickedAtNear('c', clickId);
  if (!near) return undefined;
  const { rows } = await sql<ClickContextRow>`
    SELECT c.id, c.link_id, c.influencer_id, c.product_id, c.clicked_at, c.counted, c.duplicate, c.bot, c.self_click, c.flag,
      p.vendor_id AS product_vendor_id, p.commission_rate_bps AS product_rate_bps,
      b.id AS brand_id, b.commission_rate_bps AS brand_rate_bps, b.lock_days, b.attribution_window_days,
      i.tier_id, t.multiplier_bps AS tier_multiplier_bps, i.payout_currency, p.title AS product_title, i.status AS influencer_status,
      prior.id AS prior_id, prior.clicked_at AS prior_clicked_at
    FROM clicks c
    JOIN products p ON p.id = c.product_id
    JOIN brands b ON b.id = p.brand_id
    JOIN influencers i ON i.id = c.influencer_id
    LEFT JOIN tiers t ON t.id = i.tier_id
    LEFT JOIN LATERAL (
      SELECT pc.id, pc.clicked_at FROM clicks pc
      WHERE c.duplicate AND NOT c.counted
        AND pc.link_id = c.link_id AND pc.visitor_id = c.visitor_id AND pc.counted AND pc.clicked_at <= c.clicked_at
      ORDER BY pc.clicked_at DESC LIMIT 1
    ) prior ON true
    WHERE c.id = ${clickId}::uuid AND ${near}
    ORDER BY c.clicked_at DESC
    LIMIT 1
  `.execute(db);
  const r = rows[0];
  if (!r) return undefined;
  return {
    facts: {
      id: r.id, linkId: r.link_id, influencerId: r.influencer_id, productId: r.product_id, clickedAt: r.clicked_at,
      counted: r.counted, duplicate: r.duplicate, bot: r.bot, selfClick: r.self_click, flag: r.flag,
      productVendorId: r.product_vendor_id, attributionWindowDays: r.attribution_window_days, influencerActive: r.influencer_status === 'active',
      lastCountedClick: r.prior_id && r.prior_clicked_at ? { id: r.prior_id, clickedAt: r.prior_clicked_at } : null,
    },
    brandId: r.brand_id,
    lockDays: r.lock_days,
    terms: { productRateBps: r.product_rate_bps, brandRateBps: r.brand_rate_bps, tierId: r.tier_id, tierMultiplierBps: r.tier_multiplier_bps },
    payoutCurrency: r.payout_currency,
    productTitle: r.product_title,
  };
}

/** One probe of conversions_buyer_idx: another attributed order of the same buyer at this vendor, in the window. */
export async function findOtherOrderOfBuyer(
  db: Kysely<Database>, vendorId: string, buyerHash: string, orderId: string, from: Date, to: Date,
): Promise<string | undefined> {
  const row = await db.selectFrom('conversions').select('order_id')
    .where('vendor_id', '=', vendorId).where('buyer_hash', '=', buyerHash)
    .where('occurred_at', '>=', from).where('occurred_at', '<=', to)
    .where('order_id', '<>', orderId).where('influencer_id', 'is not', null)
    .orderBy('occurred_at', 'desc').limit(1).executeTakeFirst();
  return row?.order_id;
}

/** INSERT … ON CONFLICT DO NOTHING: the unique (vendor_id, order_id) picks one winner among concurrent reports. */
export async function insertConversionOnce(db: Kysely<Database>, row: NewConversion): Promise<string | undefined> {
  const inserted = await db.insertInto('conversions').values({
    vendor_id: row.vendorId, order_id: row.orderId, click_id: row.clickId, link_id: row.linkId,
    influencer_id: row.influencerId, product_id: row.productId, amount: row.amount, currency: row.currency,
    status: row.status, attribution_reason: row.attributionReason, items: row.items === null ? null : JSON.stringify(row.items),
    occurred_at: row.occurredAt, received_at: row.receivedAt, request_hash: row.requestHash,
    payout_currency: row.fx?.quote ?? null, fx_rate_e9: row.fx?.rateE9 ?? null, fx_rate_valid_from: row.fx?.validFrom ?? null,
    buyer_hash: row.buyerHash, self_purchase: row.selfPurchase, attributed_by: row.attributedBy, promo_code: row.promoCode,
    // Replaced by the answer before the transaction commits; no one outside ever reads this.
    response: '{}',
  }).onConflict((oc) => oc.columns(['vendor_id', 'order_id']).doNothing()).returning('id').executeTakeFirst();
  return inserted?.id;
}

export async function saveConversionAnswer(db: Kysely<Database>, conversionId: string, answer: ConversionAnswer): Promise<void> {
  await db.updateTable('conversions').set({ response: JSON.stringify(answer) }).where('id', '=', conversionId).execute();
}

export async function insertCommission(db: Kysely<Database>, row: NewCommission): Promise<string> {
  const { quote } = row;
  const inserted = await db.insertInto('commissions').values({
    conversion_id: row.conversionId, influencer_id: row.influencerId, brand_id: row.brandId, kind: 'sale',
    base_amount: quote.baseAmount, amount: quote.amount, currency: row.currency,
    rate_bps: quote.rateBps, base_rate_bps: quote.baseRateBps, tier_id: quote.tierId, tier_multiplier_bps: quote.tierMultiplierBps,
    payout_currency: row.payout.currency, payout_amount: row.payout.amount, fx_rate_e9: row.payout.rateE9,
    status: 'pending', approves_at: row.approvesAt, created_at: row.createdAt,
    held_at: row.hold?.heldAt ?? null, hold_reason: row.hold?.holdReason ?? null, held_by: row.hold?.heldBy ?? null,
    campaign_id: row.bonus?.campaignId ?? null, bonus_amount: row.bonus?.amount ?? 0,
    bonus_rate_bps: row.bonus?.rateBps ?? null, bonus_fee: row.bonus?.fee ?? null,
  }).returning('id').executeTakeFirstOrThrow();
  return inserted.id;
}

/**
 * SELECT … FOR NO KEY UPDATE: concurrent refunds of one order wait for each other here. Not FOR
 * UPDATE: that would also block the foreign-key check of settlement inserting an override for
 * this order while it holds the commission this refund waits for (a deadlock).
 */
export async function lockConversionByOrder(db: Kysely<Database>, vendorId: string, orderId: string): Promise<LockedConversion | undefined> {
  const row = await db.selectFrom('conversions').select(['id', 'amount', 'refunded_amount', 'currency', 'status'])
    .where('vendor_id', '=', vendorId).where('order_id', '=', orderId).forNoKeyUpdate().executeTakeFirst();
  return row && { id: row.id, amount: Number(row.amount), refundedAmount: Number(row.refunded_amount), currency: row.currency, status: row.status };
}

const LOCKED_COMMISSION_COLUMNS = [
  'id', 'kind', 'influencer_id', 'amount', 'reversed_amount', 'currency', 'status', 'payout_amount', 'reversed_payout_amount',
  'payout_currency', 'fx_rate_e9', 'rate_bps', 'source_commission_id', 'campaign_id', 'bonus_amount',
] as const;

type LockedCommissionRow = Pick<Selectable<CommissionsTable>, (typeof LOCKED_COMMISSION_COLUMNS)[number]>;

export function toLockedCommission(r: LockedCommissionRow): LockedCommission {
  return {
    id: r.id, kind: r.kind, influencerId: r.influencer_id, amount: Number(r.amount), reversedAmount: Number(r.reversed_amount),
    currency: r.currency, status: r.status, payoutAmount: Number(r.payout_amount), reversedPayoutAmount: Number(r.reversed_payout_amount),
    payoutCurrency: r.payout_currency, fxRateE9: Number(r.fx_rate_e9), rateBps: r.rate_bps, sourceCommissionId: r.source_commission_id,
    campaignId: r.campaign_id, bonusAmount: Number(r.bonus_amount),
  };
}

export async function lockCommissions(db: Kysely<Database>, conversionId: string): Promise<LockedCommission[]> {
  const rows = await db.selectFrom('commissions').select(LOCKED_COMMISSION_COLUMNS)
    .where('conversion_id', '=', conversionId).orderBy('id').forNoKeyUpdate().execute();
  return rows.map(toLockedCommission);
}

/** SELECT … FOR NO KEY UPDATE of the overrides earned on these commissions. */
export async function lockOverrides(db: Kysely<Database>, sourceCommissionIds: readonly string[]): Promise<LockedCommission[]> {
  if (sourceCommissionIds.length === 0) return [];
  const rows = await db.selectFrom('commissions').select(LOCKED_COMMISSION_COLUMNS)
    .where('source_commission_id', 'in', sourceCommissionIds).orderBy('id').forNoKeyUpdate().execute();
  return rows.map(toLockedCommission);
}

/** SELECT … FOR NO KEY UPDATE of one commission by id. */
export async function lockCommissionById(db: Kysely<Database>, id: string): Promise<LockedCommission | undefined> {
  const row = await db.selectFrom('commissions').select(LOCKED_COMMISSION_COLUMNS).where('id', '=', id).forNoKeyUpdate().executeTakeFirst();
  return row && toLockedCommission(row);
}

export async function updateConversionRefunds(db: Kysely<Database>, conversionId: string, change: { refundedAmount: number; status: ConversionStatus }): Promise<void> {
  await db.updateTable('conversions').set({ refunded_amount: String(change.refundedAmount), status: change.status }).where('id', '=', conversionId).execute();
}

export async function updateCommissionReversal(
  db: Kysely<Database>,
  commissionId: string,
  change: { reversedAmount: number; reversedPayoutAmount: number; status: CommissionStatus; reversedAt: Date | null },
): Promise<void> {
  await db.updateTable('commissions').set({
    reversed_amount: String(change.reversedAmount),
    reversed_payout_amount: String(change.reversedPayoutAmount),
    status: change.status,
    reversed_at: change.reversedAt === null ? sql<Date | null>`reversed_at` : change.reversedAt,
    // Nothing is left to review once it is reversed: its hold ends with it.
    ...(change.status === 'reversed' ? { held_at: null, hold_reason: null, held_by: null } : {}),
  }).where('id', '=', commissionId).execute();
}

export async function findRefundAnswer(db: Kysely<Database>, conversionId: string, refundKey: string): Promise<Stored<RefundAnswer> | undefined> {
  const row = await db.selectFrom('refunds').select(['request_hash', 'response'])
    .where('conversion_id', '=', conversionId).where('refund_key', '=', refundKey).executeTakeFirst();
  return row && row.request_hash !== null ? { requestHash: row.request_hash, answer: row.response as RefundAnswer } : undefined;
}

export async function insertRefund(db: Kysely<Database>, row: NewRefund): Promise<string> {
  const inserted = await db.insertInto('refunds').values({
    conversion_id: row.conversionId, amount: row.amount, reason: row.reason, refund_key: row.refundKey,
    request_hash: row.requestHash, created_at: row.createdAt,
  }).returning('id').executeTakeFirstOrThrow();
  return inserted.id;
}

export async function saveRefundAnswer(db: Kysely<Database>, refundId: string, answer: RefundAnswer): Promise<void> {
  await db.updateTable('refunds').set({ response: JSON.stringify(answer) }).where('id', '=', refundId).execute();
}

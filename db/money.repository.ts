import { sql, type Kysely } from 'kysely';
import type { Scope } from '../core/access/access.ts';
import type { CommissionReads, CommissionRecord, CommissionTally, ConversionRecord } from '../core/commissions/commission-reads.ports.ts';
import type { PayoutCurrencySetting, PayoutCurrencyStores, PayoutCurrencyTx } from '../core/payouts/payout-currency.service.ts';
import type { InfluencerMoneyProfile, InfluencerMoneyProfiles } from '../core/settlement/influencer-money.service.ts';
import type { UnitOfWork } from '../core/shared/unit-of-work.ts';
import { auditLog } from './audit.repository.ts';
import type { Database } from './schema.ts';
import { unitOfWork } from './unit-of-work.ts';

// Read models for following an influencer's money (profile, commission tallies, one
// commission's trail) and the payout-currency write. Balances and ledger lines are in
// db/ledger.repository.ts, payouts in db/payout-lists.repository.ts.

export async function findMoneyProfile(db: Kysely<Database>, influencerId: string): Promise<InfluencerMoneyProfile | undefined> {
  const row = await db.selectFrom('influencers').select(['id', 'payout_currency', 'tier_id', 'tier_pinned', 'recruited_by'])
    .where('id', '=', influencerId).executeTakeFirst();
  return row && { influencerId: row.id, payoutCurrency: row.payout_currency, tierId: row.tier_id, tierPinned: row.tier_pinned, recruitedBy: row.recruited_by };
}

export function moneyProfiles(db: Kysely<Database>): InfluencerMoneyProfiles {
  return { findProfile: (influencerId) => findMoneyProfile(db, influencerId) };
}

/** The unit of work of core/payouts/payout-currency.service.ts on `db`. */
export function createPayoutCurrencyStore(db: Kysely<Database>): UnitOfWork<PayoutCurrencyStores> {
  return unitOfWork(db, (trx) => ({ influencers: payoutCurrencyTx(trx), audit: auditLog(trx) }));
}

/** The payout-currency writes of core/payouts/payout-currency.service.ts; pass the transaction. */
function payoutCurrencyTx(trx: Kysely<Database>): PayoutCurrencyTx {
  const setting = (row: { id: string; payout_currency: string }): PayoutCurrencySetting => ({ influencerId: row.id, payoutCurrency: row.payout_currency });
  return {
    async lockPayoutCurrency(influencerId) {
      const row = await trx.selectFrom('influencers').select(['id', 'payout_currency']).where('id', '=', influencerId).forNoKeyUpdate().executeTakeFirst();
      return row && setting(row);
    },
    async setPayoutCurrency(influencerId, currency) {
      return setting(await trx.updateTable('influencers').set({ payout_currency: currency }).where('id', '=', influencerId)
        .returning(['id', 'payout_currency']).executeTakeFirstOrThrow());
    },
  };
}

/** The influencer's commissions counted by kind, status and payout currency. */
export async function commissionTallies(db: Kysely<Database>, influencerId: string): Promise<CommissionTally[]> {
  const rows = await db.selectFrom('commissions')
    .select(['kind', 'status', 'payout_currency',
      sql<string>`count(*)::text`.as('count'),
      sql<string>`sum(payout_amount - reversed_payout_amount)::text`.as('net'),
      sql<string>`sum(reversed_payout_amount)::text`.as('reversed')])
    .where('influencer_id', '=', influencerId)
    .groupBy(['kind', 'status', 'payout_currency']).orderBy('kind').orderBy('status').execute();
  return rows.map((r) => ({ kind: r.kind, status: r.status, currency: r.payout_currency, count: Number(r.count), net: Number(r.net), reversed: Number(r.reversed) }));
}

/**
 * One commission with its order, in one query; the brand's vendor must be the scope's when it
 * names one, so a vendor never reads another vendor's commission.
 */
export async function findCommissionWithConversion(db: Kysely<Database>, scope: Scope, id: string): Promise<{ commission: CommissionRecord; conversion: ConversionRecord } | undefined> {
  let query = db.selectFrom('commissions as c')
    .innerJoin('conversions as v', 'v.id', 'c.conversion_id')
    .innerJoin('brands as b', 'b.id', 'c.brand_id')
    .select(['c.id', 'c.kind', 'c.status', 'c.influencer_id', 'c.conversion_id', 'c.payout_id', 'c.amount', 'c.reversed_amount', 'c.currency',
      'c.payout_amount', 'c.reversed_payout_amount', 'c.payout_currency', 'c.fx_rate_e9', 'c.rate_bps', 'c.tier_id', 'c.tier_multiplier_bps',
      'c.source_commission_id', 'c.created_at', 'c.approves_at', 'c.approved_at', 'c.reversed_at',
      'v.order_id', 'v.click_id', 'v.link_id', 'v.amount as order_amount', 'v.refunded_amount', 'v.currency as order_currency',
      'v.occurred_at', 'v.received_at', 'v.fx_rate_e9 as order_fx_rate_e9', 'v.payout_currency as order_payout_currency'])
    .where('c.id', '=', id);
  if (scope.vendorId !== null) query = query.where('b.vendor_id', '=', scope.vendorId);
  const r = await query.executeTakeFirst();
  if (!r) return undefined;
  return {
    commission: {
      id: r.id, kind: r.kind, status: r.status, influencerId: r.influencer_id, conversionId: r.conversion_id, payoutId: r.payout_id,
      amount: Number(r.amount), reversedAmount: Number(r.reversed_amount), currency: r.currency,
      payoutAmount: Number(r.payout_amount), reversedPayoutAmount: Number(r.reversed_payout_amount), payoutCurrency: r.payout_currency,
      fxRateE9: Number(r.fx_rate_e9), rateBps: r.rate_bps, tierId: r.tier_id, tierMultiplierBps: r.tier_multiplier_bps,
      sourceCommissionId: r.source_commission_id, createdAt: r.created_at, approvesAt: r.approves_at, approvedAt: r.approved_at, reversedAt: r.reversed_at,
    },
    conversion: {
      id: r.conversion_id, orderId: r.order_id, clickId: r.click_id, linkId: r.link_id, amount: Number(r.order_amount), refundedAmount: Number(r.refunded_amount),
      currency: r.order_currency, occurredAt: r.occurred_at, receivedAt: r.received_at,
      fxRateE9: r.order_fx_rate_e9 === null ? null : Number(r.order_fx_rate_e9), payoutCurrency: r.order_payout_currency,
    },
  };
}

/** The commission reads of core/commissions/commission-reads.ports.ts on `db`. */
export function commissionReads(db: Kysely<Database>): CommissionReads {
  return {
    findWithConversion: (scope, id) => findCommissionWithConversion(db, scope, id),
    tallies: (influencerId) => commissionTallies(db, influencerId),
  };
}

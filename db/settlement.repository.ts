import { sql, type Kysely } from 'kysely';
import { CURRENCY_EXPONENTS } from '../core/money/money.ts';
import type { ApprovalBatch, SettlementStore, SettlementTx } from '../core/settlement/settlement.ports.ts';
import { auditLog } from './audit.repository.ts';
import { lockCommissionById, lockOverrides, updateCommissionReversal } from './conversions.repository.ts';
import { nextInfluencerChunk, type InfluencerRange } from './influencer-chunks.ts';
import { insertLedgerTransaction } from './ledger.repository.ts';
import type { Database } from './schema.ts';
import { takeSettlementLock } from './settlement-lock.ts';
import { tuneForSettlement } from './settlement-session.ts';
import { unitOfWork } from './unit-of-work.ts';

/** How long an admin's reversal waits for a settlement chunk before answering `busy`. */
const SETTLEMENT_WAIT_MS = 15_000;

/** The settlement store of core/settlement/settlement.service.ts, on Kysely. */
export function createSettlementStore(db: Kysely<Database>): SettlementStore {
  return { unitOfWork: unitOfWork(db, (trx) => ({ settlement: settlementTx(trx), audit: auditLog(trx) })) };
}

function settlementTx(trx: Kysely<Database>): SettlementTx {
  return {
    lockSettlement: () => takeSettlementLock(trx),
    waitForSettlement: () => takeSettlementLock(trx, { mode: 'shared', timeoutMs: SETTLEMENT_WAIT_MS }),
    async approveMaturedChunk(now, influencers, terms) {
      const range = await nextInfluencerChunk(trx, influencers.afterId, influencers.limit);
      if (range === null) return { approved: [], overrides: [], lastInfluencerId: null };
      await tuneForSettlement(trx);
      return { ...(await approveMaturedCommissionsOf(trx, range, now, terms)), lastInfluencerId: range.upTo };
    },
    async lockCommission(scope, id) {
      // The brand's vendor funds the commission; a vendor's scope sees only its own.
      let query = trx.selectFrom('commissions').innerJoin('brands', 'brands.id', 'commissions.brand_id')
        .select('brands.vendor_id').where('commissions.id', '=', id);
      if (scope.vendorId !== null) query = query.where('brands.vendor_id', '=', scope.vendorId);
      const brand = await query.executeTakeFirst();
      if (!brand) return undefined;
      const commission = await lockCommissionById(trx, id);
      return commission && { commission, vendorId: brand.vendor_id };
    },
    lockOverrides: (ids) => lockOverrides(trx, ids),
    postLedger: async (transaction) => { await insertLedgerTransaction(trx, transaction); },
    updateCommissionReversal: (id, change) => updateCommissionReversal(trx, id, change),
  };
}

/** What a chunk hands back, as two JSON arrays of tuples: one row, parsed natively, instead of a row per commission. */
interface BatchJson {
  /** [id, influencer id, kind, payout currency, net payout amount] */
  approved: [string, string, 'sale' | 'override', string, number][];
  /** [id, influencer id, source commission id, payout currency, payout amount] */
  overrides: [string, string, string, string, number][];
}

/**
 * One approval chunk as one statement. The caller holds the settlement lock, so no refund or
 * reversal holds a commission row meanwhile and the update takes every matured one at once:
 * 1. approve the pending commissions of the influencers in `range` not on hold whose lock ended
 *    by `now` (core/settlement/approval.ts `isMatured`);
 * 2. post, per influencer and payout currency, one balanced transaction moving what they net
 *    from `influencer_pending` to `influencer_available`;
 * 3. create each recruiter's override, already approved, where core/settlement/approval.ts
 *    `earnedOverride` earns one: `round_half_up(net × bps / 10000)` in the recruit's payout
 *    currency (core/settlement/settlement.ts `overrideAmount`), converted into the
 *    recruiter's payout currency at the rate in force (direct, else inverse; none: unconverted;
 *    core/money/fx.ts rules 1 and 3), funded by `platform_revenue` through `platform_fx`.
 * Data-modifying CTEs see one snapshot, so the ledger lines always match the rows they approve.
 */
export async function approveMaturedCommissionsOf(
  db: Kysely<Database>,
  range: InfluencerRange,
  now: Date,
  terms: { overrideBps: number; overrideDays: number },
): Promise<Omit<ApprovalBatch, 'lastInfluencerId'>> {
  const exponents = JSON.stringify(CURRENCY_EXPONENTS);
  const { rows } = await sql<BatchJson>`
    WITH approved AS (
      UPDATE commissions c SET status = 'approved', approved_at = ${now}
      WHERE c.status = 'pending' AND c.held_at IS NULL AND c.approves_at <= ${now} AND c.influencer_id > ${range.after} AND c.influencer_id <= ${range.upTo}
      RETURNING c.id, c.influencer_id, c.kind, c.conversion_id, c.brand_id, c.created_at, c.payout_currency,
        c.payout_amount - c.reversed_payout_amount AS net
    ), sums AS MATERIALIZED (
      SELECT influencer_id, payout_currency AS currency, sum(net) AS total, gen_random_uuid() AS tx
      FROM approved WHERE net > 0 GROUP BY influencer_id, payout_currency
    ), approval_lines AS (
      INSERT INTO ledger_entries (transaction_id, account, influencer_id, amount, currency, kind, created_at)
      SELECT s.tx, l.account, s.influencer_id, l.sign * s.total, s.currency, 'commission_approved', ${now}
      FROM sums s CROSS JOIN (VALUES ('influencer_pending', 1), ('influencer_available', -1)) AS l(account, sign)
    ), override_terms AS MATERIALIZED (
      SELECT a.id AS source_id, a.conversion_id, a.brand_id, a.payout_currency AS currency, a.net,
        recruit.recruited_by AS recruiter_id, recruiter.payout_currency AS recruiter_currency,
        (a.net * ${terms.overrideBps} * 2 + 10000) / 20000 AS amount
      FROM approved a
      JOIN influencers recruit ON recruit.id = a.influencer_id
      JOIN influencers recruiter ON recruiter.id = recruit.recruited_by
      WHERE a.kind = 'sale' AND a.net > 0 AND recruiter.id <> recruit.id AND recruiter.status = 'active'
        AND a.created_at < recruit.created_at + make_interval(days => ${terms.overrideDays})
    ), override_fx AS MATERIALIZED (
      SELECT o.*, coalesce(fx.rate_e9, 1000000000) AS rate_e9,
        CASE WHEN fx.rate_e9 IS NULL THEN o.currency ELSE o.recruiter_currency END AS payout_currency
      FROM override_terms o
      LEFT JOIN LATERAL (
        SELECT r.rate_e9 FROM (
          (SELECT rate_e9, 1 AS preference FROM fx_rates
            WHERE base = o.currency AND quote = o.recruiter_currency AND valid_from <= ${now} ORDER BY valid_from DESC LIMIT 1)
          UNION ALL
          (SELECT round(1000000000000000000::numeric / rate_e9)::bigint, 2 FROM fx_rates
            WHERE base = o.recruiter_currency AND quote = o.currency AND valid_from <= ${now} ORDER BY valid_from DESC LIMIT 1)
        ) r ORDER BY r.preference LIMIT 1
      ) fx ON o.currency <> o.recruiter_currency
      WHERE o.amount > 0
    ), override_rows AS (
      INSERT INTO commissions (
        conversion_id, influencer_id, brand_id, kind, source_commission_id, base_amount, amount, currency, rate_bps, base_rate_bps,
        payout_currency, payout_amount, fx_rate_e9, status, approves_at, created_at, approved_at
      )
      SELECT conversion_id, recruiter_id, brand_id, 'override', source_id, net, amount, currency, ${terms.overrideBps}, ${terms.overrideBps},
        payout_currency,
        round(amount::numeric * rate_e9 * power(10::numeric, (${exponents}::jsonb ->> payout_currency)::int - (${exponents}::jsonb ->> currency)::int) / 1000000000)::bigint,
        rate_e9, 'approved', ${now}, ${now}, ${now}
      FROM override_fx
      ON CONFLICT (conversion_id, kind, influencer_id) DO NOTHING
      RETURNING id, influencer_id, source_commission_id, amount, currency, payout_amount, payout_currency
    ), override_lines AS (
      INSERT INTO ledger_entries (transaction_id, account, influencer_id, amount, currency, kind, commission_id, created_at)
      SELECT o.tx, l.account, l.influencer_id, l.amount, l.currency, 'override_accrued', o.id, ${now}
      FROM (SELECT *, gen_random_uuid() AS tx FROM override_rows) o
      CROSS JOIN LATERAL (VALUES
        ('platform_revenue', NULL::bigint, o.amount, o.currency),
        ('platform_fx', NULL::bigint, CASE WHEN o.currency <> o.payout_currency THEN -o.amount ELSE 0 END, o.currency),
        ('platform_fx', NULL::bigint, CASE WHEN o.currency <> o.payout_currency THEN o.payout_amount ELSE 0 END, o.payout_currency),
        ('influencer_available', o.influencer_id, -o.payout_amount, o.payout_currency)
      ) AS l(account, influencer_id, amount, currency)
      WHERE l.amount <> 0
    )
    SELECT
      (SELECT coalesce(json_agg(json_build_array(id::text, influencer_id::text, kind, payout_currency, net)), '[]') FROM approved) AS approved,
      (SELECT coalesce(json_agg(json_build_array(id::text, influencer_id::text, source_commission_id::text, payout_currency, payout_amount)), '[]')
        FROM override_rows) AS overrides
  `.execute(db);

  const { approved, overrides } = rows[0]!;
  return {
    approved: approved.map(([id, influencerId, kind, currency, amount]) => ({ id, influencerId, kind, amount, currency })),
    overrides: overrides.map(([id, influencerId, sourceCommissionId, currency, amount]) => ({ id, influencerId, sourceCommissionId, amount, currency })),
  };
}

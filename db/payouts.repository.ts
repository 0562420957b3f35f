import { sql, type Kysely } from 'kysely';
import type { Payout, PayoutChunk, PayoutRunRequest, PayoutStore, PayoutTx } from '../core/payouts/payouts.ports.ts';
import { auditLog } from './audit.repository.ts';
import { nextInfluencerChunk, singleInfluencer } from './influencer-chunks.ts';
import { balanceReader, insertLedgerTransaction } from './ledger.repository.ts';
import type { Database, PayoutRow } from './schema.ts';
import { takeSettlementLock } from './settlement-lock.ts';
import { tuneForSettlement } from './settlement-session.ts';
import { unitOfWork } from './unit-of-work.ts';

/** The payout store of core/payouts/payouts.service.ts, on Kysely. */
export function createPayoutStore(db: Kysely<Database>): PayoutStore {
  return {
    unitOfWork: unitOfWork(db, (trx) => ({ payouts: payoutTx(trx), audit: auditLog(trx) })),
    balances: balanceReader(db),
  };
}

function payoutTx(trx: Kysely<Database>): PayoutTx {
  return {
    takeSettlementLock: (options) => takeSettlementLock(trx, { timeoutMs: options?.timeoutMs }),
    createPayouts: (request) => createPayouts(trx, request),
    findInfluencerStatus: async (id) => (await trx.selectFrom('influencers').select('status').where('id', '=', id).executeTakeFirst())?.status,
    lockPayout: async (id) => {
      const row = await trx.selectFrom('payouts').selectAll().where('id', '=', id).forNoKeyUpdate().executeTakeFirst();
      return row && toPayout(row);
    },
    updatePayout: async (id, change) => toPayout(await trx.updateTable('payouts').set({
      status: change.status,
      decided_at: change.paidAt ?? change.failedAt ?? change.approvedAt ?? null,
      ...(change.reference !== undefined ? { reference: change.reference } : {}),
      ...(change.approvedAt ? { approved_at: change.approvedAt } : {}),
      ...(change.paidAt ? { paid_at: change.paidAt } : {}),
      ...(change.failedAt ? { failed_at: change.failedAt } : {}),
      ...(change.failureReason !== undefined ? { failure_reason: change.failureReason } : {}),
    }).where('id', '=', id).returningAll().executeTakeFirstOrThrow()),
    approvePendingPayouts: async (selection, now) => {
      const pending = trx.updateTable('payouts').set({ status: 'approved', approved_at: now, decided_at: now }).where('status', '=', 'pending');
      const chosen = 'runKey' in selection ? pending.where('run_key', '=', selection.runKey) : pending.where('id', 'in', selection.payoutIds);
      return (await chosen.returningAll().execute()).map(toPayout);
    },
    markCommissionsPaid: async (payoutId) => Number((await trx.updateTable('commissions').set({ status: 'paid' })
      .where('payout_id', '=', payoutId).where('status', '=', 'in_payout').executeTakeFirst()).numUpdatedRows),
    releaseCommissions: (payoutId, now) => releaseCommissions(trx, payoutId, now),
    postLedger: async (transaction) => { await insertLedgerTransaction(trx, transaction); },
  };
}

export function toPayout(row: PayoutRow): Payout {
  return {
    id: row.id, influencerId: row.influencer_id, currency: row.currency, amount: Number(row.amount), status: row.status, runKey: row.run_key,
    reference: row.reference, createdAt: row.created_at, approvedAt: row.approved_at, paidAt: row.paid_at, failedAt: row.failed_at,
    failureReason: row.failure_reason,
  };
}

/**
 * One chunk of a payout run (the caller holds the settlement lock, so no approval, refund or
 * failed payout commits meanwhile, and the statements below see one state of the money):
 * 1. the influencers of the chunk: one, or the next `limit` by id;
 * 2. their available balances, summed in bulk for the chunk (the set-based twin of the one
 *    balance query, db/ledger.repository.ts `readInfluencerBalances`: minus the sum of
 *    `influencer_available`), less the approved commissions on hold for review (they stay
 *    available, outside any payout, until released); a payout for each active influencer's balance that reaches its
 *    currency's minimum (at most one per run, influencer and currency), kept in a temporary
 *    table so that the planner knows how many there are;
 * 3. a balanced `payout_created` transaction each;
 * 4. the approved commissions behind each balance, but for the held ones, move to `in_payout` under it.
 */
export async function createPayouts(db: Kysely<Database>, request: PayoutRunRequest): Promise<PayoutChunk> {
  const { runKey, now } = request;
  const range = 'id' in request.influencers
    ? singleInfluencer(request.influencers.id)
    : await nextInfluencerChunk(db, request.influencers.afterId, request.influencers.limit);
  if (range === null) return { payouts: [], lastInfluencerId: null };
  const lastInfluencerId = 'id' in request.influencers ? null : range.upTo;

  await tuneForSettlement(db);
  await sql`CREATE TEMPORARY TABLE run_payouts (id bigint, influencer_id bigint, currency char(3), amount bigint, tx uuid) ON COMMIT DROP`.execute(db);
  await sql`
    WITH ledger_balances AS (
      SELECT influencer_id, currency, -sum(amount) AS available
      FROM ledger_entries
      WHERE account = 'influencer_available' AND influencer_id > ${range.after} AND influencer_id <= ${range.upTo}
      GROUP BY influencer_id, currency
    ), held AS (
      SELECT influencer_id, payout_currency AS currency, sum(payout_amount - reversed_payout_amount) AS amount
      FROM commissions
      WHERE held_at IS NOT NULL AND status = 'approved' AND influencer_id > ${range.after} AND influencer_id <= ${range.upTo}
      GROUP BY influencer_id, payout_currency
    ), balances AS (
      SELECT l.influencer_id, l.currency, l.available - coalesce(h.amount, 0) AS available
      FROM ledger_balances l LEFT JOIN held h ON h.influencer_id = l.influencer_id AND h.currency = l.currency
    ), created AS (
      INSERT INTO payouts (influencer_id, currency, amount, status, run_key, created_at)
      SELECT b.influencer_id, b.currency, b.available, 'pending', ${runKey}, ${now}
      FROM balances b JOIN influencers i ON i.id = b.influencer_id
      WHERE i.status = 'active' AND b.available > 0
        AND b.available >= coalesce((${JSON.stringify(request.minimums)}::jsonb ->> b.currency)::bigint, 1000)
      ON CONFLICT (run_key, influencer_id, currency) DO NOTHING
      RETURNING id, influencer_id, currency, amount
    )
    INSERT INTO run_payouts SELECT id, influencer_id, currency, amount, gen_random_uuid() FROM created
  `.execute(db);
  await sql`ANALYZE run_payouts`.execute(db);
  await sql`
    INSERT INTO ledger_entries (transaction_id, account, influencer_id, amount, currency, kind, payout_id, created_at)
    SELECT n.tx, l.account, n.influencer_id, l.sign * n.amount, n.currency, 'payout_created', n.id, ${now}
    FROM run_payouts n CROSS JOIN (VALUES ('influencer_available', 1), ('influencer_in_payout', -1)) AS l(account, sign)
  `.execute(db);
  const { rows } = await sql<{ id: string; influencer_id: string; currency: string; amount: string; commissions: string }>`
    WITH linked AS (
      UPDATE commissions c SET status = 'in_payout', payout_id = n.id
      FROM run_payouts n
      WHERE c.influencer_id = n.influencer_id AND c.payout_currency = n.currency AND c.status = 'approved' AND c.held_at IS NULL
        AND c.influencer_id > ${range.after} AND c.influencer_id <= ${range.upTo}
      RETURNING c.payout_id
    )
    SELECT n.id::text AS id, n.influencer_id::text AS influencer_id, n.currency, n.amount::text AS amount, coalesce(lc.n, 0)::text AS commissions
    FROM run_payouts n
    LEFT JOIN (SELECT payout_id, count(*) AS n FROM linked GROUP BY payout_id) lc ON lc.payout_id = n.id
    ORDER BY n.id
  `.execute(db);
  return {
    payouts: rows.map((r) => ({ id: r.id, influencerId: r.influencer_id, currency: r.currency, amount: Number(r.amount), commissions: Number(r.commissions) })),
    lastInfluencerId,
  };
}

/** A failed payout's commissions leave it; one with nothing left after clawbacks is simply reversed. */
export async function releaseCommissions(db: Kysely<Database>, payoutId: string, now: Date): Promise<number> {
  const nothingLeft = sql`reversed_amount >= amount AND amount > 0`;
  const result = await db.updateTable('commissions')
    .set({
      status: sql`CASE WHEN ${nothingLeft} THEN 'reversed' ELSE 'approved' END`,
      reversed_at: sql`CASE WHEN ${nothingLeft} THEN coalesce(reversed_at, ${now}) ELSE reversed_at END`,
      payout_id: null,
    })
    .where('payout_id', '=', payoutId).where('status', '=', 'in_payout')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

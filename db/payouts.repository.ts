import { sql, type Kysely } from 'kysely';
import { DomainError } from '../core/errors.ts';
import type { CreatedPayout, Payout, PayoutRunRequest, PayoutStore, PayoutTx } from '../core/payouts.ports.ts';
import { recordAudit } from './admins.repository.ts';
import { insertLedgerTransaction } from './ledger.repository.ts';
import type { Database, PayoutRow } from './schema.ts';
import { isLockTimeout, takeSettlementLock } from './settlement-lock.ts';

/** The payout store of core/payouts.service.ts, on Kysely. */
export function createPayoutStore(db: Kysely<Database>): PayoutStore {
  return {
    createPayouts: (request) => db.transaction().execute(async (trx) => {
      try {
        await takeSettlementLock(trx, { timeoutMs: request.lockTimeoutMs });
      } catch (error) {
        if (isLockTimeout(error)) throw new DomainError('busy', 'A payout run is in progress; try again in a minute');
        throw error;
      }
      return createPayouts(trx, request);
    }),
    availableBalances: (influencerId) => availableBalances(db, influencerId),
    findInfluencerStatus: async (id) => (await db.selectFrom('influencers').select('status').where('id', '=', id).executeTakeFirst())?.status,
    transaction: (work) => db.transaction().execute((trx) => work(payoutTx(trx))),
  };
}

function payoutTx(trx: Kysely<Database>): PayoutTx {
  return {
    takeSettlementLock: () => takeSettlementLock(trx),
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
    approvePendingPayouts: async (runKey, now) => (await trx.updateTable('payouts')
      .set({ status: 'approved', approved_at: now, decided_at: now })
      .where('run_key', '=', runKey).where('status', '=', 'pending')
      .returningAll().execute()).map(toPayout),
    markCommissionsPaid: async (payoutId) => Number((await trx.updateTable('commissions').set({ status: 'paid' })
      .where('payout_id', '=', payoutId).where('status', '=', 'in_payout').executeTakeFirst()).numUpdatedRows),
    releaseCommissions: (payoutId, now) => releaseCommissions(trx, payoutId, now),
    postLedger: async (transaction) => { await insertLedgerTransaction(trx, transaction); },
    audit: (entry) => recordAudit(trx, entry),
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
 * One payout run as one statement (the caller holds the settlement lock): available balances
 * per influencer and currency from the ledger; a payout for each active influencer's balance
 * that reaches its currency's minimum (at most one per run, influencer and currency); a
 * balanced `payout_created` transaction each; and the approved commissions behind each balance
 * move to `in_payout` under it. One snapshot for all of it: a commission approved meanwhile is
 * neither in the balance nor in the payout.
 */
export async function createPayouts(db: Kysely<Database>, request: PayoutRunRequest): Promise<CreatedPayout[]> {
  const { runKey, now } = request;
  const onlyInfluencer = request.influencerId === undefined ? sql`` : sql`AND influencer_id = ${request.influencerId}`;
  const { rows } = await sql<{ id: string; influencer_id: string; currency: string; amount: string; commissions: string }>`
    WITH balances AS (
      SELECT influencer_id, currency, -sum(amount) AS available
      FROM ledger_entries
      WHERE account = 'influencer_available' ${onlyInfluencer}
      GROUP BY influencer_id, currency
    ), eligible AS (
      SELECT b.influencer_id, b.currency, b.available
      FROM balances b JOIN influencers i ON i.id = b.influencer_id
      WHERE i.status = 'active' AND b.available > 0
        AND b.available >= coalesce((${JSON.stringify(request.minimums)}::jsonb ->> b.currency)::bigint, 1000)
    ), created AS (
      INSERT INTO payouts (influencer_id, currency, amount, status, run_key, created_at)
      SELECT influencer_id, currency, available, 'pending', ${runKey}, ${now} FROM eligible
      ON CONFLICT (run_key, influencer_id, currency) DO NOTHING
      RETURNING id, influencer_id, currency, amount
    ), numbered AS MATERIALIZED (
      SELECT *, gen_random_uuid() AS tx FROM created
    ), posted AS (
      INSERT INTO ledger_entries (transaction_id, account, influencer_id, amount, currency, kind, payout_id, created_at)
      SELECT n.tx, l.account, n.influencer_id, l.sign * n.amount, n.currency, 'payout_created', n.id, ${now}
      FROM numbered n CROSS JOIN (VALUES ('influencer_available', 1), ('influencer_in_payout', -1)) AS l(account, sign)
    ), linked AS (
      UPDATE commissions c SET status = 'in_payout', payout_id = n.id
      FROM numbered n
      WHERE c.influencer_id = n.influencer_id AND c.payout_currency = n.currency AND c.status = 'approved'
      RETURNING c.payout_id
    )
    SELECT n.id, n.influencer_id, n.currency, n.amount::text AS amount, coalesce(lc.n, 0)::text AS commissions
    FROM numbered n
    LEFT JOIN (SELECT payout_id, count(*) AS n FROM linked GROUP BY payout_id) lc ON lc.payout_id = n.id
    ORDER BY n.id
  `.execute(db);
  return rows.map((r) => ({ id: r.id, influencerId: r.influencer_id, currency: r.currency, amount: Number(r.amount), commissions: Number(r.commissions) }));
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

/** An influencer's available balances per currency: what the ledger holds for them, not yet in a payout. */
export async function availableBalances(db: Kysely<Database>, influencerId: string): Promise<{ currency: string; amount: number }[]> {
  const rows = await db.selectFrom('ledger_entries')
    .select(['currency', sql<string>`(-sum(amount))::text`.as('amount')])
    .where('account', '=', 'influencer_available').where('influencer_id', '=', influencerId)
    .groupBy('currency').orderBy('currency').execute();
  return rows.map((r) => ({ currency: r.currency, amount: Number(r.amount) }));
}

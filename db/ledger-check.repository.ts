import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { LedgerCheckName, LedgerCheckStore, LedgerFigures } from '../core/ledger/ledger-check.ts';
import type { Database } from './schema.ts';
import { LEDGER_CHECK_WORK_MEM, tuneForSettlement } from './settlement-session.ts';

// The check sums the whole ledger on purpose, independently of the one balance query
// (db/ledger.repository.ts `readInfluencerBalances`): these sums are a check of the books, not
// balances anyone is shown, and a check must not share the code it checks.
// Influencer accounts are liabilities: their balance is minus the sum of their entries.
const FUNDER_ACCOUNTS = sql`('vendor_receivable', 'platform_revenue')`;
const INFLUENCER_ACCOUNTS = sql`('influencer_pending', 'influencer_available', 'influencer_in_payout', 'influencer_paid')`;

/** One query per invariant of core/ledger/ledger-check.ts; each returns the violating rows. */
const VIOLATIONS: Record<LedgerCheckName, (limit: number) => RawBuilder<Record<string, unknown>>> = {
  balanced_transactions: (limit) => sql`
    SELECT transaction_id::text AS "transactionId", currency, sum(amount)::text AS total
    FROM ledger_entries GROUP BY transaction_id, currency HAVING sum(amount) <> 0 LIMIT ${limit}`,

  currency_totals: (limit) => sql`
    SELECT currency, sum(amount)::text AS total FROM ledger_entries GROUP BY currency HAVING sum(amount) <> 0 LIMIT ${limit}`,

  no_negative_balances: (limit) => sql`
    WITH balances AS (
      SELECT influencer_id, currency, account, -sum(amount) AS balance
      FROM ledger_entries WHERE account IN ${INFLUENCER_ACCOUNTS} GROUP BY influencer_id, currency, account
    ), clawbacks AS (
      SELECT influencer_id, currency, sum(amount) AS total
      FROM ledger_entries WHERE kind IN ('commission_clawback', 'override_clawback') AND account = 'influencer_available'
      GROUP BY influencer_id, currency
    )
    SELECT b.influencer_id AS "influencerId", b.currency, b.account, b.balance::text AS balance, coalesce(c.total, 0)::text AS "clawedBack"
    FROM balances b LEFT JOIN clawbacks c USING (influencer_id, currency)
    WHERE b.balance < 0 AND (b.account <> 'influencer_available' OR b.balance + coalesce(c.total, 0) < 0)
    LIMIT ${limit}`,

  commission_postings: (limit) => sql`
    WITH lines AS (
      SELECT e.commission_id,
        sum(e.amount) FILTER (WHERE e.account IN ${FUNDER_ACCOUNTS} AND e.currency = c.currency) AS funder,
        sum(e.amount) FILTER (WHERE e.account IN ${INFLUENCER_ACCOUNTS} AND e.currency = c.payout_currency) AS influencer,
        count(*) FILTER (WHERE NOT (
          (e.account IN ${FUNDER_ACCOUNTS} AND e.currency = c.currency)
          OR (e.account IN ${INFLUENCER_ACCOUNTS} AND e.currency = c.payout_currency AND e.influencer_id = c.influencer_id)
          OR e.account = 'platform_fx'
        )) AS stray
      FROM ledger_entries e JOIN commissions c ON c.id = e.commission_id
      GROUP BY e.commission_id
    )
    SELECT c.id AS "commissionId", c.status, (c.amount - c.reversed_amount)::text AS "expectedFunder", coalesce(l.funder, 0)::text AS funder,
      (c.payout_amount - c.reversed_payout_amount)::text AS "expectedInfluencer", (-coalesce(l.influencer, 0))::text AS influencer,
      coalesce(l.stray, 0) AS "strayLines"
    FROM commissions c LEFT JOIN lines l ON l.commission_id = c.id
    WHERE coalesce(l.funder, 0) <> c.amount - c.reversed_amount
      OR -coalesce(l.influencer, 0) <> c.payout_amount - c.reversed_payout_amount
      OR coalesce(l.stray, 0) > 0
    LIMIT ${limit}`,

  pending_balances: (limit) => compareBalances(
    sql`account = 'influencer_pending'`,
    sql`SELECT influencer_id, payout_currency AS currency, sum(payout_amount - reversed_payout_amount) AS expected
        FROM commissions WHERE status = 'pending' GROUP BY influencer_id, payout_currency`,
    'pending', limit,
  ),

  influencer_totals: (limit) => compareBalances(
    sql`account IN ${INFLUENCER_ACCOUNTS}`,
    sql`SELECT influencer_id, payout_currency AS currency, sum(payout_amount - reversed_payout_amount) AS expected
        FROM commissions GROUP BY influencer_id, payout_currency`,
    'all', limit,
  ),

  payout_balances: (limit) => sql`
    SELECT * FROM (${compareBalances(
      sql`account = 'influencer_in_payout'`,
      sql`SELECT influencer_id, currency, sum(amount) AS expected FROM payouts WHERE status IN ('pending', 'approved') GROUP BY influencer_id, currency`,
      'in_payout', limit,
    )}) open
    UNION ALL
    SELECT * FROM (${compareBalances(
      sql`account = 'influencer_paid'`,
      sql`SELECT influencer_id, currency, sum(amount) AS expected FROM payouts WHERE status = 'paid' GROUP BY influencer_id, currency`,
      'paid', limit,
    )}) paid
    LIMIT ${limit}`,

  payout_postings: (limit) => sql`
    WITH postings AS (
      SELECT payout_id, kind, count(DISTINCT transaction_id) AS n,
        sum(amount) FILTER (WHERE account = 'influencer_in_payout') AS in_payout
      FROM ledger_entries WHERE payout_id IS NOT NULL GROUP BY payout_id, kind
    )
    SELECT p.id AS "payoutId", p.status, p.amount::text AS amount,
      coalesce(cr.n, 0) AS created, coalesce(pd.n, 0) AS paid, coalesce(fl.n, 0) AS failed
    FROM payouts p
    LEFT JOIN postings cr ON cr.payout_id = p.id AND cr.kind = 'payout_created'
    LEFT JOIN postings pd ON pd.payout_id = p.id AND pd.kind = 'payout_paid'
    LEFT JOIN postings fl ON fl.payout_id = p.id AND fl.kind = 'payout_failed'
    WHERE coalesce(cr.n, 0) <> 1 OR cr.in_payout <> -p.amount
      OR coalesce(pd.n, 0) <> (CASE WHEN p.status = 'paid' THEN 1 ELSE 0 END) OR pd.in_payout <> p.amount
      OR coalesce(fl.n, 0) <> (CASE WHEN p.status = 'failed' THEN 1 ELSE 0 END) OR fl.in_payout <> p.amount
    LIMIT ${limit}`,

  commission_statuses: (limit) => sql`
    SELECT c.id AS "commissionId", c.status, c.payout_id AS "payoutId", p.status AS "payoutStatus"
    FROM commissions c LEFT JOIN payouts p ON p.id = c.payout_id
    WHERE (c.status IN ('pending', 'approved', 'reversed') AND c.payout_id IS NOT NULL)
      OR (c.status = 'in_payout' AND (p.id IS NULL OR p.status NOT IN ('pending', 'approved')))
      OR (c.status = 'paid' AND (p.id IS NULL OR p.status <> 'paid'))
    LIMIT ${limit}`,
};

/** Per influencer and currency: an account balance from the ledger against what the rows say it should be. */
function compareBalances(accounts: RawBuilder<unknown>, expected: RawBuilder<unknown>, label: string, limit: number): RawBuilder<Record<string, unknown>> {
  return sql`
    SELECT ${label}::text AS balance, coalesce(l.influencer_id, x.influencer_id) AS "influencerId", coalesce(l.currency, x.currency) AS currency,
      coalesce(l.balance, 0)::text AS ledger, coalesce(x.expected, 0)::text AS expected
    FROM (SELECT influencer_id, currency, -sum(amount) AS balance FROM ledger_entries WHERE ${accounts} GROUP BY influencer_id, currency) l
    FULL JOIN (${expected}) x ON x.influencer_id = l.influencer_id AND x.currency = l.currency
    WHERE coalesce(l.balance, 0) <> coalesce(x.expected, 0)
    LIMIT ${limit}`;
}

/** Each check sums whole tables: in a transaction of its own with the memory to hash them without spilling, and no JIT. */
function inRoomyTransaction<T>(db: Kysely<Database>, work: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  const run = async (trx: Kysely<Database>) => {
    await tuneForSettlement(trx, LEDGER_CHECK_WORK_MEM);
    return work(trx);
  };
  return db.isTransaction ? run(db) : db.transaction().execute(run);
}

/** The ledger check's reads, on Kysely. */
export function createLedgerCheckStore(db: Kysely<Database>): LedgerCheckStore {
  return {
    async violations(check, limit) {
      return inRoomyTransaction(db, async (trx) => (await VIOLATIONS[check](limit).execute(trx)).rows);
    },
    figures: () => inRoomyTransaction(db, async (trx): Promise<LedgerFigures> => {
      const { rows } = await sql<{ transactions: string; entries: string; commissions: string; payouts: string }>`
        SELECT (SELECT count(DISTINCT transaction_id) FROM ledger_entries)::text AS transactions,
          (SELECT count(*) FROM ledger_entries)::text AS entries,
          (SELECT count(*) FROM commissions)::text AS commissions,
          (SELECT count(*) FROM payouts)::text AS payouts`.execute(trx);
      const totals = await sql<{ currency: string; total: string }>`
        SELECT currency, sum(amount)::text AS total FROM ledger_entries GROUP BY currency ORDER BY currency`.execute(trx);
      const r = rows[0]!;
      return {
        transactions: Number(r.transactions), entries: Number(r.entries), commissions: Number(r.commissions), payouts: Number(r.payouts),
        totals: Object.fromEntries(totals.rows.map((t) => [t.currency, t.total])),
      };
    }),
  };
}

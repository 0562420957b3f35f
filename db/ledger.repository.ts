import crypto from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { assertBalanced, type LedgerAccount, type LedgerTransaction } from '../core/ledger/ledger.ts';
import type { Database } from './schema.ts';

/**
 * Writes a balanced transaction: every line under one new transaction id, in one INSERT, so
 * that no reader ever sees half a posting. Returns the transaction id.
 */
export async function insertLedgerTransaction(db: Kysely<Database>, transaction: LedgerTransaction, at?: Date): Promise<string> {
  assertBalanced(transaction);
  const transactionId = crypto.randomUUID();
  await db.insertInto('ledger_entries').values(transaction.lines.map((line) => ({
    transaction_id: transactionId,
    account: line.account,
    influencer_id: line.influencerId ?? null,
    vendor_id: line.vendorId ?? null,
    amount: line.amount,
    currency: line.currency,
    kind: transaction.kind,
    commission_id: line.commissionId ?? null,
    payout_id: line.payoutId ?? null,
    ...(at ? { created_at: at } : {}),
  }))).execute();
  return transactionId;
}

/** The sum of all entries per currency: zero in every currency when the ledger is balanced. */
export async function ledgerBalancesByCurrency(db: Kysely<Database>): Promise<Record<string, bigint>> {
  const { rows } = await sql<{ currency: string; total: string }>`
    SELECT currency, sum(amount)::text AS total FROM ledger_entries GROUP BY currency ORDER BY currency
  `.execute(db);
  return Object.fromEntries(rows.map((r) => [r.currency, BigInt(r.total)]));
}

/** Transactions whose entries do not sum to zero in some currency; empty when all is well. */
export async function findUnbalancedLedgerTransactions(db: Kysely<Database>): Promise<{ transactionId: string; currency: string; total: bigint }[]> {
  const { rows } = await sql<{ transaction_id: string; currency: string; total: string }>`
    SELECT transaction_id, currency, sum(amount)::text AS total
    FROM ledger_entries GROUP BY transaction_id, currency HAVING sum(amount) <> 0
  `.execute(db);
  return rows.map((r) => ({ transactionId: r.transaction_id, currency: r.currency, total: BigInt(r.total) }));
}

/** The balance of one account (one vendor's or influencer's, when given), per currency. */
export async function accountBalances(
  db: Kysely<Database>,
  account: LedgerAccount,
  owner: { influencerId?: string; vendorId?: string } = {},
): Promise<Record<string, bigint>> {
  let query = db.selectFrom('ledger_entries')
    .select(['currency', sql<string>`sum(amount)::text`.as('total')])
    .where('account', '=', account)
    .groupBy('currency');
  if (owner.influencerId !== undefined) query = query.where('influencer_id', '=', owner.influencerId);
  if (owner.vendorId !== undefined) query = query.where('vendor_id', '=', owner.vendorId);
  const rows = await query.execute();
  return Object.fromEntries(rows.map((r) => [r.currency, BigInt(r.total)]));
}

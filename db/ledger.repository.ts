import crypto from 'node:crypto';
import { sql, type Kysely, type Selectable } from 'kysely';
import { INFLUENCER_ACCOUNTS, assertBalanced, type LedgerAccount, type LedgerTransaction } from '../core/ledger/ledger.ts';
import { isEmptyBalance, type BalanceReader, type InfluencerBalance } from '../core/ledger/balances.ts';
import type { AccountTotal, LedgerEntry, LedgerReads, StatementLine } from '../core/ledger/ledger-reads.ports.ts';
import type { Page, PageQuery } from '../core/shared/paging.ts';
import { toPage } from './paging.ts';
import type { Database, LedgerEntriesTable } from './schema.ts';

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

/**
 * The one balance query (core/ledger/balances.ts): per currency, the influencer's four
 * accounts from the ledger. Each is a liability (credits are negative), so what it holds is
 * minus the sum of its entries. Chat `/balance`, the admin money endpoint and payout requests
 * all read this.
 */
export async function readInfluencerBalances(db: Kysely<Database>, influencerId: string): Promise<InfluencerBalance[]> {
  const held = (account: (typeof INFLUENCER_ACCOUNTS)[number]) => sql<string>`(-coalesce(sum(amount) FILTER (WHERE account = ${account}), 0))::text`;
  const rows = await db.selectFrom('ledger_entries')
    .select(['currency', held('influencer_pending').as('pending'), held('influencer_available').as('available'),
      held('influencer_in_payout').as('in_payout'), held('influencer_paid').as('paid')])
    .where('influencer_id', '=', influencerId).where('account', 'in', INFLUENCER_ACCOUNTS)
    .groupBy('currency')
    .orderBy('currency').execute();
  return rows
    .map((r) => ({ currency: r.currency, pending: Number(r.pending), available: Number(r.available), inPayout: Number(r.in_payout), paid: Number(r.paid) }))
    // Entries that cancel out leave nothing in any state: such a currency is no balance.
    .filter((b) => !isEmptyBalance(b));
}

/** The balance reader of core/ledger/balances.ts on `db`. */
export function balanceReader(db: Kysely<Database>): BalanceReader {
  return { influencerBalances: (influencerId) => readInfluencerBalances(db, influencerId) };
}

/** The influencer's ledger lines, newest first, each with the order and click behind it when there is one. */
export async function influencerStatement(db: Kysely<Database>, influencerId: string, page: PageQuery): Promise<Page<StatementLine>> {
  let query = db.selectFrom('ledger_entries as e')
    .leftJoin('commissions as c', 'c.id', 'e.commission_id')
    .leftJoin('conversions as v', 'v.id', 'c.conversion_id')
    .select(['e.id', 'e.created_at', 'e.transaction_id', 'e.kind', 'e.account', 'e.amount', 'e.currency', 'e.commission_id', 'e.payout_id',
      'v.id as conversion_id', 'v.order_id', 'v.click_id'])
    .where('e.influencer_id', '=', influencerId);
  if (page.after) query = query.where('e.id', '<', page.after);
  const rows = await query.orderBy('e.id', 'desc').limit(page.limit + 1).execute();
  return toPage(rows.map((r) => ({
    id: r.id, at: r.created_at, transactionId: r.transaction_id, kind: r.kind, account: r.account, amount: -Number(r.amount), currency: r.currency,
    commissionId: r.commission_id, payoutId: r.payout_id, conversionId: r.conversion_id, orderId: r.order_id, clickId: r.click_id,
  })), page.limit);
}

/** Every ledger entry that names a commission or a payout, oldest first (the trail of one commission). */
/** The columns of a ledger entry as the reads present it, and the one mapping of them. */
export const LEDGER_ENTRY_COLUMNS = ['id', 'created_at', 'transaction_id', 'kind', 'account', 'amount', 'currency', 'influencer_id', 'vendor_id'] as const;
type LedgerEntryColumns = Pick<Selectable<LedgerEntriesTable>, (typeof LEDGER_ENTRY_COLUMNS)[number]>;
export const toLedgerEntry = (r: LedgerEntryColumns): LedgerEntry => ({
  id: r.id, at: r.created_at, transactionId: r.transaction_id, kind: r.kind, account: r.account, amount: Number(r.amount), currency: r.currency,
  influencerId: r.influencer_id, vendorId: r.vendor_id,
});

export async function ledgerEntriesOf(db: Kysely<Database>, owner: { commissionId: string } | { payoutId: string }): Promise<LedgerEntry[]> {
  let query = db.selectFrom('ledger_entries').select(LEDGER_ENTRY_COLUMNS);
  query = 'commissionId' in owner ? query.where('commission_id', '=', owner.commissionId) : query.where('payout_id', '=', owner.payoutId);
  return (await query.orderBy('id').execute()).map(toLedgerEntry);
}

/** Per account and currency, the sum of the whole ledger: the platform's books at a glance. */
export async function accountTotals(db: Kysely<Database>): Promise<AccountTotal[]> {
  const rows = await db.selectFrom('ledger_entries').select(['account', 'currency', sql<string>`sum(amount)::text`.as('total')])
    .groupBy(['account', 'currency']).orderBy('account').orderBy('currency').execute();
  return rows.map((r) => ({ account: r.account, currency: r.currency, total: Number(r.total) }));
}

/** The ledger reads of core/ledger/ledger-reads.ports.ts on `db`. */
export function ledgerReads(db: Kysely<Database>): LedgerReads {
  return {
    statement: (influencerId, page) => influencerStatement(db, influencerId, page),
    entriesOf: (owner) => ledgerEntriesOf(db, owner),
    accountTotals: () => accountTotals(db),
  };
}

// Whole-ledger sums for checks and tests. They are checks of the books, not balances: what an
// influencer holds is `readInfluencerBalances`.

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

/** The signed sum (debit positive) of one account, one vendor's or influencer's when given, per currency. */
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

import { sql, type Kysely } from 'kysely';
import type { Page, PageQuery } from '../core/shared/paging.ts';
import { toPage } from './paging.ts';
import type { Database } from './schema.ts';

// Read models for following an influencer's money: balances, the ledger statement, and the
// trail of one commission from the click to the payout.

export interface InfluencerBalances {
  currency: string;
  /** What the platform owes the influencer, per account (positive = owed to them). */
  pending: number;
  available: number;
  inPayout: number;
  paid: number;
}

/** Per payout currency: the influencer's four balances from the ledger. */
export async function influencerBalances(db: Kysely<Database>, influencerId: string): Promise<InfluencerBalances[]> {
  const { rows } = await sql<{ currency: string; pending: string; available: string; in_payout: string; paid: string }>`
    SELECT currency,
      (-coalesce(sum(amount) FILTER (WHERE account = 'influencer_pending'), 0))::text AS pending,
      (-coalesce(sum(amount) FILTER (WHERE account = 'influencer_available'), 0))::text AS available,
      (-coalesce(sum(amount) FILTER (WHERE account = 'influencer_in_payout'), 0))::text AS in_payout,
      (-coalesce(sum(amount) FILTER (WHERE account = 'influencer_paid'), 0))::text AS paid
    FROM ledger_entries
    WHERE influencer_id = ${influencerId} AND account LIKE 'influencer\\_%'
    GROUP BY currency ORDER BY currency
  `.execute(db);
  return rows.map((r) => ({ currency: r.currency, pending: Number(r.pending), available: Number(r.available), inPayout: Number(r.in_payout), paid: Number(r.paid) }));
}

export interface CommissionTally {
  kind: 'sale' | 'override';
  status: string;
  currency: string;
  count: number;
  /** Payout-side amount net of reversals. */
  net: number;
  reversed: number;
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

export interface StatementLine {
  id: string;
  at: Date;
  transactionId: string;
  kind: string;
  account: string;
  /** Signed from the influencer's side: positive adds to what they are owed in this account. */
  amount: number;
  currency: string;
  commissionId: string | null;
  payoutId: string | null;
  conversionId: string | null;
  orderId: string | null;
  clickId: string | null;
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

/** Every ledger line that names a commission or a payout, oldest first (the trail of one commission). */
export async function ledgerLinesOf(db: Kysely<Database>, owner: { commissionId?: string; payoutId?: string }) {
  let query = db.selectFrom('ledger_entries').select(['id', 'created_at', 'transaction_id', 'kind', 'account', 'amount', 'currency', 'influencer_id', 'vendor_id']);
  if (owner.commissionId !== undefined) query = query.where('commission_id', '=', owner.commissionId);
  if (owner.payoutId !== undefined) query = query.where('payout_id', '=', owner.payoutId);
  const rows = await query.orderBy('id').execute();
  return rows.map((r) => ({
    id: r.id, at: r.created_at, transactionId: r.transaction_id, kind: r.kind, account: r.account, amount: Number(r.amount), currency: r.currency,
    influencerId: r.influencer_id, vendorId: r.vendor_id,
  }));
}

/** Per account and currency, the sum of the whole ledger: the platform's books at a glance. */
export async function accountTotals(db: Kysely<Database>): Promise<{ account: string; currency: string; total: number }[]> {
  const rows = await db.selectFrom('ledger_entries').select(['account', 'currency', sql<string>`sum(amount)::text`.as('total')])
    .groupBy(['account', 'currency']).orderBy('account').orderBy('currency').execute();
  return rows.map((r) => ({ account: r.account, currency: r.currency, total: Number(r.total) }));
}

/** Sets the currency an influencer is paid in from now on; the previous one, or undefined when there is no such influencer. */
export async function setPayoutCurrency(db: Kysely<Database>, influencerId: string, currency: string): Promise<string | undefined> {
  const { rows } = await sql<{ previous: string }>`
    UPDATE influencers i SET payout_currency = ${currency} FROM (SELECT id, payout_currency FROM influencers WHERE id = ${influencerId} FOR UPDATE) old
    WHERE i.id = old.id RETURNING old.payout_currency AS previous
  `.execute(db);
  return rows[0]?.previous;
}

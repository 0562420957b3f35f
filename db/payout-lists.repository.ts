import type { Kysely, SelectQueryBuilder } from 'kysely';
import type { Page, PageQuery } from '../core/shared/paging.ts';
import type { PayoutBatchLine, PayoutCommission, PayoutFilter, PayoutListItem, PayoutReads, PayoutRunSummary } from '../core/payouts/payout-reads.ports.ts';
import { toPage } from './paging.ts';
import { toPayout } from './payouts.repository.ts';
import type { Database } from './schema.ts';

/** Payouts with their influencer's display name. */
function payoutsWithNames(db: Kysely<Database>) {
  return db.selectFrom('payouts').innerJoin('influencers', 'influencers.id', 'payouts.influencer_id')
    .selectAll('payouts').select('influencers.display_name as influencer_name');
}

/** The list's filters, shared by the list and the payment file. */
function whereFilter<O>(query: SelectQueryBuilder<Database, 'payouts' | 'influencers', O>, filter: PayoutFilter): SelectQueryBuilder<Database, 'payouts' | 'influencers', O> {
  if (filter.status) query = query.where('payouts.status', '=', filter.status);
  if (filter.runKey) query = query.where('payouts.run_key', '=', filter.runKey);
  if (filter.influencerId) query = query.where('payouts.influencer_id', '=', filter.influencerId);
  if (filter.currency) query = query.where('payouts.currency', '=', filter.currency);
  if (filter.from) query = query.where('payouts.created_at', '>=', filter.from);
  if (filter.to) query = query.where('payouts.created_at', '<', filter.to);
  return query;
}

function toPayoutListItem(row: Parameters<typeof toPayout>[0] & { influencer_name: string }): PayoutListItem {
  return { ...toPayout(row), influencerName: row.influencer_name };
}

/** Payouts newest first, by creation time. */
export async function listPayouts(db: Kysely<Database>, filter: PayoutFilter, page: PageQuery): Promise<Page<PayoutListItem>> {
  let query = whereFilter(payoutsWithNames(db), filter);
  if (page.after) query = query.where('payouts.id', '<', page.after);
  return toPage((await query.orderBy('payouts.id', 'desc').limit(page.limit + 1).execute()).map(toPayoutListItem), page.limit);
}

export async function findPayoutById(db: Kysely<Database>, id: string): Promise<PayoutListItem | undefined> {
  const row = await payoutsWithNames(db).where('payouts.id', '=', id).executeTakeFirst();
  return row && toPayoutListItem(row);
}

/** The commissions a payout took in. */
export async function commissionsOfPayout(db: Kysely<Database>, payoutId: string): Promise<PayoutCommission[]> {
  const rows = await db.selectFrom('commissions').select(['id', 'kind', 'status', 'conversion_id', 'payout_amount', 'reversed_payout_amount'])
    .where('payout_id', '=', payoutId).orderBy('id').execute();
  return rows.map((c) => ({
    id: c.id, kind: c.kind, status: c.status, conversionId: c.conversion_id, payoutAmount: Number(c.payout_amount), reversedPayoutAmount: Number(c.reversed_payout_amount),
  }));
}

/** The payouts of a payment file (a run, or any list's filters), oldest first, at most `limit`. */
export async function payoutBatch(db: Kysely<Database>, filter: PayoutFilter, limit: number): Promise<PayoutBatchLine[]> {
  const rows = await whereFilter(
    payoutsWithNames(db).leftJoin('payout_methods', 'payout_methods.influencer_id', 'payouts.influencer_id')
      .select(['influencers.country', 'payout_methods.kind as method_kind', 'payout_methods.account_sealed as method_sealed']),
    filter,
  ).orderBy('payouts.id').limit(limit).execute();
  return rows.map((r) => ({
    payout: toPayout(r), influencerName: r.influencer_name, country: r.country,
    payoutMethod: r.method_kind && r.method_sealed ? { kind: r.method_kind, accountSealed: r.method_sealed } : null,
  }));
}

/** The runs (batches) with their counts and totals per currency, newest first. */
export async function listPayoutRuns(db: Kysely<Database>, limit: number): Promise<PayoutRunSummary[]> {
  const rows = await db.selectFrom('payouts')
    .select((eb) => ['run_key', 'currency', eb.fn.countAll<string>().as('payouts'), eb.fn.sum<string>('amount').as('total'), eb.fn.min('created_at').as('created_at')])
    .groupBy(['run_key', 'currency']).orderBy('created_at', 'desc').limit(limit).execute();
  return rows.map((r) => ({ runKey: r.run_key, currency: r.currency, payouts: Number(r.payouts), total: Number(r.total), createdAt: r.created_at as Date }));
}

/** The payout reads of core/payouts/payout-reads.ports.ts on `db`. */
export function payoutReads(db: Kysely<Database>): PayoutReads {
  return {
    listPayouts: (filter, page) => listPayouts(db, filter, page),
    findPayout: (id) => findPayoutById(db, id),
    commissionsOf: (payoutId) => commissionsOfPayout(db, payoutId),
    batch: (filter, limit) => payoutBatch(db, filter, limit),
    listRuns: (limit) => listPayoutRuns(db, limit),
  };
}

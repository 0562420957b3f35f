import type { Kysely } from 'kysely';
import type { Page, PageQuery, TimeRange } from '../core/shared/paging.ts';
import { toPage } from './paging.ts';
import type { PayoutStatus } from '../core/payouts/payouts.ports.ts';
import type { Database, PayoutRow } from './schema.ts';

export interface PayoutFilter extends TimeRange {
  status?: PayoutStatus;
  runKey?: string;
  influencerId?: string;
  currency?: string;
}

/** Payouts newest first, by creation time. */
export async function listPayouts(db: Kysely<Database>, filter: PayoutFilter, page: PageQuery): Promise<Page<PayoutRow>> {
  let query = db.selectFrom('payouts').selectAll();
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.runKey) query = query.where('run_key', '=', filter.runKey);
  if (filter.influencerId) query = query.where('influencer_id', '=', filter.influencerId);
  if (filter.currency) query = query.where('currency', '=', filter.currency);
  if (filter.from) query = query.where('created_at', '>=', filter.from);
  if (filter.to) query = query.where('created_at', '<', filter.to);
  if (page.after) query = query.where('id', '<', page.after);
  return toPage(await query.orderBy('id', 'desc').limit(page.limit + 1).execute(), page.limit);
}

export async function findPayoutById(db: Kysely<Database>, id: string): Promise<PayoutRow | undefined> {
  return db.selectFrom('payouts').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The commissions a payout took in. */
export async function commissionsOfPayout(db: Kysely<Database>, payoutId: string) {
  return db.selectFrom('commissions').selectAll().where('payout_id', '=', payoutId).orderBy('id').execute();
}

export interface PayoutExportRow {
  id: string;
  run_key: string;
  influencer_id: string;
  display_name: string;
  country: string | null;
  currency: string;
  amount: string;
  status: PayoutStatus;
  created_at: Date;
  approved_at: Date | null;
  reference: string | null;
}

/** A batch (one run) for the payment file, oldest first; `status` narrows it (approved: ready to pay). */
export async function payoutBatchRows(db: Kysely<Database>, filter: { runKey: string; status?: PayoutStatus }): Promise<PayoutExportRow[]> {
  let query = db.selectFrom('payouts').innerJoin('influencers', 'influencers.id', 'payouts.influencer_id')
    .select(['payouts.id', 'payouts.run_key', 'payouts.influencer_id', 'influencers.display_name', 'influencers.country', 'payouts.currency',
      'payouts.amount', 'payouts.status', 'payouts.created_at', 'payouts.approved_at', 'payouts.reference'])
    .where('payouts.run_key', '=', filter.runKey);
  if (filter.status) query = query.where('payouts.status', '=', filter.status);
  return query.orderBy('payouts.id').execute();
}

/** The runs (batches) with their counts and totals per currency, newest first. */
export async function listPayoutRuns(db: Kysely<Database>, limit = 50) {
  const rows = await db.selectFrom('payouts')
    .select((eb) => ['run_key', 'currency', eb.fn.countAll<string>().as('payouts'), eb.fn.sum<string>('amount').as('total'), eb.fn.min('created_at').as('created_at')])
    .groupBy(['run_key', 'currency']).orderBy('created_at', 'desc').limit(limit).execute();
  return rows.map((r) => ({ runKey: r.run_key, currency: r.currency, payouts: Number(r.payouts), total: Number(r.total), createdAt: r.created_at as Date }));
}

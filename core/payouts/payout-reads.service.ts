import { NotFoundError } from '../shared/errors.ts';
import type { LedgerEntry, LedgerReads } from '../ledger/ledger-reads.ports.ts';
import type { PayoutBatchLine, PayoutCommission, PayoutReads, PayoutRunSummary } from './payout-reads.ports.ts';
import type { Payout, PayoutStatus } from './payouts.ports.ts';

/** A payout with the commissions it took in and its ledger postings. */
export interface PayoutDetail {
  payout: Payout;
  commissions: PayoutCommission[];
  ledger: LedgerEntry[];
}

/** One payout in full; `not_found` when there is none. */
export async function payoutDetail(reads: { payouts: PayoutReads; ledger: LedgerReads }, payoutId: string): Promise<PayoutDetail> {
  const payout = await reads.payouts.findPayout(payoutId);
  if (!payout) throw new NotFoundError('payout', payoutId);
  const [commissions, ledger] = await Promise.all([reads.payouts.commissionsOf(payout.id), reads.ledger.entriesOf({ payoutId: payout.id })]);
  return { payout, commissions, ledger };
}

/** How many runs the list of runs shows. */
const LATEST_RUNS = 50;

/** The latest payout runs (batches), newest first, with their count and total per currency. */
export function latestPayoutRuns(reads: { payouts: PayoutReads }): Promise<PayoutRunSummary[]> {
  return reads.payouts.listRuns(LATEST_RUNS);
}

/**
 * A run's payouts for its payment file, oldest first: the approved ones (ready to pay) unless
 * another status, or `all`, is asked for.
 */
export function payoutBatch(reads: { payouts: PayoutReads }, filter: { runKey: string; status?: PayoutStatus | 'all' }): Promise<PayoutBatchLine[]> {
  const status = filter.status === 'all' ? undefined : filter.status ?? 'approved';
  return reads.payouts.batch({ runKey: filter.runKey, status });
}

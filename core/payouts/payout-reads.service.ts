import { NotFoundError, ValidationError } from '../shared/errors.ts';
import type { LedgerEntry, LedgerReads } from '../ledger/ledger-reads.ports.ts';
import type { PayoutBatchLine, PayoutCommission, PayoutFilter, PayoutListItem, PayoutReads, PayoutRunSummary } from './payout-reads.ports.ts';
import type { PayoutStatus } from './payouts.ports.ts';
import type { SecretBox } from '../shared/secret-box.ts';
import type { PayoutMethod } from './payout-method.ts';
import { openPayoutMethod } from './payout-methods.service.ts';

/** A payout with the commissions it took in and its ledger postings. */
export interface PayoutDetail {
  payout: PayoutListItem;
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

/** The most lines one payment file holds; more is refused (narrow the filters) rather than cut short. */
export const MAX_EXPORT_LINES = 50_000;

/** What a payment file takes: a run, or the filters of a list; `status` `all` for every status. */
export type PayoutExportFilter = Omit<PayoutFilter, 'status'> & { status?: PayoutStatus | 'all' };

/** One line of a payment file: the payout, whom it pays, and the account to pay to in full (or null when none is set). */
export type PayoutPaymentLine = Omit<PayoutBatchLine, 'payoutMethod'> & { payoutMethod: PayoutMethod | null };

/**
 * The payouts of a payment file, oldest first: a run's, or those a filtered list shows; the
 * approved ones (ready to pay) unless another status, or `all`, is asked for. Each carries the
 * influencer's payout method opened, since the file is what the admin pays from.
 */
export async function payoutBatch(reads: { payouts: PayoutReads; secretBox: SecretBox }, filter: PayoutExportFilter): Promise<PayoutPaymentLine[]> {
  const status = filter.status === 'all' ? undefined : filter.status ?? 'approved';
  const lines = await reads.payouts.batch({ ...filter, status }, MAX_EXPORT_LINES + 1);
  if (lines.length > MAX_EXPORT_LINES) {
    throw new ValidationError(`More than ${MAX_EXPORT_LINES} payouts match: narrow the export by run, status, currency or dates`, { limit: MAX_EXPORT_LINES });
  }
  return lines.map((line) => ({ ...line, payoutMethod: line.payoutMethod && (openPayoutMethod(reads.secretBox, line.payoutMethod) ?? null) }));
}

import type { Caller } from '../access/access.ts';
import { NotFoundError } from '../shared/errors.ts';
import type { LedgerEntry, LedgerReads } from '../ledger/ledger-reads.ports.ts';
import type { PayoutReads } from '../payouts/payout-reads.ports.ts';
import type { Payout } from '../payouts/payouts.ports.ts';
import type { CommissionReads, CommissionRecord, ConversionRecord } from './commission-reads.ports.ts';

/** One commission from the click to the payout: the order, the rate, every posting, the payout. */
export interface CommissionTrail {
  commission: CommissionRecord;
  conversion: ConversionRecord;
  ledger: LedgerEntry[];
  payout: Payout | null;
  payoutLedger: LedgerEntry[];
}

/** The trail of one commission; `not_found` when there is none the caller may see. */
export async function commissionTrail(
  reads: { commissions: CommissionReads; payouts: PayoutReads; ledger: LedgerReads }, caller: Caller, commissionId: string,
): Promise<CommissionTrail> {
  const found = await reads.commissions.findWithConversion(caller.scope, commissionId);
  if (!found) throw new NotFoundError('commission', commissionId);
  const { commission, conversion } = found;
  const payout = commission.payoutId === null ? undefined : await reads.payouts.findPayout(commission.payoutId);
  return {
    commission, conversion,
    ledger: await reads.ledger.entriesOf({ commissionId: commission.id }),
    payout: payout ?? null,
    payoutLedger: payout ? await reads.ledger.entriesOf({ payoutId: payout.id }) : [],
  };
}

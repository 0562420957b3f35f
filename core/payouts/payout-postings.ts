import { assertBalanced, type LedgerTransaction } from '../ledger/ledger.ts';

/** A payout's money, in the influencer's payout currency. */
export interface PayoutMovement {
  payoutId: string;
  influencerId: string;
  amount: number;
  currency: string;
}

/** A payout is created: the available balance is committed to it. */
export function payoutCreatedPosting(m: PayoutMovement): LedgerTransaction {
  return movePayoutMoney('payout_created', 'influencer_available', 'influencer_in_payout', m);
}

/** A payout failed: its money returns to the available balance, to be paid by a later payout. */
export function payoutFailedPosting(m: PayoutMovement): LedgerTransaction {
  return movePayoutMoney('payout_failed', 'influencer_in_payout', 'influencer_available', m);
}

/** A payout was paid: its money has left the platform for the influencer. */
export function payoutPaidPosting(m: PayoutMovement): LedgerTransaction {
  return movePayoutMoney('payout_paid', 'influencer_in_payout', 'influencer_paid', m);
}

function movePayoutMoney(
  kind: 'payout_created' | 'payout_failed' | 'payout_paid',
  from: 'influencer_available' | 'influencer_in_payout',
  to: 'influencer_in_payout' | 'influencer_available' | 'influencer_paid',
  { payoutId, influencerId, amount, currency }: PayoutMovement,
): LedgerTransaction {
  // Liabilities: debiting `from` (positive) lowers what it holds, crediting `to` raises it.
  return assertBalanced({
    kind,
    lines: [
      { account: from, amount, currency, influencerId, payoutId },
      { account: to, amount: -amount, currency, influencerId, payoutId },
    ],
  });
}

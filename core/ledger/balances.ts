/**
 * What the platform owes an influencer in one currency, in each state of the money's life.
 * The one balance type: chat `/balance`, the admin money endpoint and payout requests read it.
 */
export interface InfluencerBalance {
  currency: string;
  /** Earned, inside the brand's lock (return window). */
  pending: number;
  /** Approved, waiting for a payout; negative after a clawback (the next payout nets it). */
  available: number;
  /** Committed to a payout not paid yet. */
  inPayout: number;
  /** Paid out, all time. */
  paid: number;
}

/**
 * Reads balances from the ledger (db/ledger.repository.ts implements it, in one query). Each
 * influencer account is a liability, so what it holds is minus the sum of its entries; a
 * currency in which all four are zero is left out; sorted by currency.
 */
export interface BalanceReader {
  influencerBalances(influencerId: string): Promise<InfluencerBalance[]>;
}

/** True when nothing is held in any state: such a currency is no balance to show. */
export function isEmptyBalance(b: InfluencerBalance): boolean {
  return b.pending === 0 && b.available === 0 && b.inPayout === 0 && b.paid === 0;
}

import { NotFoundError } from '../shared/errors.ts';
import type { CommissionReads, CommissionTally } from '../commissions/commission-reads.ports.ts';
import type { BalanceReader, InfluencerBalance } from '../ledger/balances.ts';
import type { PayoutReads } from '../payouts/payout-reads.ports.ts';
import type { Payout } from '../payouts/payouts.ports.ts';

/** What decides where an influencer's money goes: payout currency, tier, recruiter. */
export interface InfluencerMoneyProfile {
  influencerId: string;
  payoutCurrency: string;
  tierId: string | null;
  tierPinned: boolean;
  recruitedBy: string | null;
}

/** Reads of the profile (db/money.repository.ts). */
export interface InfluencerMoneyProfiles {
  findProfile(influencerId: string): Promise<InfluencerMoneyProfile | undefined>;
}

/** An influencer's money at a glance. */
export interface InfluencerMoney extends InfluencerMoneyProfile {
  balances: InfluencerBalance[];
  commissions: CommissionTally[];
  /** The latest payouts, newest first. */
  payouts: Payout[];
}

/** How many of the latest payouts the overview lists. */
const LATEST_PAYOUTS = 20;

/**
 * An influencer's balances per currency (the same figures chat `/balance` shows: one
 * BalanceReader), commissions by status, and latest payouts; `not_found` when there is none.
 */
export async function influencerMoney(
  reads: { profiles: InfluencerMoneyProfiles; balances: BalanceReader; commissions: CommissionReads; payouts: PayoutReads },
  influencerId: string,
): Promise<InfluencerMoney> {
  const profile = await reads.profiles.findProfile(influencerId);
  if (!profile) throw new NotFoundError('influencer', influencerId);
  const [balances, commissions, payouts] = await Promise.all([
    reads.balances.influencerBalances(profile.influencerId),
    reads.commissions.tallies(profile.influencerId),
    reads.payouts.listPayouts({ influencerId: profile.influencerId }, { limit: LATEST_PAYOUTS }),
  ]);
  return { ...profile, balances, commissions, payouts: payouts.items };
}

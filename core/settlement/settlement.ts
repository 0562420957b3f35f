import { CURRENCY_EXPONENTS, applyBps } from '../money/money.ts';

/**
 * The settlement rules that operators may tune. Every run is handed one of these; the defaults
 * are the product spec's (DESIGN.md "The loop", step 8).
 */
export interface SettlementPolicy {
  /** A recruiter's override on a recruit's approved commission, in basis points (500 = 5 %). */
  readonly overrideBps: number;
  /** Overrides are earned on commissions of the recruit's first this-many days after sign-up. */
  readonly overrideDays: number;
  /** The smallest payout, in major units of the payout currency (10 = 10.00 EUR or 10 JPY). */
  readonly payoutMinimumMajor: number;
  /**
   * Influencers whose matured commissions are approved per transaction (one posting per
   * influencer and currency in each). Refunds wait while a chunk holds the settlement lock.
   */
  readonly approveChunkSize: number;
  /**
   * Influencers per payout-run transaction. Refunds wait while a chunk holds the settlement
   * lock, so a chunk stays short (seconds) however large the run.
   */
  readonly payoutChunkSize: number;
}

export const DEFAULT_SETTLEMENT_POLICY: SettlementPolicy = Object.freeze({
  overrideBps: 500,
  overrideDays: 90,
  payoutMinimumMajor: 10,
  approveChunkSize: 20_000,
  payoutChunkSize: 20_000,
});

/** The smallest payout in minor units of `currency`: 10.00 EUR is 1000, 10 JPY is 10. */
export function payoutMinimum(currency: string, policy: Pick<SettlementPolicy, 'payoutMinimumMajor'> = DEFAULT_SETTLEMENT_POLICY): number {
  return policy.payoutMinimumMajor * 10 ** (CURRENCY_EXPONENTS[currency] ?? 2);
}

/**
 * A recruiter's override on the recruit's commission: `overrideBps` of what the recruit keeps
 * of it (its payout-side amount net of reversals) when it is approved, rounded half up, in the
 * recruit's payout currency. The db/ settlement SQL computes the same formula in bulk.
 */
export function overrideAmount(sourceNetPayout: number, overrideBps: number): number {
  return applyBps(sourceNetPayout, overrideBps);
}

/**
 * How much of an override stands reversed once its source keeps only `sourceNetPayout`: the
 * override is always what the rule gives on the source's current net, so reversing the source
 * in parts or at once reverses the same total, and a fully reversed source reverses all of it.
 * Never less than what is already reversed.
 */
export function overrideReversedAmount(override: { amount: number; reversedAmount: number; rateBps: number }, sourceNetPayout: number): number {
  const owed = Math.min(override.amount, overrideAmount(sourceNetPayout, override.rateBps));
  return Math.max(override.reversedAmount, override.amount - owed);
}

/** True when a commission earned at `earnedAt` falls inside the recruit's override window. */
export function earnsOverride(recruitSignedUpAt: Date, earnedAt: Date, overrideDays: number): boolean {
  return earnedAt.getTime() < recruitSignedUpAt.getTime() + overrideDays * 24 * 60 * 60 * 1000;
}

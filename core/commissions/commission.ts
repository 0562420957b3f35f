/** A commission's life: pending (inside the lock) → approved → in_payout → paid; reversed on refund or fraud. */
export const COMMISSION_STATUSES = ['pending', 'approved', 'in_payout', 'paid', 'reversed'] as const;
export type CommissionStatus = (typeof COMMISSION_STATUSES)[number];
/** A sale earns a commission; a recruiter's share of a recruit's approved commission is an override. */
export const COMMISSION_KINDS = ['sale', 'override'] as const;
export type CommissionKind = (typeof COMMISSION_KINDS)[number];

import { applyBps, proportion } from '../money/money.ts';

/** A multiplier of 10000 bps is ×1: what an influencer without a tier gets. */
export const NEUTRAL_MULTIPLIER_BPS = 10_000;

/** 100 %: however generous a tier, a commission never exceeds the order it is paid on. */
export const MAX_RATE_BPS = 10_000;

const DAY_MS = 24 * 60 * 60 * 1000;

/** What decides a commission: the rates in force and the influencer's tier at the time of the order. */
export interface CommissionTerms {
  /** The product's own rate; null means the brand's rate applies. */
  productRateBps: number | null;
  brandRateBps: number;
  tierId: string | null;
  /** The tier's multiplier; null when the influencer has no tier. */
  tierMultiplierBps: number | null;
}

/** A computed commission, with every number needed to explain it later. */
export interface CommissionQuote {
  /** The rate before the tier: the product's, else the brand's. */
  baseRateBps: number;
  tierId: string | null;
  tierMultiplierBps: number;
  /** The rate actually applied: base rate × tier multiplier, in whole basis points. */
  rateBps: number;
  /** The commission at the base rate, before the tier multiplier. */
  baseAmount: number;
  /** The commission owed: `applyBps(orderAmount, rateBps)`. */
  amount: number;
}

/**
 * The effective rate of a base rate under a tier multiplier, rounded half up to whole basis
 * points, e.g. 1333 bps × 1.25 = 1666.25 → 1666 bps; capped at 100 % (`MAX_RATE_BPS`).
 */
export function effectiveRateBps(baseRateBps: number, multiplierBps: number): number {
  return Math.min(applyBps(baseRateBps, multiplierBps), MAX_RATE_BPS);
}

/**
 * The commission on an order of `orderAmount` minor units: the product's rate, else the
 * brand's, times the tier multiplier. The effective rate is rounded to whole basis points
 * first and the amount computed from it (rounding half up), so that the stored `rate_bps`
 * always reproduces the stored amount: amount = applyBps(orderAmount, rateBps).
 */
export function quoteCommission(orderAmount: number, terms: CommissionTerms): CommissionQuote {
  const baseRateBps = terms.productRateBps ?? terms.brandRateBps;
  const tierMultiplierBps = terms.tierMultiplierBps ?? NEUTRAL_MULTIPLIER_BPS;
  const rateBps = effectiveRateBps(baseRateBps, tierMultiplierBps);
  return {
    baseRateBps,
    tierId: terms.tierMultiplierBps === null ? null : terms.tierId,
    tierMultiplierBps,
    rateBps,
    baseAmount: applyBps(orderAmount, baseRateBps),
    amount: applyBps(orderAmount, rateBps),
  };
}

/** A commission matures (leaves the brand's return window) `lockDays` after the order. */
export function commissionApprovesAt(occurredAt: Date, lockDays: number): Date {
  return new Date(occurredAt.getTime() + lockDays * DAY_MS);
}

/**
 * How much of a commission stands reversed once `totalRefunded` of an order of `orderAmount`
 * has been refunded. Computed from the cumulative refund each time (never by adding up each
 * refund's rounded share) so that rounding cannot drift: a full refund reverses exactly the
 * whole commission. Never less than what is already reversed (a fraud reversal may have gone
 * further).
 */
export function reversedAmountAfterRefund(commission: { amount: number; reversedAmount: number }, totalRefunded: number, orderAmount: number): number {
  const share = totalRefunded >= orderAmount ? commission.amount : proportion(commission.amount, totalRefunded, orderAmount);
  return Math.max(commission.reversedAmount, share);
}

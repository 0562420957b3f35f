import { ValidationError } from '../shared/errors.ts';

/** Tiers look at this many days before the assignment: counted clicks and approved sales. */
export const TIER_WINDOW_DAYS = 30;

/** The highest multiplier a tier may carry: ×10. */
export const MAX_TIER_MULTIPLIER_BPS = 100_000;

/** A performance tier as admins define it. */
export interface Tier {
  id: string;
  name: string;
  /** Counted clicks (no bots, duplicates or self-clicks) in the last 30 days needed. */
  minClicks30d: number;
  /** Approved sale commissions (not reversed) in the last 30 days needed. */
  minSales30d: number;
  /** Exposure points (core/tiers/exposure.ts: clicks, page views, channels, audience, weighted) in the last 30 days needed. */
  minExposure30d: number;
  /** Applied to the commission rate: 10000 = ×1, 12500 = ×1.25. */
  multiplierBps: number;
}

/** What an influencer did in the tier window. */
export interface TierStats {
  clicks30d: number;
  sales30d: number;
  exposure30d: number;
}

/**
 * The tier an influencer's last 30 days earn: among the tiers whose thresholds are all met,
 * the one with the highest multiplier (ties: the higher sales threshold, then the higher
 * clicks threshold, then the higher exposure threshold, then the older tier). Null when no tier's thresholds are met. The nightly
 * SQL in db/tiers.repository.ts applies this same order to every influencer at once.
 */
export function pickTier<T extends Tier>(tiers: readonly T[], stats: TierStats): T | null {
  let best: T | null = null;
  for (const tier of tiers) {
    if (tier.minClicks30d > stats.clicks30d || tier.minSales30d > stats.sales30d || tier.minExposure30d > stats.exposure30d) continue;
    if (best === null || ranksAbove(tier, best)) best = tier;
  }
  return best;
}

function ranksAbove(a: Tier, b: Tier): boolean {
  if (a.multiplierBps !== b.multiplierBps) return a.multiplierBps > b.multiplierBps;
  if (a.minSales30d !== b.minSales30d) return a.minSales30d > b.minSales30d;
  if (a.minClicks30d !== b.minClicks30d) return a.minClicks30d > b.minClicks30d;
  if (a.minExposure30d !== b.minExposure30d) return a.minExposure30d > b.minExposure30d;
  return BigInt(a.id) < BigInt(b.id);
}

export interface TierInput {
  name?: string;
  minClicks30d?: number;
  minSales30d?: number;
  minExposure30d?: number;
  multiplierBps?: number;
}

/** Checks a tier definition (whole or a change), listing every problem at once; returns it trimmed. */
export function checkTierInput<T extends TierInput>(input: T): T {
  const problems: { field: string; problem: string }[] = [];
  if (input.name !== undefined && (input.name.trim() === '' || input.name.trim().length > 60)) problems.push({ field: 'name', problem: 'must be 1 to 60 characters' });
  for (const field of ['minClicks30d', 'minSales30d', 'minExposure30d'] as const) {
    const value = input[field];
    if (value !== undefined && !(Number.isSafeInteger(value) && value >= 0 && value <= 2_000_000_000)) problems.push({ field, problem: 'must be a non-negative integer' });
  }
  const m = input.multiplierBps;
  if (m !== undefined && !(Number.isInteger(m) && m >= 0 && m <= MAX_TIER_MULTIPLIER_BPS)) {
    problems.push({ field: 'multiplierBps', problem: `must be an integer from 0 to ${MAX_TIER_MULTIPLIER_BPS} basis points (10000 = ×1)` });
  }
  if (problems.length > 0) throw new ValidationError(`Invalid tier: ${problems.map((p) => `${p.field} ${p.problem}`).join('; ')}`, { problems });
  return input.name === undefined ? input : { ...input, name: input.name.trim() };
}

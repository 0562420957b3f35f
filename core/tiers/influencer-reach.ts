import type { Clock } from '../shared/clock.ts';
import { EXPOSURE_SOURCES, exposurePoints, exposureScore, type ExposureCounts, type ExposureReader, type ExposureWeights } from './exposure.ts';
import { TIER_WINDOW_DAYS } from './tiers.ts';

/** One influencer's reach over the tier window, source by source: what the console's reach card shows. */
export interface InfluencerReach {
  /** First UTC day counted (the window runs from it to today). */
  readonly fromDay: string;
  readonly counts: ExposureCounts;
  readonly weights: ExposureWeights;
  /** Each source's points (`exposurePoints`); they add up to `total`. */
  readonly points: ExposureCounts;
  readonly total: number;
}

export interface InfluencerReachService {
  of(influencerId: string): Promise<InfluencerReach>;
}

/** The first day of the tier window ending today (UTC), the day `/stats` counts from too. */
export function tierWindowFromDay(now: Date): string {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - TIER_WINDOW_DAYS)).toISOString().slice(0, 10);
}

/** Reads the counts and the weights in force and scores them the one way tiers and `/stats` do. */
export function influencerReachService(reader: ExposureReader, clock: Clock): InfluencerReachService {
  return {
    async of(influencerId) {
      const fromDay = tierWindowFromDay(clock.now());
      const [counts, weights] = await Promise.all([reader.counts(influencerId, fromDay), reader.weights()]);
      const points = Object.fromEntries(EXPOSURE_SOURCES.map((s) => [s, exposurePoints(s, counts[s], weights[s])])) as ExposureCounts;
      return { fromDay, counts, weights, points, total: exposureScore(counts, weights) };
    },
  };
}

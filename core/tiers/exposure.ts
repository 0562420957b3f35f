import { ValidationError } from '../shared/errors.ts';

/**
 * What an influencer's reach is made of over the tier window, as the seed model adjusts
 * commission by exposure: clean clicks, views of their deal pages and storefront, the channels
 * the bot posted to for them and those channels' audience.
 */
export const EXPOSURE_SOURCES = ['clicks', 'dealPageViews', 'storefrontViews', 'channelsPosted', 'audience'] as const;
export type ExposureSource = (typeof EXPOSURE_SOURCES)[number];

/** The counts of one influencer's window: `audience` is the members of the chats posted to, summed. */
export type ExposureCounts = Record<ExposureSource, number>;

/**
 * Points per unit of each source, admin-editable. Whole numbers, so a score is exact: `audience`
 * is weighed per AUDIENCE_UNIT members (a channel of 12,000 at weight 1 gives 12 points).
 */
export type ExposureWeights = Record<ExposureSource, number>;

export const AUDIENCE_UNIT = 1000;
export const MAX_EXPOSURE_WEIGHT = 10_000;

/**
 * A click is the proof of reach; a page view is a person who looked but may not tap; a channel
 * the bot fills is worth a few clicks a day; a thousand members are worth about a click.
 */
export const DEFAULT_EXPOSURE_WEIGHTS: Readonly<ExposureWeights> = Object.freeze({
  clicks: 10, dealPageViews: 2, storefrontViews: 2, channelsPosted: 50, audience: 10,
});

/** The exposure points of a window: each source's count times its weight, audience per AUDIENCE_UNIT members (rounded down). */
export function exposureScore(counts: ExposureCounts, weights: ExposureWeights): number {
  return EXPOSURE_SOURCES.reduce((sum, source) => sum + exposurePoints(source, counts[source], weights[source]), 0);
}

/** The points one source adds: what `/stats` shows line by line, and what the nightly SQL sums the same way. */
export function exposurePoints(source: ExposureSource, count: number, weight: number): number {
  return source === 'audience' ? Math.floor((count * weight) / AUDIENCE_UNIT) : count * weight;
}

/** What `/stats` reads of an influencer's reach: the window's counts and the weights in force. */
export interface ExposureReader {
  counts(influencerId: string, fromDay: string): Promise<ExposureCounts>;
  weights(): Promise<ExposureWeights>;
}

/** Checks an admin's weights (all five, whole numbers from 0 to MAX_EXPOSURE_WEIGHT), listing every problem at once. */
export function checkExposureWeights(input: Partial<Record<string, unknown>>): ExposureWeights {
  const problems: { field: string; problem: string }[] = [];
  for (const source of EXPOSURE_SOURCES) {
    const value = input[source];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_EXPOSURE_WEIGHT) {
      problems.push({ field: source, problem: `must be a whole number from 0 to ${MAX_EXPOSURE_WEIGHT}` });
    }
  }
  for (const field of Object.keys(input)) {
    if (!(EXPOSURE_SOURCES as readonly string[]).includes(field)) problems.push({ field, problem: 'is not an exposure source' });
  }
  if (problems.length > 0) throw new ValidationError('The exposure weights are not valid', { problems });
  return Object.fromEntries(EXPOSURE_SOURCES.map((s) => [s, input[s] as number])) as ExposureWeights;
}

/** Stored weights as read back (a JSON value may predate a source): missing or bad entries take their default. */
export function exposureWeightsOf(stored: unknown): ExposureWeights {
  const value = (typeof stored === 'object' && stored !== null ? stored : {}) as Record<string, unknown>;
  return Object.fromEntries(EXPOSURE_SOURCES.map((s) => {
    const v = value[s];
    return [s, typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= MAX_EXPOSURE_WEIGHT ? v : DEFAULT_EXPOSURE_WEIGHTS[s]];
  })) as ExposureWeights;
}

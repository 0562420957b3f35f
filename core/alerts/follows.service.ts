import { MAX_FOLLOWS, normaliseKeyword, type AlertFrequency } from './deal-alerts.ts';
import type { FollowableBrand, FollowStore, FollowSummary } from './deal-alerts.ports.ts';

/** What `/follow` and `/unfollow` read: a brand we know, or words to watch titles for, or nothing usable. */
export type FollowRequest =
  | { kind: 'brand'; brand: FollowableBrand }
  | { kind: 'keyword'; keyword: string }
  | { kind: 'invalid' };

/**
 * Reads what an influencer names: a known brand (slug or name) is the brand; anything else is a
 * keyword, when it reads as one (core/alerts/deal-alerts.ts `normaliseKeyword`).
 */
export async function readFollowRequest(store: Pick<FollowStore, 'findBrand'>, input: string): Promise<FollowRequest> {
  const trimmed = input.trim();
  if (trimmed === '') return { kind: 'invalid' };
  const brand = await store.findBrand(trimmed);
  if (brand) return { kind: 'brand', brand };
  const keyword = normaliseKeyword(trimmed);
  return keyword ? { kind: 'keyword', keyword } : { kind: 'invalid' };
}

export type FollowOutcome = 'added' | 'already' | 'full';

/** Follows a brand or keyword, within `MAX_FOLLOWS`. */
export function follow(store: FollowStore, influencerId: string, request: Exclude<FollowRequest, { kind: 'invalid' }>): Promise<FollowOutcome> {
  return store.addFollow(influencerId, targetOf(request), MAX_FOLLOWS);
}

/** Stops following; false when it was not followed. */
export function unfollow(store: FollowStore, influencerId: string, request: Exclude<FollowRequest, { kind: 'invalid' }>): Promise<boolean> {
  return store.removeFollow(influencerId, targetOf(request));
}

export function followSummary(store: FollowStore, influencerId: string): Promise<FollowSummary> {
  return store.listFollows(influencerId);
}

export function chooseFrequency(store: FollowStore, influencerId: string, frequency: AlertFrequency): Promise<void> {
  return store.setFrequency(influencerId, frequency);
}

function targetOf(request: Exclude<FollowRequest, { kind: 'invalid' }>): { brandId: string } | { keyword: string } {
  return request.kind === 'brand' ? { brandId: request.brand.id } : { keyword: request.keyword };
}

import type { AlertFrequency, DealEventKind } from './deal-alerts.ts';

/** One thing an influencer follows, as `/alerts` and the console list it. */
export type Follow =
  | { id: string; kind: 'brand'; brandId: string; name: string; slug: string; createdAt: Date }
  | { id: string; kind: 'keyword'; keyword: string; createdAt: Date };

/** What an influencer follows and how often they hear about it. */
export interface FollowSummary {
  frequency: AlertFrequency;
  follows: Follow[];
}

/** A brand an influencer may name in `/follow`. */
export interface FollowableBrand {
  id: string;
  name: string;
  slug: string;
}

/** The follows' storage (db/deal-follows.repository.ts). */
export interface FollowStore {
  /** A brand by slug or name, any case; undefined when none. */
  findBrand(ref: string): Promise<FollowableBrand | undefined>;
  listFollows(influencerId: string): Promise<FollowSummary>;
  /**
   * Adds a follow unless the influencer has `max` already: `added`, `already` (the same brand or
   * keyword is followed), or `full`. The count and the insert are one statement under a lock of the
   * influencer's settings row, so two messages at once cannot pass the limit together.
   */
  addFollow(influencerId: string, target: { brandId: string } | { keyword: string }, max: number): Promise<'added' | 'already' | 'full'>;
  /** Removes a follow; false when it was not followed. */
  removeFollow(influencerId: string, target: { brandId: string } | { keyword: string }): Promise<boolean>;
  setFrequency(influencerId: string, frequency: AlertFrequency): Promise<void>;
}

/** One deal of an alert: what changed on which product. */
export interface AlertItem {
  eventId: string;
  productId: string;
  kind: DealEventKind;
  title: string;
  brandName: string;
  /** The price before a drop; null for a new product. */
  oldPrice: number | null;
  price: number;
  currency: string;
}

/** What one follower is told in one message. */
export interface ClaimedAlert {
  influencerId: string;
  items: AlertItem[];
  /** Deals claimed beyond the listed ones. */
  more: number;
}

/** The deliveries' storage (db/deal-alerts.repository.ts). */
export interface AlertDeliveryStore {
  /**
   * Claims, for every follower due at `now` (instant ones always, daily ones once their digest
   * hour has passed today and they had no digest since), every matching event they may promote
   * and were not sent, recording each (event, follower) once; a claim made by another run is not
   * returned again. Several events of one product are one item.
   */
  claimDueAlerts(now: Date): Promise<ClaimedAlert[]>;
}

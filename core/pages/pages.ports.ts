import type { ExposureKind } from './exposure.ts';

/** What a deal page shows of one tracked link (db/deal-pages.repository.ts reads it in one query). */
export interface DealPageView {
  linkId: string;
  code: string;
  influencerId: string;
  /** The influencer's name as people see it; null once they are anonymised. */
  influencerName: string | null;
  /** Their storefront's handle, when they have one (a "more picks" link). */
  handle: string | null;
  productId: string;
  title: string;
  description: string | null;
  imageUrl: string | null;
  /** Integer minor units of `currency`. */
  price: number;
  listPrice: number | null;
  currency: string;
  /** The influencer's own words about it: their /pick note of this product. */
  note: string | null;
  /** The advertiser of the ad disclosure (core/i18n/ad-disclosure.ts). */
  brand: { name: string; erid: string | null };
}

/** One pick on a storefront. */
export interface StorefrontPick {
  code: string;
  productId: string;
  title: string;
  imageUrl: string | null;
  price: number;
  listPrice: number | null;
  currency: string;
  note: string | null;
  pickedAt: Date;
}

/** A page of a storefront, newest pick first. */
export interface StorefrontView {
  influencerId: string;
  handle: string;
  displayName: string;
  picks: StorefrontPick[];
  /** Picks on the whole storefront (all pages). */
  totalPicks: number;
  /** The opaque cursor of the next page; null on the last. */
  nextCursor: string | null;
}

/** The reads of the public pages. */
export interface PageReads {
  findDealPage(code: string): Promise<DealPageView | undefined>;
  /** The active influencer with this handle and a page of their picks; undefined when there is none. */
  findStorefront(handle: string, page: { limit: number; cursor?: string }): Promise<StorefrontView | undefined>;
}

/** The storefront writes behind /pick and /unpick (db/picks.repository.ts). */
export interface PickStore {
  findHandle(influencerId: string): Promise<string | null>;
  /**
   * Gives the influencer this handle (replacing theirs, when `replace`, or only when they have
   * none); false when another influencer holds it (the unique index decides).
   */
  claimHandle(influencerId: string, handle: string, replace: boolean): Promise<boolean>;
  /** Puts the product on the storefront (or moves it to the top with the new note). */
  savePick(pick: { influencerId: string; productId: string; linkId: string; note: string | null; at: Date }): Promise<void>;
  /** Takes it off; false when it was not there. */
  removePick(influencerId: string, productId: string): Promise<boolean>;
  countPicks(influencerId: string): Promise<number>;
  isPicked(influencerId: string, productId: string): Promise<boolean>;
}

/** The counted views of a period, as /stats and the console show them. */
export type ViewTotals = Record<ExposureKind, number>;

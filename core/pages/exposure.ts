/**
 * Exposure from pages people browse (issue 13 item 5 builds the tier weights on it): each
 * deal-page or storefront view of a person, never of a preview fetcher or a bot, counted once
 * per visitor per page per UTC day into `exposure_daily`.
 */
export const EXPOSURE_KINDS = ['deal_page_view', 'storefront_view'] as const;
export type ExposureKind = (typeof EXPOSURE_KINDS)[number];

/** One view by a person, as the page saw it. */
export interface PageView {
  influencerId: string;
  kind: ExposureKind;
  /** The page within its kind: the link id of a deal page, the influencer id of a storefront. */
  pageId: string;
  /** The visitor's id: our first-party cookie, else the salted daily hash of address and browser (core/clicks/visitor-identity.ts). */
  visitorId: string;
  at: Date;
}

/** Remembers who saw what today (Redis: one `SET NX` with a TTL past the day's end, queue/view-dedup.store.ts). */
export interface ViewDedup {
  /** True the first time this key is claimed within its lifetime. */
  claim(key: string, ttlSeconds: number): Promise<boolean>;
}

/** The counters (db/exposure.repository.ts: one upsert per first view of a day). */
export interface ExposureStore {
  addView(influencerId: string, day: string, kind: ExposureKind): Promise<void>;
  /** Counted views per kind of an influencer from `fromDay` (inclusive, null: all time). */
  viewTotals(influencerId: string, fromDay: string | null): Promise<Record<ExposureKind, number>>;
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** The key lives past the day it names, so a clock a little off at midnight does not count twice. */
const DEDUP_MARGIN_S = 2 * 60 * 60;

/** The UTC day of an instant, as `exposure_daily.day` holds it. */
export function exposureDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/**
 * Counts a view unless this visitor saw this page today already: the dedup is claimed first
 * (a cheap Redis write, so a refresh costs no PostgreSQL write), then the day's counter is
 * raised. Returns whether it counted.
 */
export async function recordPageView(ports: { dedup: ViewDedup; store: ExposureStore }, view: PageView): Promise<boolean> {
  const day = exposureDay(view.at);
  const endOfDay = (Math.floor(view.at.getTime() / DAY_MS) + 1) * DAY_MS;
  const ttl = Math.ceil((endOfDay - view.at.getTime()) / 1000) + DEDUP_MARGIN_S;
  const first = await ports.dedup.claim(`${day}:${view.kind}:${view.pageId}:${view.visitorId}`, ttl);
  if (!first) return false;
  await ports.store.addView(view.influencerId, day, view.kind);
  return true;
}

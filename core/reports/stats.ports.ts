import type { Scope } from '../access/access.ts';
import type { LinkChannel } from '../links/links.service.ts';

// Read models of the dashboards: clicks, sales and commission by day and by leader, read from
// the daily click rollups and the conversion and commission rows. Days are UTC days; money is
// integer minor units per currency (never summed across currencies).

/** What a leaderboard ranks. */
export const STATS_DIMENSIONS = ['influencer', 'product', 'brand', 'groupLabel', 'channel', 'country'] as const;
export type StatsDimension = (typeof STATS_DIMENSIONS)[number];

/** How a leaderboard orders its rows (ties: the other one, then the key). */
export const LEADER_SORTS = ['conversions', 'clicks'] as const;
export type LeaderSort = (typeof LEADER_SORTS)[number];

/** An amount of one currency, in its minor units. */
export interface MoneyAmount {
  currency: string;
  amount: number;
}

/** What the figures are narrowed to (every filter optional); the caller's scope applies on top. */
export interface StatsFilter {
  brandId?: string;
  /** The link's channel. */
  channel?: LinkChannel;
  /** The influencer's country (ISO 3166-1 alpha-2, upper case). */
  country?: string;
  influencerId?: string;
  /** The link's group label. */
  groupLabel?: string;
}

/** Whole UTC days: `fromDay` inclusive, `toDay` exclusive, both `YYYY-MM-DD`. */
export interface DayRange {
  fromDay: string;
  toDay: string;
}

/** Sparse rows as the store reads them; days without any are left out. */
export interface ClickDayRow { day: string; total: number; counted: number }
export interface ConversionDayRow { day: string; currency: string; count: number; amount: number }
export interface CommissionDayRow { day: string; currency: string; amount: number }

export interface DailyRows {
  clicks: ClickDayRow[];
  conversions: ConversionDayRow[];
  commissions: CommissionDayRow[];
}

/** One ranked leader as the store reads it. */
export interface LeaderRow {
  key: string;
  label: string;
  clicksCounted: number;
  conversions: number;
  sales: MoneyAmount[];
  commission: MoneyAmount[];
}

export interface SparkPoint { key: string; day: string; counted: number }

/** Money not yet paid: commissions earned and pending or approved, payouts pending or approved. */
export interface Owed {
  /** Commissions still pending or approved (not yet in a payout), per currency of the order. */
  commissionOwed: MoneyAmount[];
  /** Payouts pending or approved (not yet paid or failed); always empty for a vendor's scope. */
  payoutsDue: MoneyAmount[];
}

export interface AlertCounts {
  /** Commissions on hold for review (`held_at` set; only pending or approved ones can be held). */
  heldCommissions: number;
  /** Payouts that failed since `failedSince`. */
  failedPayouts: number;
}

/**
 * The dashboard queries. `scope` is part of every one: a vendor's clicks are those on its
 * products, its conversions its own orders, its commissions those on its brands (sales only;
 * recruiters' overrides are the platform's). db/stats.repository.ts implements it.
 */
export interface StatsReads {
  daily(scope: Scope, range: DayRange, filter: StatsFilter): Promise<DailyRows>;
  leaders(scope: Scope, range: DayRange, filter: StatsFilter, by: StatsDimension, sort: LeaderSort, limit: number): Promise<LeaderRow[]>;
  /** Counted clicks per day of the given leader keys. */
  sparklines(scope: Scope, range: DayRange, filter: StatsFilter, by: StatsDimension, keys: readonly string[]): Promise<SparkPoint[]>;
  /** What is owed on the orders of `range` (commissions) and of the payouts created in it; all of it without one. */
  owed(scope: Scope, range?: DayRange): Promise<Owed>;
  alertCounts(failedSince: Date): Promise<AlertCounts>;
}

/** Jobs waiting to run in one queue (waiting and delayed, retries included). */
export interface QueueDepth {
  queue: string;
  waiting: number;
  delayed: number;
}

/** How far behind the background queues are; queue/queue-backlog.ts reads BullMQ's counts. */
export interface QueueBacklog {
  read(): Promise<QueueDepth[]>;
}

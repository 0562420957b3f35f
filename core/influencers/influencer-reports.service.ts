import type { BalanceReader } from '../ledger/balances.ts';

/** The periods `/stats` understands. */
export const STATS_PERIODS = ['7d', '30d', 'all'] as const;
export type StatsPeriod = (typeof STATS_PERIODS)[number];
export const DEFAULT_STATS_PERIOD: StatsPeriod = '30d';

/** Where a period starts: a UTC day for the daily click rollups and an instant for sales; null for all time. */
export interface StatsWindow {
  fromDay: string | null;
  from: Date | null;
}

/** One row of `/stats`: a group label (one per link label) with its clicks, sales and earnings. */
export interface GroupStats {
  groupLabel: string;
  clicksTotal: number;
  clicksCounted: number;
  sales: number;
  /** Commission earned (net of reversals) per currency. */
  earnings: { currency: string; amount: number }[];
}

/**
 * The storage the reports need; db/bot-reports.repository.ts implements it. `balances` is the
 * one balance query (core/ledger/balances.ts), the same the admin money endpoint reads.
 */
export interface ReportStore {
  groupStats(influencerId: string, window: StatsWindow): Promise<GroupStats[]>;
  balances: BalanceReader['influencerBalances'];
}

/** A `/stats` argument ("7d", "30D", "all"); undefined when it is none of them. */
export function parseStatsPeriod(argument: string): StatsPeriod | undefined {
  const normalized = argument.trim().toLowerCase();
  if (normalized === '') return DEFAULT_STATS_PERIOD;
  return (STATS_PERIODS as readonly string[]).includes(normalized) ? (normalized as StatsPeriod) : undefined;
}

/** "7d" is today and the six days before it (UTC), as the daily rollups count days. */
export function statsWindow(period: StatsPeriod, now: Date): StatsWindow {
  if (period === 'all') return { fromDay: null, from: null };
  const days = period === '7d' ? 7 : 30;
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - (days - 1)));
  return { fromDay: start.toISOString().slice(0, 10), from: start };
}

/** The totals of every group: clicks and sales summed, earnings summed per currency. */
export function totalStats(groups: GroupStats[]): Omit<GroupStats, 'groupLabel'> {
  const earnings = new Map<string, number>();
  let clicksTotal = 0;
  let clicksCounted = 0;
  let sales = 0;
  for (const group of groups) {
    clicksTotal += group.clicksTotal;
    clicksCounted += group.clicksCounted;
    sales += group.sales;
    for (const e of group.earnings) earnings.set(e.currency, (earnings.get(e.currency) ?? 0) + e.amount);
  }
  return {
    clicksTotal, clicksCounted, sales,
    earnings: [...earnings].map(([currency, amount]) => ({ currency, amount })).sort((a, b) => a.currency.localeCompare(b.currency)),
  };
}

/** What happened when an influencer asked for their money from chat. */
export interface PayoutRequestResult {
  /** Payouts created now (one per currency whose balance reached the minimum). */
  created: { currency: string; amount: number }[];
  /** Balances that stay: below the minimum, or negative after a clawback. */
  belowMinimum: { currency: string; available: number; minimum: number }[];
}

/** The port `/payout` calls; the CLI wires it to core/payouts/payouts.service.ts `requestPayout`. */
export interface PayoutRequests {
  requestPayout(influencerId: string): Promise<PayoutRequestResult>;
}

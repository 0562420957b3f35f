import { useQuery } from '@tanstack/react-query';
import { admin, withQuery } from '../../http/client.ts';
import { formatMoney } from '../../ui/format.ts';

// The dashboard's reads of the public admin API (`/stats/daily`, `/stats/leaders`,
// `/stats/overview`), their answer types, and the links from a figure to the rows behind it.

export interface MoneyAmount { currency: string; amount: number }

export interface Figures {
  clicksCounted: number;
  clicksFiltered: number;
  conversions: number;
  sales: MoneyAmount[];
  commission: MoneyAmount[];
}
export interface DayStats extends Figures { day: string }
export interface Daily { from: string; to: string; days: DayStats[]; totals: Figures }

export type Dimension = 'influencer' | 'product' | 'brand' | 'groupLabel' | 'channel' | 'country';
export interface Leader { key: string; label: string; clicksCounted: number; conversions: number; sales: MoneyAmount[]; commission: MoneyAmount[]; sparkline: number[] }
export interface Leaders { by: Dimension; from: string; to: string; days: string[]; items: Leader[] }

export interface Period extends Figures { from: string; to: string; commissionOwed: MoneyAmount[]; payoutsDue: MoneyAmount[] | null }
export type AlertKind = 'held_commissions' | 'failed_payouts' | 'queue_backlog' | 'whatsapp';
export interface Alert { kind: AlertKind; raised: boolean; count: number | null; state: string | null; path: string }
export interface Overview {
  today: Period;
  last30Days: Period;
  balances: { commissionOwed: MoneyAmount[]; payoutsDue: MoneyAmount[] | null };
  alerts: Alert[];
}

/** The page's filters as they sit in the URL; every one optional. */
export const STATS_FILTER_KEYS = ['from', 'to', 'brandId', 'channel', 'country', 'groupLabel', 'influencerId'] as const;
export type StatsFilterKey = (typeof STATS_FILTER_KEYS)[number];
export type StatsFilters = Record<StatsFilterKey, string | undefined>;

export const LINK_CHANNELS = ['telegram', 'whatsapp', 'instagram', 'offline', 'other'] as const;

export function useDaily(filters: StatsFilters) {
  return useQuery({ queryKey: ['stats', 'daily', filters], queryFn: ({ signal }) => admin.get<Daily>('/stats/daily', filters, signal) });
}

export function useLeaders(filters: StatsFilters, by: Dimension, limit = 10) {
  return useQuery({ queryKey: ['stats', 'leaders', by, limit, filters], queryFn: ({ signal }) => admin.get<Leaders>('/stats/leaders', { ...filters, by, limit }, signal) });
}

export function useOverview() {
  return useQuery({ queryKey: ['stats', 'overview'], queryFn: ({ signal }) => admin.get<Overview>('/stats/overview', {}, signal), refetchInterval: 60_000 });
}

/** Amounts of several currencies side by side ("120,00 € · 300,00 zł"); `empty` when there are none. */
export function formatMoneyList(list: readonly MoneyAmount[], empty = '—'): string {
  const shown = list.filter((m) => m.amount !== 0);
  return shown.length ? shown.map((m) => formatMoney(m.amount, m.currency)).join(' · ') : empty;
}

/** Orders per counted click, as a percentage with one decimal ("—" without clicks). */
export function conversionRate(conversions: number, clicks: number, locale: string): string {
  if (clicks === 0) return '—';
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(conversions / clicks);
}

/** The ISO instant of a UTC day's midnight, and of the next one. */
export const dayIso = (day: string): string => `${day}T00:00:00.000Z`;
export const nextDayIso = (day: string): string => new Date(Date.parse(dayIso(day)) + 86_400_000).toISOString();

/** Filters other than the dates, to carry into the page a figure opens. */
export function carried(filters: StatsFilters): Record<string, string | undefined> {
  const { from: _from, to: _to, ...rest } = filters;
  return rest;
}

/** The orders of one day, with the page's filters carried (router path, under /console). */
export function conversionsOfDay(day: string, filters: StatsFilters): string {
  return withQuery('/conversions', { from: dayIso(day), to: nextDayIso(day), ...carried(filters) });
}

/** The orders of a period, with the page's filters carried. */
export function conversionsBetween(from: string | undefined, to: string | undefined, filters?: StatsFilters): string {
  return withQuery('/conversions', { from, to, ...(filters ? carried(filters) : {}) });
}

/** An API path of the console (`/console/...`) as a router path. */
export const routerPath = (consolePath: string): string => consolePath.replace(/^\/console(?=\/|$)/, '') || '/';

/** The currencies present in some money lists, in order. */
export function currenciesOf(lists: readonly (readonly MoneyAmount[])[]): string[] {
  return [...new Set(lists.flatMap((list) => list.filter((m) => m.amount !== 0).map((m) => m.currency)))].sort();
}

/** The amount of one currency in a list (0 when absent). */
export const amountIn = (list: readonly MoneyAmount[], currency: string): number => list.find((m) => m.currency === currency)?.amount ?? 0;

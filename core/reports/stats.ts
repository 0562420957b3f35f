import { ValidationError } from '../shared/errors.ts';
import type { TimeRange } from '../shared/paging.ts';
import type { DailyRows, DayRange, MoneyAmount } from './stats.ports.ts';

// Rules of the dashboard figures: which whole UTC days a request covers, and the day-by-day
// series with every day present (zero where nothing happened). Pure; no I/O.

export const DEFAULT_RANGE_DAYS = 30;
export const MAX_RANGE_DAYS = 366;
export const MAX_LEADERS = 100;
export const DEFAULT_LEADERS = 10;

const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` of the UTC day holding `instant`. */
export function utcDay(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}

/** The UTC midnight starting `day`. */
export function dayStart(day: string): Date {
  return new Date(`${day}T00:00:00.000Z`);
}

export function addDays(day: string, days: number): string {
  return utcDay(new Date(dayStart(day).getTime() + days * DAY_MS));
}

/**
 * The whole UTC days a request covers: `from` rounded down to its day, `to` (exclusive) rounded
 * up to the next midnight. Without `to`, up to the end of today; without `from`, the 30 days
 * before `to`. At most 366 days; an empty range is refused, naming the field at fault.
 */
export function statsRange(range: TimeRange, now: Date): DayRange & { days: string[] } {
  const toDay = range.to
    ? (range.to.getTime() % DAY_MS === 0 ? utcDay(range.to) : addDays(utcDay(range.to), 1))
    : addDays(utcDay(now), 1);
  const fromDay = range.from ? utcDay(range.from) : addDays(toDay, -DEFAULT_RANGE_DAYS);
  if (fromDay >= toDay) {
    throw new ValidationError(`from (${fromDay}) must be before to (${toDay})`, { field: range.to ? 'to' : 'from' });
  }
  const length = Math.round((dayStart(toDay).getTime() - dayStart(fromDay).getTime()) / DAY_MS);
  if (length > MAX_RANGE_DAYS) {
    throw new ValidationError(`from … to spans ${length} days; ask for at most ${MAX_RANGE_DAYS}`, { field: 'from', days: length, maxDays: MAX_RANGE_DAYS });
  }
  const days = Array.from({ length }, (_, i) => addDays(fromDay, i));
  return { fromDay, toDay, days };
}

/** One day of the dashboard: clicks counted and filtered out, sales and commission per currency. */
export interface DayStats {
  day: string;
  clicksCounted: number;
  /** Duplicates, bots and self-clicks: stored, not counted. */
  clicksFiltered: number;
  conversions: number;
  /** Order amounts net of refunds. */
  sales: MoneyAmount[];
  /** Commission on the day's orders (sales), net of reversals. */
  commission: MoneyAmount[];
}

export type StatsTotals = Omit<DayStats, 'day'>;

/** Adds `amount` of `currency` into a per-currency list kept in currency order. */
export function addMoney(list: MoneyAmount[], currency: string, amount: number): MoneyAmount[] {
  const found = list.find((m) => m.currency === currency);
  if (found) found.amount += amount;
  else {
    list.push({ currency, amount });
    list.sort((a, b) => (a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0));
  }
  return list;
}

/** The sparse rows spread over every day of the range, zeros included, with their totals. */
export function fillDays(days: readonly string[], rows: DailyRows): { days: DayStats[]; totals: StatsTotals } {
  const byDay = new Map<string, DayStats>(days.map((day) => [day, { day, clicksCounted: 0, clicksFiltered: 0, conversions: 0, sales: [], commission: [] }]));
  const totals: StatsTotals = { clicksCounted: 0, clicksFiltered: 0, conversions: 0, sales: [], commission: [] };
  for (const row of rows.clicks) {
    const day = byDay.get(row.day);
    if (!day) continue;
    day.clicksCounted += row.counted;
    day.clicksFiltered += row.total - row.counted;
    totals.clicksCounted += row.counted;
    totals.clicksFiltered += row.total - row.counted;
  }
  for (const row of rows.conversions) {
    const day = byDay.get(row.day);
    if (!day) continue;
    day.conversions += row.count;
    addMoney(day.sales, row.currency, row.amount);
    totals.conversions += row.count;
    addMoney(totals.sales, row.currency, row.amount);
  }
  for (const row of rows.commissions) {
    const day = byDay.get(row.day);
    if (!day) continue;
    addMoney(day.commission, row.currency, row.amount);
    addMoney(totals.commission, row.currency, row.amount);
  }
  return { days: [...byDay.values()], totals };
}

/** Counted clicks of each key on each day of the range, zeros included. */
export function sparklineSeries(days: readonly string[], keys: readonly string[], points: readonly { key: string; day: string; counted: number }[]): Map<string, number[]> {
  const index = new Map(days.map((day, i) => [day, i]));
  const series = new Map(keys.map((key) => [key, days.map(() => 0)]));
  for (const point of points) {
    const i = index.get(point.day);
    const values = series.get(point.key);
    if (i !== undefined && values) values[i]! += point.counted;
  }
  return series;
}

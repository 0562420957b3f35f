import { describe, expect, it } from 'vitest';
import { fillDays, sparklineSeries, statsRange } from '../../../core/reports/stats.ts';
import { ValidationError } from '../../../core/shared/errors.ts';

const now = new Date('2026-12-02T15:30:00Z');

describe('statsRange', () => {
  it('defaults to the 30 UTC days up to the end of today', () => {
    const range = statsRange({}, now);
    expect(range).toMatchObject({ fromDay: '2026-11-03', toDay: '2026-12-03' });
    expect(range.days).toHaveLength(30);
    expect(range.days.at(-1)).toBe('2026-12-02');
  });

  it('rounds from down and to up to whole UTC days (a to at midnight stays exclusive)', () => {
    expect(statsRange({ from: new Date('2026-11-30T23:00:00Z'), to: new Date('2026-12-01T00:00:00Z') }, now)).toMatchObject({ fromDay: '2026-11-30', toDay: '2026-12-01', days: ['2026-11-30'] });
    expect(statsRange({ from: new Date('2026-11-30T23:00:00Z'), to: new Date('2026-12-01T00:00:01Z') }, now).days).toEqual(['2026-11-30', '2026-12-01']);
    expect(statsRange({ to: new Date('2026-02-01T00:00:00Z') }, now)).toMatchObject({ fromDay: '2026-01-02', toDay: '2026-02-01' });
  });

  it('refuses a range over 366 days, or one that starts after today, naming the field', () => {
    expect(statsRange({ from: new Date('2025-12-01T00:00:00Z'), to: new Date('2026-12-02T00:00:00Z') }, now).days).toHaveLength(366);
    const tooLong = () => statsRange({ from: new Date('2025-11-30T00:00:00Z'), to: new Date('2026-12-02T00:00:00Z') }, now);
    expect(tooLong).toThrow(ValidationError);
    expect(tooLong).toThrow(/367 days; ask for at most 366/);
    try { statsRange({ from: new Date('2026-12-05T00:00:00Z') }, now); } catch (error) {
      expect((error as ValidationError).details).toEqual({ field: 'from' });
      return;
    }
    throw new Error('a range starting after today was accepted');
  });
});

describe('fillDays', () => {
  it('puts every day in, zeros included, and keeps money apart per currency', () => {
    const { days, totals } = fillDays(['2026-12-01', '2026-12-02', '2026-12-03'], {
      clicks: [{ day: '2026-12-01', total: 5, counted: 3 }, { day: '2026-11-01', total: 9, counted: 9 }],
      conversions: [{ day: '2026-12-03', currency: 'PLN', count: 1, amount: 900 }, { day: '2026-12-03', currency: 'EUR', count: 2, amount: 500 }],
      commissions: [{ day: '2026-12-03', currency: 'PLN', amount: 90 }],
    });
    expect(days.map((d) => [d.day, d.clicksCounted, d.clicksFiltered, d.conversions])).toEqual([['2026-12-01', 3, 2, 0], ['2026-12-02', 0, 0, 0], ['2026-12-03', 0, 0, 3]]);
    expect(days[2]!.sales).toEqual([{ currency: 'EUR', amount: 500 }, { currency: 'PLN', amount: 900 }]);
    expect(totals).toEqual({ clicksCounted: 3, clicksFiltered: 2, conversions: 3, sales: [{ currency: 'EUR', amount: 500 }, { currency: 'PLN', amount: 900 }], commission: [{ currency: 'PLN', amount: 90 }] });
  });

  it('spreads sparkline points over the days of the range', () => {
    const series = sparklineSeries(['2026-12-01', '2026-12-02'], ['7', '8'], [{ key: '7', day: '2026-12-02', counted: 4 }, { key: '9', day: '2026-12-02', counted: 1 }]);
    expect(Object.fromEntries(series)).toEqual({ 7: [0, 4], 8: [0, 0] });
  });
});

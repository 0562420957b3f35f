import { describe, expect, it } from 'vitest';
import { isQuiet, localDayOf, nextSlotAfter, readPostTimes, readQuietHours, readTimeZone } from '../../../core/autopost/autopost.ts';
import { timeZoneOfCountry } from '../../../core/shared/country-time-zone.ts';

const warsaw = { postTimes: ['09:00', '13:00', '19:00'], timeZone: 'Europe/Warsaw', quietStart: null, quietEnd: null };

describe('posting slots', () => {
  it('are the posting times in the chat’s zone, across the clocks’ change', () => {
    expect(nextSlotAfter(warsaw, new Date('2026-12-07T07:30:00Z'))).toEqual(new Date('2026-12-07T08:00:00Z'));
    expect(nextSlotAfter(warsaw, new Date('2026-12-07T08:00:00Z'))).toEqual(new Date('2026-12-07T12:00:00Z'));
    expect(nextSlotAfter(warsaw, new Date('2026-12-07T18:00:00Z'))).toEqual(new Date('2026-12-08T08:00:00Z'));
    // Summer time: 09:00 in Warsaw is 07:00 UTC.
    expect(nextSlotAfter(warsaw, new Date('2026-07-01T00:00:00Z'))).toEqual(new Date('2026-07-01T07:00:00Z'));
    // The night of 29 March 2026 the clocks go forward: the morning slot is still 09:00 local.
    expect(nextSlotAfter(warsaw, new Date('2026-03-28T20:00:00Z'))).toEqual(new Date('2026-03-29T07:00:00Z'));
  });

  it('skip quiet hours, also when they run past midnight; none at all when every time is quiet', () => {
    const night = { ...warsaw, postTimes: ['07:00', '23:00'], quietStart: '22:00', quietEnd: '08:00' };
    expect(isQuiet(night, 23 * 60)).toBe(true);
    expect(isQuiet(night, 7 * 60)).toBe(true);
    expect(isQuiet(night, 8 * 60)).toBe(false);
    expect(nextSlotAfter(night, new Date('2026-12-07T07:30:00Z'))).toBeNull();
    expect(nextSlotAfter({ ...night, postTimes: ['07:00', '12:00', '23:00'] }, new Date('2026-12-07T12:30:00Z'))).toEqual(new Date('2026-12-08T11:00:00Z'));
  });

  it('count the daily cap within the local day', () => {
    expect(localDayOf(new Date('2026-12-07T23:30:00Z'), 'Europe/Warsaw')).toEqual({ from: new Date('2026-12-07T23:00:00Z'), to: new Date('2026-12-08T23:00:00Z') });
  });
});

describe('what an influencer types', () => {
  it('reads times, quiet hours and zones the ways people write them, and refuses the rest', () => {
    expect(readPostTimes('19:00, 9.00 13h00 9:00')).toEqual(['09:00', '13:00', '19:00']);
    expect(() => readPostTimes('25:00')).toThrow();
    expect(readQuietHours('22:00 - 8:00')).toEqual({ quietStart: '22:00', quietEnd: '08:00' });
    expect(() => readQuietHours('22:00')).toThrow();
    expect(readTimeZone('europe/paris')).toBe('Europe/Paris');
    expect(() => readTimeZone('Mars/Olympus')).toThrow();
  });

  it('gives a default zone by country', () => {
    expect(timeZoneOfCountry('PL')).toBe('Europe/Warsaw');
    expect(timeZoneOfCountry('fr')).toBe('Europe/Paris');
    expect(timeZoneOfCountry('RU')).toBe('Europe/Moscow');
    expect(timeZoneOfCountry(null)).toBe('UTC');
  });
});

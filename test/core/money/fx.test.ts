import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { convertedReversal, convertMinor, formatRateE9, IDENTITY_RATE_E9, invertRateE9, parseRateE9 } from '../../../core/money/fx.ts';

describe('rates as integers', () => {
  it('reads decimal rates exactly and writes them back', () => {
    expect(parseRateE9('4.2735')).toBe(4_273_500_000);
    expect(parseRateE9('0.000000001')).toBe(1);
    expect(parseRateE9('101.5')).toBe(101_500_000_000);
    expect(formatRateE9(4_273_500_000)).toBe('4.2735');
    expect(formatRateE9(1_000_000_000)).toBe('1');
    for (const bad of ['0', '0.0', '-1', '1,5', '1.1234567891', 'abc', '', '1e3']) expect(() => parseRateE9(bad), bad).toThrow(/rate/);
    fc.assert(fc.property(fc.integer({ min: 1, max: 999_999_999_999_999 }), (e9) => parseRateE9(formatRateE9(e9)) === e9));
  });

  it('inverts a rate rounding half up: 1 / 4.2735 = 0.2340002340… → 0.234000234', () => {
    expect(invertRateE9(4_273_500_000)).toBe(234_000_234);
    expect(invertRateE9(IDENTITY_RATE_E9)).toBe(IDENTITY_RATE_E9);
    // 1 / 0.000000003 = 333333333.33… → 333333333.333333333; 1 / 8 = 0.125 exactly.
    expect(invertRateE9(8_000_000_000)).toBe(125_000_000);
  });
});

describe('conversion rounding (rule 1: half up to the quote currency\'s minor unit)', () => {
  it('rounds an exact half-cent up, and just below it down', () => {
    // 1 cent at 1.5 = 1.5 cents → 2; at 1.499999999 → 1.
    expect(convertMinor(1, 1_500_000_000, 'EUR', 'USD')).toBe(2);
    expect(convertMinor(1, 1_499_999_999, 'EUR', 'USD')).toBe(1);
    // 0.5 cent → 1 cent; 0.4999… → 0.
    expect(convertMinor(1, 500_000_000, 'EUR', 'GBP')).toBe(1);
    expect(convertMinor(1, 499_999_999, 'EUR', 'GBP')).toBe(0);
    // 23.45 PLN at 0.2 = 4.69 EUR exactly; 23.45 × 0.21 = 4.9245 → 4.92; 23.45 × 0.23 = 5.3935 → 5.39.
    expect(convertMinor(2345, 200_000_000, 'PLN', 'EUR')).toBe(469);
    expect(convertMinor(2345, 210_000_000, 'PLN', 'EUR')).toBe(492);
    expect(convertMinor(2345, 230_000_000, 'PLN', 'EUR')).toBe(539);
    // 10.10 EUR × 0.85 = 8.585 GBP, a half-penny → 8.59.
    expect(convertMinor(1010, 850_000_000, 'EUR', 'GBP')).toBe(859);
  });

  it('moves between currencies of different exponents', () => {
    // 100.00 EUR at 160.5 JPY = 16050 yen; 1 yen at 0.0062 EUR = 0.62 cent → 1 cent.
    expect(convertMinor(10_000, 160_500_000_000, 'EUR', 'JPY')).toBe(16_050);
    expect(convertMinor(1, 6_200_000, 'JPY', 'EUR')).toBe(1);
    expect(convertMinor(10_001, 160_500_000_000, 'EUR', 'JPY')).toBe(16_052); // 16051.605 → 16052
  });

  it('converts equal currencies at exactly 1, never rounding', () => {
    fc.assert(fc.property(fc.nat({ max: 1e12 }), (amount) => convertMinor(amount, IDENTITY_RATE_E9, 'EUR', 'EUR') === amount));
  });

  it('is monotonic and never off by more than half a minor unit (property)', () => {
    fc.assert(fc.property(fc.nat({ max: 1e9 }), fc.nat({ max: 1e9 }), fc.integer({ min: 1, max: 1e12 }), (a, b, rate) => {
      const [lo, hi] = a <= b ? [a, b] : [b, a];
      expect(convertMinor(lo, rate, 'PLN', 'EUR')).toBeLessThanOrEqual(convertMinor(hi, rate, 'PLN', 'EUR'));
      const exact = (BigInt(lo) * BigInt(rate)) * 2n; // in half-units of 10^-9
      const converted = BigInt(convertMinor(lo, rate, 'PLN', 'EUR')) * 2_000_000_000n;
      expect(converted - exact <= 1_000_000_000n && exact - converted < 1_000_000_000n).toBe(true);
    }));
  });
});

describe('reversals convert the cumulative amount (rule 2)', () => {
  const commission = { amount: 100_010, payoutAmount: convertMinor(100_010, 234_000_234, 'PLN', 'EUR'), fxRateE9: 234_000_234, currency: 'PLN', payoutCurrency: 'EUR' };

  it('reverses all of the converted amount when all is reversed, and a third at a time without drift', () => {
    expect(commission.payoutAmount).toBe(23_402);
    expect(convertedReversal(commission, 100_010)).toBe(23_402);
    // Three thirds: 33337 → 7800.87 → 7801; 66673 → 15601.4976 → 15601; all → 23402.
    expect([33_337, 66_673, 100_010].map((r) => convertedReversal(commission, r))).toEqual([7801, 15_601, 23_402]);
  });

  it('never reverses more than the converted amount, whatever the steps (property)', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 1e9 }), fc.integer({ min: 1, max: 5e10 }), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 6 }), (amount, rate, cuts) => {
      const c = { amount, payoutAmount: convertMinor(amount, rate, 'RUB', 'EUR'), fxRateE9: rate, currency: 'RUB', payoutCurrency: 'EUR' };
      let previous = 0;
      for (const reversed of [...cuts.map((x) => Math.floor(x * amount)).sort((x, y) => x - y), amount]) {
        const now = convertedReversal(c, reversed);
        expect(now).toBeGreaterThanOrEqual(previous);
        expect(now).toBeLessThanOrEqual(c.payoutAmount);
        previous = now;
      }
      expect(previous).toBe(c.payoutAmount);
    }));
  });
});

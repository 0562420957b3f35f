import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { commissionApprovesAt, effectiveRateBps, quoteCommission, reversedAmountAfterRefund } from '../../../core/commissions/commission.ts';
import { applyBps } from '../../../core/money/money.ts';

const amount = fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER });
const bps = fc.integer({ min: 0, max: 10_000 });
const multiplier = fc.integer({ min: 0, max: 100_000 });

describe('quoteCommission', () => {
  it('uses the product rate over the brand rate, and the brand rate when the product has none', () => {
    expect(quoteCommission(12345, { productRateBps: 1250, brandRateBps: 1000, tierId: null, tierMultiplierBps: null }))
      .toEqual({ baseRateBps: 1250, tierId: null, tierMultiplierBps: 10000, rateBps: 1250, baseAmount: 1543, amount: 1543 });
    expect(quoteCommission(12345, { productRateBps: null, brandRateBps: 1000, tierId: null, tierMultiplierBps: null }))
      .toMatchObject({ baseRateBps: 1000, rateBps: 1000, amount: 1235 }); // 1234.5 → 1235
  });

  it('applies the tier multiplier to the rate and keeps the rate that reproduces the amount', () => {
    // 1333 bps × 1.25 = 1666.25 → 1666 bps; 100000 × 16.66 % = 16660.
    expect(quoteCommission(100_000, { productRateBps: 1333, brandRateBps: 1000, tierId: '7', tierMultiplierBps: 12_500 }))
      .toEqual({ baseRateBps: 1333, tierId: '7', tierMultiplierBps: 12_500, rateBps: 1666, baseAmount: 13_330, amount: 16_660 });
  });

  it('caps the effective rate at 100 %: a commission never exceeds the order', () => {
    expect(quoteCommission(5000, { productRateBps: 8000, brandRateBps: 1000, tierId: '9', tierMultiplierBps: 20_000 }))
      .toMatchObject({ baseRateBps: 8000, tierMultiplierBps: 20_000, rateBps: 10_000, baseAmount: 4000, amount: 5000 });
  });

  it('rounds half up to the minor unit: exactly .5 goes up, anything below goes down', () => {
    const q = (n: number) => quoteCommission(n, { productRateBps: null, brandRateBps: 1000, tierId: null, tierMultiplierBps: null }).amount;
    expect([q(10_005), q(10_004), q(10_006), q(5), q(4)]).toEqual([1001, 1000, 1001, 1, 0]);
  });

  it('always lies within half a minor unit of the exact product, ties upward (property)', () => {
    fc.assert(fc.property(amount, bps, multiplier, (orderAmount, rate, mult) => {
      const quote = quoteCommission(orderAmount, { productRateBps: rate, brandRateBps: 0, tierId: 't', tierMultiplierBps: mult });
      expect(quote.rateBps).toBe(effectiveRateBps(rate, mult));
      expect(quote.amount).toBe(applyBps(orderAmount, quote.rateBps));
      // 10000 × amount − orderAmount × rate lies in (−5000, 5000]: within half a unit, .5 rounding up.
      const diff = 10_000n * BigInt(quote.amount) - BigInt(orderAmount) * BigInt(quote.rateBps);
      expect(diff > -5000n && diff <= 5000n).toBe(true);
      expect(quote.rateBps).toBeLessThanOrEqual(10_000);
      expect(quote.amount).toBeLessThanOrEqual(orderAmount);
      expect(Number.isSafeInteger(quote.amount)).toBe(true);
    }));
  });
});

describe('commissionApprovesAt', () => {
  it('is the order time plus the brand\'s lock days', () => {
    expect(commissionApprovesAt(new Date('2026-11-28T10:15:00Z'), 30).toISOString()).toBe('2026-12-28T10:15:00.000Z');
    expect(commissionApprovesAt(new Date('2026-11-28T10:15:00Z'), 0).toISOString()).toBe('2026-11-28T10:15:00.000Z');
  });
});

describe('reversedAmountAfterRefund', () => {
  it('reverses each refund\'s share of the cumulative total, so partial refunds add up to the whole', () => {
    const commission = { amount: 1543, reversedAmount: 0 };
    expect(reversedAmountAfterRefund(commission, 4115, 12345)).toBe(514);
    expect(reversedAmountAfterRefund({ ...commission, reversedAmount: 514 }, 8230, 12345)).toBe(1029);
    expect(reversedAmountAfterRefund({ ...commission, reversedAmount: 1029 }, 12345, 12345)).toBe(1543);
  });

  it('never goes back below what is already reversed', () => {
    expect(reversedAmountAfterRefund({ amount: 1000, reversedAmount: 1000 }, 1, 10_000)).toBe(1000);
  });

  it('for any sequence of partial refunds: monotonic, never above the commission, independent of the split, exact on full refund (property)', () => {
    const scenario = fc.integer({ min: 1, max: 10_000_000 }).chain((orderAmount) => fc.record({
      orderAmount: fc.constant(orderAmount),
      commission: fc.integer({ min: 0, max: orderAmount }),
      cuts: fc.array(fc.integer({ min: 1, max: orderAmount }), { maxLength: 12 }),
    }));
    fc.assert(fc.property(scenario, ({ orderAmount, commission, cuts }) => {
      let refunded = 0;
      let reversed = 0;
      let deltas = 0;
      for (const cut of [...cuts, orderAmount]) {
        const refund = Math.min(cut, orderAmount - refunded);
        if (refund === 0) break;
        refunded += refund;
        const next = reversedAmountAfterRefund({ amount: commission, reversedAmount: reversed }, refunded, orderAmount);
        expect(next).toBeGreaterThanOrEqual(reversed);
        expect(next).toBeLessThanOrEqual(commission);
        // The same as one refund of the running total: the split does not matter.
        expect(next).toBe(reversedAmountAfterRefund({ amount: commission, reversedAmount: 0 }, refunded, orderAmount));
        deltas += next - reversed;
        reversed = next;
      }
      expect(refunded).toBe(orderAmount);
      expect(reversed).toBe(commission);
      expect(deltas).toBe(commission);
    }));
  });
});

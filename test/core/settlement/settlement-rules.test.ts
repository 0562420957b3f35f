import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { effectiveRateBps, quoteCommission, reversedAmountAfterRefund } from '../../../core/commissions/commission.ts';
import type { LockedCommission } from '../../../core/conversions/conversions.ports.ts';
import { convertMinor } from '../../../core/money/fx.ts';
import { payoutCreatedPosting, payoutFailedPosting, payoutPaidPosting } from '../../../core/payouts/payout-postings.ts';
import { netPayoutAfter, planOverrideReversal, planReversal } from '../../../core/commissions/reversal.ts';
import { earnsOverride, overrideAmount, overrideReversedAmount, payoutMinimum } from '../../../core/settlement/settlement.ts';
import { checkTierInput, pickTier, type Tier } from '../../../core/tiers/tiers.ts';

const terms = (brandRateBps: number, tierMultiplierBps: number | null = null) => ({ productRateBps: null, brandRateBps, tierId: tierMultiplierBps === null ? null : '1', tierMultiplierBps });

function commission(overrides: Partial<LockedCommission> = {}): LockedCommission {
  return {
    id: '10', kind: 'sale', influencerId: '7', amount: 3333, reversedAmount: 0, currency: 'EUR', status: 'pending',
    payoutAmount: 3333, reversedPayoutAmount: 0, payoutCurrency: 'EUR', fxRateE9: 1_000_000_000, rateBps: 3333, sourceCommissionId: null,
    ...overrides,
  };
}

describe('rounding cases', () => {
  it('1-cent orders: a commission rounds half up to the cent, so most of them are worth nothing', () => {
    expect(quoteCommission(1, terms(1000)).amount).toBe(0); // 0.1 cent
    expect(quoteCommission(1, terms(3333)).amount).toBe(0); // 0.3333 cent
    expect(quoteCommission(1, terms(5000)).amount).toBe(1); // 0.5 cent → 1
    expect(quoteCommission(1, terms(4999)).amount).toBe(0);
    expect(quoteCommission(3, terms(1667)).amount).toBe(1); // 0.5001 cent
    // A refund of a 1-cent order reverses all of whatever it earned.
    expect(reversedAmountAfterRefund({ amount: 1, reversedAmount: 0 }, 1, 1)).toBe(1);
  });

  it('33.33 %: the rate, the tier on top of it, and an order refunded in thirds without drift', () => {
    expect(quoteCommission(10_000, terms(3333)).amount).toBe(3333);
    expect(effectiveRateBps(3333, 12_500)).toBe(4166); // 4166.25 bps → 4166
    expect(quoteCommission(10_000, terms(3333, 12_500))).toMatchObject({ rateBps: 4166, amount: 4166, baseAmount: 3333 });
    // Refunds of 3333, 3333 and 3334 of a 10,000 order: 1110.9 → 1111, 2221.8 → 2222, then all 3333.
    let reversed = 0;
    const steps: number[] = [];
    for (const refunded of [3333, 6666, 10_000]) {
      reversed = reversedAmountAfterRefund({ amount: 3333, reversedAmount: reversed }, refunded, 10_000);
      steps.push(reversed);
    }
    expect(steps).toEqual([1111, 2222, 3333]);
  });

  it('a recruiter\'s 5 %: half a cent up, recomputed on what the recruit keeps', () => {
    expect(overrideAmount(3333, 500)).toBe(167); // 166.65
    expect(overrideAmount(10, 500)).toBe(1); // 0.5
    expect(overrideAmount(9, 500)).toBe(0); // 0.45
    const override = { amount: 167, reversedAmount: 0, rateBps: 500 };
    expect(overrideReversedAmount(override, 2222)).toBe(56); // owed 111.1 → 111
    expect(overrideReversedAmount({ ...override, reversedAmount: 56 }, 0)).toBe(167);
    expect(overrideReversedAmount({ ...override, reversedAmount: 56 }, 2222)).toBe(56);
  });

  it('FX with half-cent results rounds up, and the reversal of all of it returns exactly what was converted', () => {
    // A 33.33 % commission of 10.10 GBP is 3.37 GBP (336.633 → 337); at 1.17 EUR/GBP: 394.29 → 394; at 1.165: 392.605 → 393.
    expect(quoteCommission(1010, terms(3333)).amount).toBe(337);
    expect(convertMinor(337, 1_170_000_000, 'GBP', 'EUR')).toBe(394);
    expect(convertMinor(337, 1_165_000_000, 'GBP', 'EUR')).toBe(393);
    const c = commission({ amount: 337, currency: 'GBP', payoutAmount: 393, fxRateE9: 1_165_000_000, status: 'approved' });
    const half = planReversal(c, 100, { vendorId: '3', fully: false }); // 116.5 → 117
    expect(half).toMatchObject({ reversedAmount: 100, reversedPayoutAmount: 117, status: 'approved' });
    const rest = planReversal({ ...c, reversedAmount: 100, reversedPayoutAmount: 117 }, 337, { vendorId: '3', fully: true });
    expect(rest).toMatchObject({ reversedNow: 237, reversedPayoutNow: 276, reversedPayoutAmount: 393, status: 'reversed' });
  });
});

describe('reversal plans', () => {
  it('reverses a pending commission from pending, with a balanced posting and a notification', () => {
    const plan = planReversal(commission(), 3333, { vendorId: '3', fully: true });
    expect(plan.status).toBe('reversed');
    expect(plan.posting).toEqual({
      kind: 'commission_reversed',
      lines: [
        { account: 'vendor_receivable', amount: -3333, currency: 'EUR', vendorId: '3', commissionId: '10' },
        { account: 'influencer_pending', amount: 3333, currency: 'EUR', influencerId: '7', commissionId: '10' },
      ],
    });
    expect(plan.notification).toEqual({ kind: 'commission_reversed', influencerId: '7', commissionId: '10', amount: 3333, currency: 'EUR' });
  });

  it('claws back money already paid from the available balance, keeping the status', () => {
    const plan = planReversal(commission({ status: 'paid' }), 3333, { vendorId: '3', fully: true });
    expect(plan.status).toBe('paid');
    expect(plan.posting?.kind).toBe('commission_clawback');
    expect(plan.posting?.lines[1]).toMatchObject({ account: 'influencer_available', amount: 3333 });
  });

  it('goes through platform_fx when the influencer is paid in another currency', () => {
    const plan = planReversal(commission({ currency: 'PLN', amount: 100_010, payoutAmount: 23_402, fxRateE9: 234_000_234 }), 100_010, { vendorId: '3', fully: true });
    expect(plan.posting?.lines.map((l) => [l.account, l.amount, l.currency])).toEqual([
      ['vendor_receivable', -100_010, 'PLN'], ['platform_fx', 100_010, 'PLN'], ['platform_fx', -23_402, 'EUR'], ['influencer_pending', 23_402, 'EUR'],
    ]);
  });

  it('reverses an override with its source, funded back to the platform', () => {
    const source = commission({ status: 'approved' });
    const sourcePlan = planReversal(source, 3333, { vendorId: '3', fully: true });
    const override = commission({ id: '11', kind: 'override', influencerId: '8', amount: 167, payoutAmount: 167, rateBps: 500, status: 'approved', sourceCommissionId: '10' });
    const plan = planOverrideReversal(override, netPayoutAfter(source, sourcePlan), '3');
    expect(plan).toMatchObject({ reversedAmount: 167, status: 'reversed' });
    expect(plan.posting).toMatchObject({ kind: 'override_reversed', lines: [{ account: 'platform_revenue', amount: -167 }, { account: 'influencer_available', amount: 167, influencerId: '8' }] });
  });

  it('changes nothing when reversed again', () => {
    const plan = planReversal(commission({ reversedAmount: 3333, reversedPayoutAmount: 3333, status: 'reversed' }), 3333, { vendorId: '3', fully: true });
    expect(plan).toMatchObject({ reversedNow: 0, posting: null, notification: null });
  });
});

describe('payouts and overrides', () => {
  it('sets the minimum at 10.00 of the payout currency', () => {
    expect(payoutMinimum('EUR')).toBe(1000);
    expect(payoutMinimum('RUB')).toBe(1000);
    expect(payoutMinimum('JPY')).toBe(10);
    expect(payoutMinimum('PLN', { payoutMinimumMajor: 50 })).toBe(5000);
  });

  it('moves payout money in balanced postings', () => {
    const m = { payoutId: '5', influencerId: '7', amount: 4800, currency: 'EUR' };
    expect(payoutCreatedPosting(m).lines.map((l) => [l.account, l.amount])).toEqual([['influencer_available', 4800], ['influencer_in_payout', -4800]]);
    expect(payoutFailedPosting(m).lines.map((l) => [l.account, l.amount])).toEqual([['influencer_in_payout', 4800], ['influencer_available', -4800]]);
    expect(payoutPaidPosting(m).lines.map((l) => [l.account, l.amount])).toEqual([['influencer_in_payout', 4800], ['influencer_paid', -4800]]);
  });

  it('pays overrides on a recruit\'s first 90 days only', () => {
    const signup = new Date('2026-01-01T00:00:00Z');
    expect(earnsOverride(signup, new Date('2026-03-31T23:59:59Z'), 90)).toBe(true);
    expect(earnsOverride(signup, new Date('2026-04-01T00:00:00Z'), 90)).toBe(false);
  });
});

describe('tiers', () => {
  const tier = (id: string, minClicks30d: number, minSales30d: number, multiplierBps: number, minExposure30d = 0): Tier => ({ id, name: `T${id}`, minClicks30d, minSales30d, minExposure30d, multiplierBps });
  const tiers = [tier('1', 0, 0, 10_000), tier('2', 500, 5, 11_000), tier('3', 5000, 50, 12_500)];

  it('picks the best tier whose thresholds are all met', () => {
    expect(pickTier(tiers, { clicks30d: 0, sales30d: 0, exposure30d: 0 })?.id).toBe('1');
    expect(pickTier(tiers, { clicks30d: 10_000, sales30d: 4, exposure30d: 0 })?.id).toBe('1');
    expect(pickTier(tiers, { clicks30d: 500, sales30d: 5, exposure30d: 0 })?.id).toBe('2');
    expect(pickTier(tiers, { clicks30d: 5000, sales30d: 50, exposure30d: 0 })?.id).toBe('3');
    expect(pickTier(tiers.slice(1), { clicks30d: 1, sales30d: 1, exposure30d: 0 })).toBeNull();
  });

  it('holds a tier back until its exposure threshold is met too', () => {
    const withReach = [...tiers, tier('4', 0, 5, 11_500, 2_000)];
    expect(pickTier(withReach, { clicks30d: 100, sales30d: 5, exposure30d: 1_999 })?.id).toBe('1');
    expect(pickTier(withReach, { clicks30d: 100, sales30d: 5, exposure30d: 2_000 })?.id).toBe('4');
  });

  it('does not depend on the order tiers are listed in, and never picks a tier whose thresholds are not met (property)', () => {
    const anyTier = fc.record({ id: fc.integer({ min: 1, max: 1e6 }).map(String), name: fc.constant('x'), minClicks30d: fc.nat(100), minSales30d: fc.nat(10), minExposure30d: fc.nat(1000), multiplierBps: fc.integer({ min: 0, max: 30_000 }) });
    fc.assert(fc.property(fc.uniqueArray(anyTier, { selector: (t) => t.id, maxLength: 8 }), fc.nat(120), fc.nat(12), fc.nat(1200), (list, clicks30d, sales30d, exposure30d) => {
      const stats = { clicks30d, sales30d, exposure30d };
      const meets = (t: Tier) => t.minClicks30d <= clicks30d && t.minSales30d <= sales30d && t.minExposure30d <= exposure30d;
      const picked = pickTier(list, stats);
      expect(pickTier([...list].reverse(), stats)).toEqual(picked);
      if (picked) expect(meets(picked)).toBe(true);
      for (const t of list) if (meets(t)) expect(picked!.multiplierBps).toBeGreaterThanOrEqual(t.multiplierBps);
    }));
  });

  it('checks a tier definition, listing every problem', () => {
    expect(checkTierInput({ name: '  Gold ', multiplierBps: 12_500 })).toEqual({ name: 'Gold', multiplierBps: 12_500 });
    expect(() => checkTierInput({ name: ' ', minClicks30d: -1, multiplierBps: 100_001 })).toThrow(/name .*minClicks30d .*multiplierBps/);
  });
});

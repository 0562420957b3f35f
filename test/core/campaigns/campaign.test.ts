import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bonusBeforeCap, bonusReversedAfterRefund, campaignCovers, campaignRunsAt, canMove, checkCampaignInput } from '../../../core/campaigns/campaign.ts';

const running = { status: 'open' as const, startsAt: new Date('2026-12-01T00:00:00Z'), endsAt: new Date('2026-12-08T00:00:00Z') };

describe('campaign rules', () => {
  it('runs from its start (included) to its end (excluded), and only while open', () => {
    expect(campaignRunsAt(running, new Date('2026-11-30T23:59:59Z'))).toBe(false);
    expect(campaignRunsAt(running, new Date('2026-12-01T00:00:00Z'))).toBe(true);
    expect(campaignRunsAt(running, new Date('2026-12-07T23:59:59Z'))).toBe(true);
    expect(campaignRunsAt(running, new Date('2026-12-08T00:00:00Z'))).toBe(false);
    expect(campaignRunsAt({ ...running, status: 'paused' }, new Date('2026-12-03T00:00:00Z'))).toBe(false);
  });

  it('covers every product of its brand, or only those it names', () => {
    expect(campaignCovers({ productIds: null }, null)).toBe(true);
    expect(campaignCovers({ productIds: ['4', '5'] }, '5')).toBe(true);
    expect(campaignCovers({ productIds: ['4', '5'] }, '6')).toBe(false);
    expect(campaignCovers({ productIds: ['4'] }, null)).toBe(false);
  });

  it('never lets commission and bonus together exceed the order', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 10_000_000 }), fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 1, max: 10_000_000 }),
      (order, rate, bonusRate, fee) => {
        const normal = Math.floor((order * rate) / 10_000);
        for (const bonus of [{ kind: 'rate' as const, rateBps: bonusRate }, { kind: 'fee' as const, amount: fee }]) {
          const b = bonusBeforeCap(bonus, order, normal);
          expect(b).toBeGreaterThanOrEqual(0);
          expect(normal + b).toBeLessThanOrEqual(order);
        }
      }));
  });

  it('gives back exactly the whole bonus over any sequence of partial refunds that ends in a full one', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 1, maxLength: 8 }), (bonus, parts) => {
      const order = parts.reduce((a, b) => a + b, 0);
      let refunded = 0;
      let released = 0;
      for (const part of parts) {
        const before = bonusReversedAfterRefund(bonus, refunded, order);
        refunded += part;
        released += bonusReversedAfterRefund(bonus, refunded, order) - before;
      }
      expect(released).toBe(bonus);
    }));
  });

  it('moves draft → open ⇄ paused → ended, and never out of ended', () => {
    expect(canMove('draft', 'open')).toBe(true);
    expect(canMove('open', 'paused')).toBe(true);
    expect(canMove('paused', 'open')).toBe(true);
    expect(canMove('paused', 'ended')).toBe(true);
    expect(canMove('ended', 'open')).toBe(false);
    expect(canMove('draft', 'paused')).toBe(false);
  });

  it('lists every problem of a body with its field', () => {
    try {
      checkCampaignInput({ brandId: '1', title: '', startsAt: 'soon', endsAt: '2026-12-01T00:00:00Z', currency: 'EUR', spendCap: 100, promoCode: 'ab' });
      expect.unreachable();
    } catch (error) {
      const problems = (error as { details: { problems: { field: string }[] } }).details.problems.map((p) => p.field);
      expect(problems).toEqual(['title', 'startsAt', 'bonusRateBps', 'promoCode']);
    }
    expect(checkCampaignInput({ brandId: '1', title: ' Go ', startsAt: '2026-12-01T00:00:00Z', endsAt: '2026-12-02T00:00:00Z', currency: 'EUR', spendCap: 100, bonusFee: 50, promoCode: 'go26' }))
      .toMatchObject({ title: 'Go', promoCode: 'GO26', bonus: { kind: 'fee', amount: 50 }, status: 'draft', productIds: null });
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSecretBox } from '../../core/shared/secret-box.ts';
import { DEFAULT_EXPOSURE_WEIGHTS } from '../../core/tiers/exposure.ts';
import { pickTier } from '../../core/tiers/tiers.ts';
import { assignTiers } from '../../core/tiers/tiers.service.ts';
import { createTierStore, listTiers } from '../../db/tiers.repository.ts';
import { factories } from '../factories/index.ts';
import { manualClock } from '../support/manual-clock.ts';
import { TEST_CALLER, recordingNotifier } from '../support/money.ts';
import { createTestDatabase } from '../support/postgres.ts';

const DAY = 86_400_000;

describe('nightly tier assignment in SQL', () => {
  it('picks for every influencer exactly the tier core/tiers/tiers.ts pickTier picks (property, a fresh database per run)', async () => {
    const tierArb = fc.record({ minClicks30d: fc.nat(40), minSales30d: fc.nat(4), minExposure30d: fc.nat(500), multiplierBps: fc.integer({ min: 5000, max: 20_000 }) });
    const influencerArb = fc.record({
      clicksInWindow: fc.nat(50), clicksBefore: fc.nat(50), salesInWindow: fc.nat(5), reversedSales: fc.nat(2), pinned: fc.boolean(),
    });
    await fc.assert(fc.asyncProperty(fc.array(tierArb, { minLength: 1, maxLength: 5 }), fc.array(influencerArb, { minLength: 1, maxLength: 6 }), async (tierSpecs, people) => {
      const database = await createTestDatabase();
      try {
        const db = database.db;
        const clock = manualClock(new Date('2026-12-01T02:30:00Z'));
        const make = factories(db, createSecretBox('test-secret-key-test-secret-key-0000'));
        for (const [i, spec] of tierSpecs.entries()) await make.tier({ name: `T${i}`, ...spec });
        const vendor = await make.vendor();
        const brand = await make.brand(vendor.id);
        const product = await make.product(brand);
        const stats = new Map<string, { clicks30d: number; sales30d: number; exposure30d: number; pinned: boolean }>();
        for (const p of people) {
          const influencer = await make.influencer();
          const link = await make.link(influencer.id, product.id);
          const rollup = (daysAgo: number, n: number) => ({
            day: new Date(clock.now().getTime() - daysAgo * DAY).toISOString().slice(0, 10), link_id: link.id, influencer_id: influencer.id,
            product_id: product.id, clicks_total: n, clicks_counted: n,
          });
          await db.insertInto('click_rollups_daily').values([rollup(29, p.clicksInWindow), rollup(31, p.clicksBefore)]).execute();
          const sales = [
            ...Array.from({ length: p.salesInWindow }, () => ({ status: 'approved' as const, daysAgo: 3 })),
            ...Array.from({ length: p.reversedSales }, () => ({ status: 'reversed' as const, daysAgo: 3 })),
            { status: 'approved' as const, daysAgo: 40 },
          ];
          for (const [i, s] of sales.entries()) {
            const conversion = await db.insertInto('conversions').values({
              vendor_id: vendor.id, order_id: `${influencer.id}-${i}`, influencer_id: influencer.id, amount: 1000, currency: 'EUR', status: 'attributed',
              occurred_at: clock.now(), request_hash: 'x', response: '{}',
            }).returning('id').executeTakeFirstOrThrow();
            const at = new Date(clock.now().getTime() - s.daysAgo * DAY);
            await db.insertInto('commissions').values({
              conversion_id: conversion.id, influencer_id: influencer.id, brand_id: brand.id, base_amount: 100, amount: 100, currency: 'EUR',
              rate_bps: 1000, base_rate_bps: 1000, status: s.status, approves_at: at, approved_at: at,
            }).execute();
          }
          if (p.pinned) await db.updateTable('influencers').set({ tier_pinned: true }).where('id', '=', influencer.id).execute();
          stats.set(influencer.id, { clicks30d: p.clicksInWindow, sales30d: p.salesInWindow, exposure30d: p.clicksInWindow * DEFAULT_EXPOSURE_WEIGHTS.clicks, pinned: p.pinned });
        }

        await assignTiers({ store: createTierStore(db), clock, notifier: recordingNotifier() }, TEST_CALLER);
        const tiers = await listTiers(db);
        const assigned = await db.selectFrom('influencers').select(['id', 'tier_id']).execute();
        for (const row of assigned) {
          const s = stats.get(row.id)!;
          expect(row.tier_id, JSON.stringify({ s, tiers })).toBe(s.pinned ? null : (pickTier(tiers, s)?.id ?? null));
        }
      } finally {
        await database.close();
      }
    }), { seed: 4242, numRuns: 12 });
  }, 60_000);
});

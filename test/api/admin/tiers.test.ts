import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { factories } from '../../factories/index.ts';
import { createTestApp, type TestApp } from '../../support/app.ts';
import { storeClick } from '../../support/clicks.ts';
import { manualClock } from '../../support/manual-clock.ts';
import { recordingNotifier, sellThrough } from '../../support/money.ts';
import { adminClient, type AdminClient } from './admin-client.ts';

const clock = manualClock(new Date('2026-12-01T02:30:00Z'));
const notifier = recordingNotifier();
let t: TestApp;
let admin: AdminClient;
let make: ReturnType<typeof factories>;

beforeAll(async () => {
  t = await createTestApp({ clock, notifier });
  admin = await adminClient(t, 'manager');
  make = factories(t.database.db, t.deps.secretBox);
});
afterAll(async () => { await t?.close(); });

/** A DELETE answers 204 with no body: only its status is read. */
async function del(url: string): Promise<number> {
  return (await t.app.inject({ method: 'DELETE', url: `/api/v1/admin${url}`, headers: { authorization: `Bearer ${admin.token}` } })).statusCode;
}

async function countedClicks(link: { id: string; influencer_id: string; product_id: string }, n: number) {
  for (let i = 0; i < n; i++) await storeClick(t.database.db, link, { clickedAt: clock.now() });
  await t.database.db.insertInto('click_rollups_daily').values({
    day: clock.now().toISOString().slice(0, 10), link_id: link.id, influencer_id: link.influencer_id, product_id: link.product_id, clicks_total: n, clicks_counted: n,
  }).execute();
}

describe('tiers', () => {
  it('lets admins define, change and delete tiers, refusing bad and duplicate ones', async () => {
    const created = await admin.call('POST', '/tiers', { name: 'Rookie', minClicks30d: 0, minSales30d: 0, multiplierBps: 10000 });
    expect(created.status).toBe(201);
    expect(created.json).toEqual({ id: expect.any(String), name: 'Rookie', minClicks30d: 0, minSales30d: 0, minExposure30d: 0, multiplierBps: 10000 });
    expect((await admin.call('POST', '/tiers', { name: 'Rookie', minClicks30d: 1, minSales30d: 0, multiplierBps: 10000 })).status).toBe(409);
    const bad = await admin.call('POST', '/tiers', { name: 'X', minClicks30d: -1, minSales30d: 0, multiplierBps: 200_000 });
    expect(bad.status).toBe(400);
    expect(bad.json.error.details.map((d: { field: string }) => d.field).sort()).toEqual(['minClicks30d', 'multiplierBps']);

    const changed = await admin.call('PATCH', `/tiers/${created.json.id}`, { multiplierBps: 10500 });
    expect(changed.json).toMatchObject({ name: 'Rookie', multiplierBps: 10500 });
    expect((await admin.call('PATCH', '/tiers/99999', { multiplierBps: 1 })).status).toBe(404);
    expect((await admin.call('GET', '/tiers')).json.items).toContainEqual(changed.json);

    const unused = await admin.call('POST', '/tiers', { name: 'Temporary', minClicks30d: 9, minSales30d: 9, multiplierBps: 9000 });
    expect(await del(`/tiers/${unused.json.id}`)).toBe(204);
    expect(await del(`/tiers/${unused.json.id}`)).toBe(404);
    const support = await adminClient(t, 'support');
    expect((await support.call('POST', '/tiers', { name: 'Nope', minClicks30d: 0, minSales30d: 0, multiplierBps: 1 })).status).toBe(403);
  });

  it('assigns tiers nightly from the last 30 days, announces changes once, honours pins, and stores the tier on commissions', async () => {
    const silver = (await admin.call('POST', '/tiers', { name: 'Silver', minClicks30d: 5, minSales30d: 1, multiplierBps: 12000 })).json;
    const vendor = await make.vendor();
    const product = await make.product(await make.brand(vendor.id, { commissionRateBps: 1000, lockDays: 0 }));
    const ana = await make.influencer();
    const ben = await make.influencer();
    const anaLink = await make.link(ana.id, product.id);
    await countedClicks(anaLink, 6);
    await sellThrough(t.database.db, clock, { vendorId: vendor.id, link: anaLink, orderId: 'T-1', amount: 10_000, currency: 'EUR' });
    await admin.call('POST', '/commissions/approvals');

    const night = await admin.call('POST', '/tiers/assignments');
    expect(night.json.changes).toContainEqual({ influencerId: ana.id, from: null, to: { id: silver.id, name: 'Silver', multiplierBps: 12000 } });
    expect(night.json.changes).toContainEqual(expect.objectContaining({ influencerId: ben.id, to: expect.objectContaining({ name: 'Rookie' }) }));
    expect((await admin.call('POST', '/tiers/assignments')).json).toEqual({ changed: 0, changes: [] });
    expect(notifier.of('tier_changed').filter((n) => n.influencerId === ana.id)).toEqual([
      { kind: 'tier_changed', influencerId: ana.id, fromTier: null, toTier: 'Silver', multiplierBps: 12000 },
    ]);

    // A sale now earns Silver's ×1.2, and the commission keeps it whatever happens to the tier later.
    const sale = await sellThrough(t.database.db, clock, { vendorId: vendor.id, link: anaLink, orderId: 'T-2', amount: 10_000, currency: 'EUR' });
    expect(sale.commission).toMatchObject({ amount: 1200, rateBps: 1200 });

    // Pinned to Rookie by hand: announced; the nightly run leaves it there.
    const rookie = (await admin.call('GET', '/tiers')).json.items.find((x: { name: string }) => x.name === 'Rookie');
    const pinned = await admin.call('PUT', `/influencers/${ana.id}/tier`, { tierId: rookie.id });
    expect(pinned.json).toEqual({ influencerId: ana.id, from: { id: silver.id, name: 'Silver' }, to: { id: rookie.id, name: 'Rookie', multiplierBps: 10500 } });
    expect((await admin.call('POST', '/tiers/assignments')).json.changes.find((c: { influencerId: string }) => c.influencerId === ana.id)).toBeUndefined();

    // Thirty days on, without clicks: unpinned, the night puts Ana back among the Rookies (where she is: no change).
    clock.advanceDays(31);
    expect(await del(`/influencers/${ana.id}/tier/pin`)).toBe(204);
    expect((await admin.call('POST', '/tiers/assignments')).json.changes.find((c: { influencerId: string }) => c.influencerId === ana.id)).toBeUndefined();
    const commission = await t.database.db.selectFrom('commissions').select(['tier_id', 'tier_multiplier_bps']).where('id', '=', sale.commission!.id).executeTakeFirstOrThrow();
    expect(commission).toEqual({ tier_id: silver.id, tier_multiplier_bps: 12000 });
    expect(await del(`/tiers/${silver.id}`)).toBe(409);
    expect((await admin.call('PUT', '/influencers/99999/tier', { tierId: rookie.id })).status).toBe(404);
  });
});

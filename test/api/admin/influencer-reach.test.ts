import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { autopostStore } from '../../../db/autopost.repository.ts';
import { factories } from '../../factories/index.ts';
import { createTestApp, type TestApp } from '../../support/app.ts';
import { manualClock } from '../../support/manual-clock.ts';
import { adminClient, type AdminClient } from './admin-client.ts';

// The console's reach card: an influencer's 30-day exposure, source by source, with the default weights.

const clock = manualClock(new Date('2026-12-10T12:00:00Z'));
let t: TestApp;
let support: AdminClient;
let make: ReturnType<typeof factories>;

beforeAll(async () => {
  t = await createTestApp({ clock });
  support = await adminClient(t, 'support');
  make = factories(t.database.db, t.deps.secretBox);
});
afterAll(async () => { await t?.close(); });

/** A chat of `members` where the bot's post for the influencer ended `status` at `at`. */
async function chatWithPost(influencerId: string, telegramChatId: string, members: number, status: 'posted' | 'failed', at: Date) {
  const store = autopostStore(t.database.db);
  const chat = await store.upsertChat({ influencerId, telegramChatId, chatType: 'channel', title: `Chat ${telegramChatId}`, timeZone: 'Europe/Warsaw' });
  await store.saveMemberCount(chat.id, members, at);
  const postId = await store.claimSlot(chat.id, at);
  await store.finishPost(postId!, status === 'posted' ? { status, messageId: '1', postedAt: at } : { status });
}

describe('GET /api/v1/admin/influencers/:id/reach', () => {
  it('counts the last 30 days only, weighs each source and adds them up', async () => {
    const influencer = await make.influencer();
    const vendor = await make.vendor();
    const product = await make.product(await make.brand(vendor.id));
    const link = await make.link(influencer.id, product.id);
    const db = t.database.db;
    const rollup = (day: string, counted: number) => ({ day, link_id: link.id, influencer_id: influencer.id, product_id: product.id, clicks_total: counted + 3, clicks_counted: counted });
    // 4 + 3 counted clicks in the window; the 5 of the day before it do not count, nor the uncounted ones.
    await db.insertInto('click_rollups_daily').values([rollup('2026-12-09', 4), rollup('2026-11-10', 3), rollup('2026-11-09', 5)]).execute();
    await db.insertInto('exposure_daily').values([
      { influencer_id: influencer.id, day: '2026-12-01', kind: 'deal_page_view', views: 13 },
      { influencer_id: influencer.id, day: '2026-11-10', kind: 'storefront_view', views: 4 },
      { influencer_id: influencer.id, day: '2026-11-09', kind: 'deal_page_view', views: 100 },
    ]).execute();
    // One chat posted to in the window; one where the post failed; one posted to only before the window.
    await chatWithPost(influencer.id, '-1001', 2345, 'posted', new Date('2026-12-05T08:00:00Z'));
    await chatWithPost(influencer.id, '-1002', 50_000, 'failed', new Date('2026-12-06T08:00:00Z'));
    await chatWithPost(influencer.id, '-1003', 70_000, 'posted', new Date('2026-11-01T08:00:00Z'));

    const response = await support.call('GET', `/influencers/${influencer.id}/reach`);
    expect(response.status, JSON.stringify(response.json)).toBe(200);
    expect(response.json).toEqual({
      fromDay: '2026-11-10',
      counts: { clicks: 7, dealPageViews: 13, storefrontViews: 4, channelsPosted: 1, audience: 2345 },
      weights: { clicks: 10, dealPageViews: 2, storefrontViews: 2, channelsPosted: 50, audience: 10 },
      // 2,345 members at 10 per 1,000 are 23.45 points, rounded down.
      points: { clicks: 70, dealPageViews: 26, storefrontViews: 8, channelsPosted: 50, audience: 23 },
      total: 177,
    });
  });

  it('is all zeros for an influencer with no reach, a 404 for an unknown one, and closed to vendor accounts', async () => {
    const quiet = await make.influencer();
    const response = await support.call('GET', `/influencers/${quiet.id}/reach`);
    expect(response.status).toBe(200);
    expect(response.json.total).toBe(0);
    expect(response.json.counts).toEqual({ clicks: 0, dealPageViews: 0, storefrontViews: 0, channelsPosted: 0, audience: 0 });

    expect((await support.call('GET', '/influencers/999999999/reach')).status).toBe(404);
    const vendor = await make.vendor();
    const vendorAccount = await adminClient(t, 'vendor', vendor.id);
    expect((await vendorAccount.call('GET', `/influencers/${quiet.id}/reach`)).status).toBe(403);
  });
});

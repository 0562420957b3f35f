import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translator } from '../../../core/i18n/translator.ts';
import { assignTiers } from '../../../core/tiers/tiers.service.ts';
import { createTierStore } from '../../../db/tiers.repository.ts';
import { createEngineHarness, type EngineHarness } from '../../support/bot-engine.ts';
import { manualClock } from '../../support/manual-clock.ts';
import { TEST_CALLER, recordingNotifier } from '../../support/money.ts';

const clock = manualClock(new Date('2026-12-10T12:00:00Z'));
const DAY = 86_400_000;
const dayAgo = (n: number) => new Date(clock.now().getTime() - n * DAY).toISOString().slice(0, 10);
let h: EngineHarness;

beforeAll(async () => { h = await createEngineHarness({ clock }); });
afterAll(async () => { await h?.close(); });

/** Counted clicks, deal-page and storefront views, and a Telegram chat the bot posted to, on given days. */
async function reachOf(influencerId: string, o: { clicks: number; dealPageViews: number; storefrontViews: number; members: number; daysAgo: number }) {
  const { db } = h.database;
  const vendor = await h.make.vendor();
  const brand = await h.make.brand(vendor.id);
  const product = await h.make.product(brand);
  const link = await h.make.link(influencerId, product.id);
  await db.insertInto('click_rollups_daily').values({
    day: dayAgo(o.daysAgo), link_id: link.id, influencer_id: influencerId, product_id: product.id, clicks_total: o.clicks + 7, clicks_counted: o.clicks,
  }).execute();
  await db.insertInto('exposure_daily').values([
    { influencer_id: influencerId, day: dayAgo(o.daysAgo), kind: 'deal_page_view', views: o.dealPageViews },
    { influencer_id: influencerId, day: dayAgo(o.daysAgo), kind: 'storefront_view', views: o.storefrontViews },
  ]).execute();
  const chat = await db.insertInto('autopost_chats').values({
    influencer_id: influencerId, telegram_chat_id: `-100${influencerId}${o.daysAgo}`, chat_type: 'channel', title: 'Deals PL', member_count: o.members,
  }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('autopost_posts').values({
    chat_id: chat.id, slot_at: new Date(clock.now().getTime() - o.daysAgo * DAY), status: 'posted', product_id: product.id, link_id: link.id,
    posted_at: new Date(clock.now().getTime() - o.daysAgo * DAY),
  }).execute();
}

describe('reach in /stats and in tiers', () => {
  it('shows the last 30 days\' exposure points and what each source is worth, in the influencer\'s language', async () => {
    const sender = 'reach-pl';
    const influencerId = await h.register(sender, { language: 'pl', country: 'PL' });
    await reachOf(influencerId, { clicks: 40, dealPageViews: 25, storefrontViews: 5, members: 12_500, daysAgo: 3 });
    // Older than the tier window: not part of the reach.
    await reachOf(influencerId, { clicks: 500, dealPageViews: 500, storefrontViews: 500, members: 90_000, daysAgo: 40 });

    const pl = translator('pl');
    const stats = (await h.say(sender, '/stats'))[0]!.text;
    // 40 × 10 + 25 × 2 + 5 × 2 + 1 chat × 50 + 12,500 members × 10 / 1,000 = 635 points.
    expect(stats).toContain(pl.t('stats.reach', { count: 635 }));
    expect(stats).toContain('635 punktów');
    expect(stats).toContain(pl.t('stats.reachWeights', { click: 10, dealPage: 2, storefront: 2, channel: 50, audience: 10 }));

    // An admin's new weights show at the next /stats.
    await h.database.db.insertInto('platform_settings').values({
      key: 'exposure_weights', value: JSON.stringify({ clicks: 5, dealPageViews: 1, storefrontViews: 1, channelsPosted: 0, audience: 0 }), updated_at: clock.now(), updated_by: 'test',
    }).execute();
    const again = (await h.say(sender, '/stats 7d'))[0]!.text;
    expect(again).toContain(pl.t('stats.reach', { count: 230 }));
    await h.database.db.deleteFrom('platform_settings').where('key', '=', 'exposure_weights').execute();
  });

  it('leaves reach out for someone with none, and gives a tier only when its exposure threshold is met', async () => {
    const quiet = 'reach-none';
    await h.register(quiet, { language: 'fr' });
    expect((await h.say(quiet, '/stats'))[0]!.text).not.toContain('⭐');

    const near = await h.register('reach-near', { language: 'en' });
    const far = await h.register('reach-far', { language: 'en' });
    await reachOf(near, { clicks: 10, dealPageViews: 0, storefrontViews: 0, members: 0, daysAgo: 1 }); // 100 + 50 = 150 points
    await reachOf(far, { clicks: 10, dealPageViews: 100, storefrontViews: 0, members: 5_000, daysAgo: 1 }); // 100 + 200 + 50 + 50 = 400 points
    const tier = await h.make.tier({ name: 'Wide reach', minClicks30d: 10, minExposure30d: 400, multiplierBps: 11_000 });
    await assignTiers({ store: createTierStore(h.database.db), clock, notifier: recordingNotifier() }, TEST_CALLER);
    const held = await h.database.db.selectFrom('influencers').select(['id', 'tier_id']).where('id', 'in', [near, far]).execute();
    expect(Object.fromEntries(held.map((r) => [r.id, r.tier_id]))).toEqual({ [near]: null, [far]: tier.id });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { factories } from '../factories/index.ts';
import { startConsoleWorld, type ConsoleWorld } from '../support/console.ts';

// The influencer page's reach card: the 30-day exposure points and what each source adds.

let world: ConsoleWorld;
beforeAll(async () => { world = await startConsoleWorld(); });
afterAll(async () => { await world?.close(); });

describe('the reach card on the influencer page', () => {
  it('shows the total and each source line, and an empty state for an influencer with no reach', async () => {
    const db = world.t.database.db;
    const make = factories(db, world.t.deps.secretBox);
    const influencer = await make.influencer({ displayName: 'Ola Okazje' });
    const quiet = await make.influencer({ displayName: 'Cichy Tomek' });
    const product = await make.product(await make.brand((await make.vendor()).id));
    const link = await make.link(influencer.id, product.id);
    const today = new Date().toISOString().slice(0, 10);
    await db.insertInto('click_rollups_daily').values({ day: today, link_id: link.id, influencer_id: influencer.id, product_id: product.id, clicks_total: 4, clicks_counted: 3 }).execute();
    await db.insertInto('exposure_daily').values({ influencer_id: influencer.id, day: today, kind: 'deal_page_view', views: 5 }).execute();

    const { page } = await world.signedInPage('support');
    await page.goto(`${world.origin}/console/influencers/${influencer.id}`);
    const card = page.getByRole('region', { name: 'Reach (30 days)' });
    // 3 clicks at 10 and 5 deal-page views at 2.
    await card.getByText('40 exposure points').waitFor();
    const clicks = card.getByRole('row', { name: /Counted clicks/ });
    expect(await clicks.getByRole('cell').allInnerTexts()).toEqual(['Counted clicks', '3', '10', '30']);
    expect(await card.getByRole('row', { name: /Members of those chats/ }).getByRole('cell').allInnerTexts()).toEqual(['Members of those chats', '0', '10 per 1,000', '0']);

    await page.goto(`${world.origin}/console/influencers/${quiet.id}`);
    await page.getByRole('region', { name: 'Reach (30 days)' })
      .getByText('No reach in the last 30 days: no counted clicks, page views or autopost posts.').waitFor();
  });
});

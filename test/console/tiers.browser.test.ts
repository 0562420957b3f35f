import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { factories } from '../factories/index.ts';
import { startConsoleWorld, type ConsoleWorld } from '../support/console.ts';

let world: ConsoleWorld;
beforeAll(async () => {
  world = await startConsoleWorld();
  const make = factories(world.t.database.db, world.t.deps.secretBox);
  await make.tier({ name: 'Gold partners', minClicks30d: 500, multiplierBps: 12_500 });
});
afterAll(async () => { await world?.close(); });

describe('the tiers, read by two pages in one visit', () => {
  // Both pages read the tiers list; they once cached it in two shapes under one key, so the
  // second page opened in a session broke.
  it('the Tiers page, then the Influencers page and back, each show the tier', async () => {
    const { page } = await world.signedInPage('admin');
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));

    await page.getByRole('navigation').getByRole('link', { name: 'Tiers', exact: true }).click();
    await page.getByText('Gold partners').first().waitFor();

    await page.getByRole('navigation').getByRole('link', { name: 'Influencers', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Influencers' }).waitFor();
    await expect.poll(() => page.getByLabel('Tier').locator('option').allInnerTexts()).toContain('Gold partners');

    await page.getByRole('navigation').getByRole('link', { name: 'Tiers', exact: true }).click();
    await page.getByText('Gold partners').first().waitFor();
    expect(errors).toEqual([]);
  });

  it('lets an admin change an exposure weight, kept after a reload and used by the API', async () => {
    const { page } = await world.signedInPage('admin');
    await page.getByRole('navigation').getByRole('link', { name: 'Tiers', exact: true }).click();
    const perChannel = page.getByLabel('Points per Telegram chat posted to');
    await expect.poll(() => perChannel.inputValue()).toBe('50');
    await perChannel.fill('80');
    await page.getByRole('region', { name: 'Exposure weights' }).getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved. The next assignment and every /stats use these weights.').waitFor();
    await page.reload();
    await expect.poll(() => page.getByLabel('Points per Telegram chat posted to').inputValue()).toBe('80');
    const row = await world.t.database.db.selectFrom('platform_settings').select('value').where('key', '=', 'exposure_weights').executeTakeFirstOrThrow();
    expect(row.value).toMatchObject({ channelsPosted: 80, clicks: 10 });

    // A bad weight is refused in the page, before anything is sent.
    await page.getByLabel('Points per counted click').fill('-3');
    await page.getByRole('region', { name: 'Exposure weights' }).getByRole('button', { name: 'Save' }).click();
    await page.getByText('Each weight is a whole number from 0 to 10,000.').waitFor();
  });
});

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
});

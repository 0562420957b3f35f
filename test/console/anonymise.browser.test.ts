import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { factories } from '../factories/index.ts';
import { startConsoleWorld, type ConsoleWorld } from '../support/console.ts';

// A person who wrote to the team to be erased: an admin anonymises them from their page, after
// a confirmation. Managers do not get the button.

let world: ConsoleWorld;
let influencerId: string;

beforeAll(async () => {
  world = await startConsoleWorld();
  const make = factories(world.t.database.db, world.t.deps.secretBox);
  influencerId = (await make.influencer({ displayName: 'Katarzyna Erasure', country: 'PL' })).id;
});
afterAll(async () => { await world?.close(); });

describe('anonymising from the influencer page', () => {
  it('is not offered to a manager', async () => {
    const { page } = await world.signedInPage('manager');
    await page.goto(`${world.origin}/console/influencers/${influencerId}`);
    await page.getByRole('button', { name: 'Suspend' }).waitFor();
    expect(await page.getByRole('button', { name: 'Anonymise…' }).count()).toBe(0);
  });

  it('asks first, then erases the person and shows them as deleted', async () => {
    const { page } = await world.signedInPage('admin');
    await page.goto(`${world.origin}/console/influencers/${influencerId}`);
    await page.getByRole('button', { name: 'Anonymise…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Anonymise Katarzyna Erasure' });
    await expect(dialog.innerText()).resolves.toMatch(/cannot be undone/);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    const unchanged = await world.t.database.db.selectFrom('influencers').select('status').where('id', '=', influencerId).executeTakeFirstOrThrow();
    expect(unchanged.status).toBe('active');

    await page.getByRole('button', { name: 'Anonymise…' }).click();
    await dialog.getByRole('button', { name: 'Anonymise for good' }).click();
    await page.getByRole('heading', { name: 'Deleted user' }).waitFor();
    await expect.poll(() => page.getByRole('region', { name: 'Standing' }).innerText()).toContain('Deleted');
    expect(await page.getByRole('button', { name: 'Anonymise…' }).count()).toBe(0);
    const row = await world.t.database.db.selectFrom('influencers').select(['display_name', 'country', 'status']).where('id', '=', influencerId).executeTakeFirstOrThrow();
    expect(row).toEqual({ display_name: 'Deleted user', country: null, status: 'deleted' });
  });
});

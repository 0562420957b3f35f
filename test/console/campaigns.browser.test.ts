import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { factories } from '../factories/index.ts';
import { startConsoleWorld, type ConsoleWorld } from '../support/console.ts';

let world: ConsoleWorld;
beforeAll(async () => { world = await startConsoleWorld(); });
afterAll(async () => { await world?.close(); });

describe('the campaigns page of a vendor', () => {
  it('creates a campaign, lists it with its bonus and cap, pauses it, and shows the problems of a bad one', async () => {
    const make = factories(world.t.database.db, world.t.deps.secretBox);
    const vendor = await make.vendor();
    await make.brand(vendor.id, { name: 'Lumio' });
    const other = await make.vendor();
    const foreignBrand = await make.brand(other.id, { name: 'Foreign' });
    await world.t.database.db.insertInto('campaigns').values({
      vendor_id: other.id, brand_id: foreignBrand.id, title: 'Not yours', starts_at: new Date(), ends_at: new Date(Date.now() + 86_400_000),
      bonus_rate_bps: 100, currency: 'EUR', spend_cap: 1000, status: 'open', created_by: 'test',
    }).execute();
    const { page } = await world.signedInPage('vendor', { vendorId: vendor.id });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));

    await page.getByRole('navigation').getByRole('link', { name: 'Campaigns', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Campaigns' }).waitFor();

    // A bad campaign first: the API's problems are listed under the form.
    await page.getByRole('button', { name: 'New campaign' }).click();
    await page.locator('select[name=brandId]').selectOption({ label: 'Lumio' });
    await page.locator('input[name=spendCap]').fill('0');
    await page.getByRole('button', { name: 'Create campaign' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/title[\s\S]*spendCap|spendCap[\s\S]*title/);

    await page.locator('input[name=title]').fill('Winter push');
    await page.locator('input[name=spendCap]').fill('250');
    await page.locator('input[name=promoCode]').fill('winter');
    await page.getByRole('button', { name: 'Create campaign' }).click();
    const row = page.getByRole('row').filter({ hasText: 'Winter push' });
    await row.waitFor();
    expect(await row.textContent()).toContain('WINTER');
    expect(await row.textContent()).toContain('+5% per sale');
    expect(await row.textContent()).toMatch(/€0\.00 \/ €250\.00/);
    expect(await page.getByText('Not yours').count()).toBe(0);

    await row.getByRole('button', { name: 'Pause Winter push' }).click();
    await expect.poll(() => row.getByText('Paused').count()).toBe(1);
    expect(errors).toEqual([]);
  });
});

import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { factories } from '../factories/index.ts';
import { PHONE, startConsoleWorld, type ConsoleWorld } from '../support/console.ts';

// The catalog pages in a real browser: an admin creates a vendor (its secret shown once), a
// brand and a product through the forms, imports a CSV in chunks with a progress bar and the
// bad rows listed by line; a vendor account sees its own brands only and is told, in the API's
// words, when a rate is outside its limits.

const BROWSER_TEST_TIMEOUT = 120_000;
let world: ConsoleWorld;
let admin: Page;
const made: { vendorId?: string; brandSlug?: string } = {};

beforeAll(async () => {
  world = await startConsoleWorld();
  admin = (await world.signedInPage('admin')).page;
});
afterAll(async () => { await world?.close(); });

const db = () => world.t.database.db;

describe('catalog pages', () => {
  it('an admin creates a vendor and sees its signing secret once, then sets its rate limits', async () => {
    await admin.goto(`${world.origin}/console/vendors`);
    await admin.getByRole('button', { name: 'New vendor' }).click();
    await admin.getByRole('dialog').getByLabel(/^Name/).fill('Lumio Home Ltd');
    await admin.getByRole('button', { name: 'Create vendor' }).click();
    await expect.poll(() => admin.getByRole('alert').first().textContent()).toContain('shown this once');
    const secret = (await admin.getByLabel('Signing secret', { exact: true }).textContent())!.trim();
    const keyId = (await admin.getByLabel('Key id', { exact: true }).textContent())!.trim();
    expect(secret).toMatch(/^whsec_[0-9a-f]{64}$/);
    expect(await admin.getByRole('button', { name: 'Copy' }).count()).toBe(2);
    const stored = await db().selectFrom('vendors').selectAll().where('key_id', '=', keyId).executeTakeFirstOrThrow();
    expect(world.t.deps.secretBox.open(stored.secret_encrypted)).toBe(secret);
    made.vendorId = stored.id;

    await admin.getByRole('button', { name: 'I have stored it' }).click();
    const row = admin.getByRole('row').filter({ hasText: 'Lumio Home Ltd' });
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain(keyId);
    await expect(admin.content()).resolves.not.toContain(secret);

    await row.getByRole('button', { name: 'Rate limits' }).click();
    await admin.getByRole('dialog').getByLabel(/^Lowest rate/).fill('5');
    await admin.getByRole('dialog').getByLabel(/^Highest rate/).fill('20');
    await admin.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => row.textContent()).toContain('5% to 20%');
  }, BROWSER_TEST_TIMEOUT);

  it('an admin creates a brand and a product through the forms and sees them listed', async () => {
    await admin.goto(`${world.origin}/console/brands`);
    await admin.getByRole('button', { name: 'New brand' }).click();
    // A label's accessible name also carries its hint (and a select's chosen option): match its start.
    const brandForm = admin.getByRole('dialog');
    await brandForm.getByLabel(/^Vendor/).selectOption({ label: 'Lumio Home Ltd' });
    await brandForm.getByLabel(/^Name/).fill('Lumio');
    await brandForm.getByLabel(/^Commission rate/).fill('12.5');
    await brandForm.getByLabel(/^Pending for/).fill('14');
    await brandForm.getByRole('button', { name: 'Create brand' }).click();
    const brandRow = admin.getByRole('row').filter({ hasText: 'Lumio' }).filter({ hasText: '12.5%' });
    await brandRow.waitFor();
    await expect(brandRow.textContent()).resolves.toContain('14 days');
    made.brandSlug = (await db().selectFrom('brands').select('slug').where('vendor_id', '=', made.vendorId!).executeTakeFirstOrThrow()).slug;

    await admin.goto(`${world.origin}/console/products`);
    await admin.getByRole('button', { name: 'New product' }).click();
    const productForm = admin.getByRole('dialog');
    await productForm.getByLabel(/^Brand/).selectOption({ label: 'Lumio' });
    await productForm.getByLabel(/^SKU/).fill('LAMP-1');
    await productForm.getByLabel(/^Title/).fill('Desk lamp');
    await productForm.getByLabel(/^Product page/).fill('https://shop.example/lamp-1');
    await productForm.getByLabel(/^Price(?! before)/).fill('19.99');
    await productForm.getByRole('button', { name: 'Create product' }).click();
    const productRow = admin.getByRole('row').filter({ hasText: 'Desk lamp' });
    await productRow.waitFor();
    await expect(productRow.textContent()).resolves.toContain('€19.99');
    const product = await db().selectFrom('products').select(['price', 'currency']).where('sku', '=', 'LAMP-1').executeTakeFirstOrThrow();
    expect(product).toEqual({ price: '1999', currency: 'EUR' });
  }, BROWSER_TEST_TIMEOUT);

  it('imports a CSV of 500 rows in chunks: the bar reaches 500 of 500, the 3 bad rows are listed by line', async () => {
    const lines = ['brand,sku,title,url,price,currency'];
    for (let i = 1; i <= 500; i++) {
      const line = i + 1;
      const price = line === 51 ? '"1,50"' : '9.90';
      const url = line === 202 ? 'not-a-url' : `https://shop.example/imp-${i}`;
      const currency = line === 501 ? 'XXX' : 'EUR';
      lines.push(`${made.brandSlug},IMP-${i},Imported item ${i},${url},${price},${currency}`);
    }
    await admin.goto(`${world.origin}/console/products`);
    await admin.getByRole('button', { name: 'Import CSV' }).click();
    await admin.locator('input[name=csv]').setInputFiles({ name: 'catalog.csv', mimeType: 'text/csv', buffer: Buffer.from(`${lines.join('\r\n')}\r\n`) });
    await expect.poll(() => admin.getByText('500 of 500 rows').count(), { timeout: 60_000 }).toBe(1);
    const bar = admin.getByRole('progressbar', { name: 'Import progress' });
    await expect(bar.getAttribute('value')).resolves.toBe('500');
    await expect(bar.getAttribute('max')).resolves.toBe('500');
    await expect(admin.getByRole('status').filter({ hasText: 'Import finished' }).textContent()).resolves.toContain('3 rows were not stored');

    const errors = admin.getByRole('table', { name: 'Rows that were not imported' });
    const rows = await errors.locator('tbody tr').allInnerTexts();
    expect(rows).toHaveLength(3);
    expect(rows.map((r) => r.split(/\s+/)[0])).toEqual(['51', '202', '501']);
    expect(rows[0]).toMatch(/price.*comma/s);
    expect(rows[1]).toMatch(/url.*absolute http/s);
    expect(rows[2]).toMatch(/currency.*XXX/s);
    const count = await db().selectFrom('products').select((eb) => eb.fn.countAll<string>().as('n')).where('sku', 'like', 'IMP-%').executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(497);

    const [download] = await Promise.all([admin.waitForEvent('download'), admin.getByRole('button', { name: 'Download the failed rows (CSV)' }).click()]);
    const failed = fs.readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    expect(failed[0]).toBe('line,errors,brand,sku,title,url,price,currency');
    expect(failed.slice(1).map((l) => l.split(',')[0])).toEqual(['51', '202', '501']);
    expect(failed[2]).toContain('IMP-201');
  }, BROWSER_TEST_TIMEOUT);

  it('a vendor sees only its brands, with its limits, and is told by the API when a rate is outside them', async () => {
    const make = factories(db(), world.t.deps.secretBox);
    const other = await make.vendor({ name: 'Someone else' });
    await make.brand(other.id, { name: 'Not yours' });
    const { page } = await world.signedInPage('vendor', { vendorId: made.vendorId!, viewport: PHONE });
    await page.goto(`${world.origin}/console/brands`);
    await page.getByRole('button', { name: 'Change the rate of Lumio' }).waitFor();
    await expect(page.locator('main').textContent()).resolves.not.toContain('Not yours');
    await expect(page.locator('.brands-limits').first().textContent()).resolves.toContain('from 5% to 20%');
    // Usable at phone width: nothing runs off the side of the screen.
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width);

    await page.getByRole('button', { name: 'Change the rate of Lumio' }).click();
    await page.getByRole('dialog').getByLabel(/^Commission rate/).fill('25');
    await page.getByRole('button', { name: 'Set rate' }).click();
    await expect.poll(() => page.getByRole('dialog').getByRole('alert').textContent()).toContain("above this vendor's maximum rate (maxRateBps) of 2000 bps (20 %)");
    await page.getByRole('dialog').getByLabel(/^Commission rate/).fill('15');
    await page.getByRole('button', { name: 'Set rate' }).click();
    await expect.poll(() => page.getByRole('row').filter({ hasText: 'Lumio' }).textContent()).toContain('15%');
    const brand = await db().selectFrom('brands').select(['id', 'commission_rate_bps']).where('vendor_id', '=', made.vendorId!).executeTakeFirstOrThrow();
    expect(brand.commission_rate_bps).toBe(1500);
  }, BROWSER_TEST_TIMEOUT);

  it("a vendor approves an influencer's request to join its brand from the waiting badge", async () => {
    const make = factories(db(), world.t.deps.secretBox);
    const brand = await db().selectFrom('brands').select('id').where('vendor_id', '=', made.vendorId!).executeTakeFirstOrThrow();
    const zofia = await make.influencer({ displayName: 'Zofia Nowak', country: 'PL' });
    await db().insertInto('brand_memberships').values({ influencer_id: zofia.id, brand_id: brand.id, status: 'pending' }).execute();
    const { page } = await world.signedInPage('vendor', { vendorId: made.vendorId! });
    await page.goto(`${world.origin}/console/brands`);
    await page.getByRole('button', { name: 'Join requests of Lumio: 1 waiting' }).click();
    const panel = page.getByRole('dialog', { name: 'Join requests' });
    await panel.getByText('Zofia Nowak').waitFor();
    await panel.getByRole('button', { name: 'Approve Zofia Nowak' }).click();
    await expect.poll(() => panel.textContent()).toContain('Nobody is waiting');
    const membership = await db().selectFrom('brand_memberships').select('status').where('influencer_id', '=', zofia.id).executeTakeFirstOrThrow();
    expect(membership.status).toBe('approved');
    await expect.poll(() => page.getByRole('row').filter({ hasText: 'Lumio' }).textContent()).toContain('None waiting');
  }, BROWSER_TEST_TIMEOUT);
});

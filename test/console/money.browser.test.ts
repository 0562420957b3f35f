import fs from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildVendorWorld, type VendorWorld } from '../support/admin-world.ts';
import { PHONE, startConsoleWorld, type ConsoleWorld } from '../support/console.ts';

// The money pages in a real browser: an admin holds an order under review, sees approval leave
// it alone, releases it, approves it, pays it out and exports the payment file; support reads
// the same order without a single button that would change it.

let world: ConsoleWorld;
let sale: VendorWorld;
beforeAll(async () => {
  world = await startConsoleWorld();
  // A brand that locks for 0 days: the order's commission (10 % of 1,000.00 EUR) is matured at once.
  sale = await buildVendorWorld(world.t, 'money');
}, 60_000);
afterAll(async () => { await world?.close(); });

const detail = (page: Page) => page.getByRole('complementary', { name: `Order ${sale.conversion.orderId}` });
const commission = (page: Page) => detail(page).getByRole('listitem');

describe('the money pages', () => {
  it('hold, approval, release, approval, payout run, approval, payment and the CSV payment file', async () => {
    const { page } = await world.signedInPage('admin');
    await page.getByRole('link', { name: 'Conversions' }).click();
    await page.getByText(sale.conversion.orderId).click();
    await expect.poll(() => commission(page).innerText()).toContain('Pending');
    // Names, not ids: the row and the detail show the influencer (a link to them) and the link's code and group.
    const influencer = `Influencer ${sale.marker}`;
    await expect.poll(() => page.getByRole('row', { name: new RegExp(sale.conversion.orderId) }).getByRole('link', { name: influencer }).count()).toBe(1);
    expect(await detail(page).getByRole('link', { name: influencer }).getAttribute('href')).toBe(`/console/influencers/${sale.influencer.id}`);
    expect(await detail(page).innerText()).toContain(`${sale.link.code} · Group ${sale.marker}`);

    await detail(page).getByRole('button', { name: 'Hold' }).click();
    const dialog = page.getByRole('dialog', { name: 'Hold this order’s commissions' });
    await dialog.getByLabel('Reason').fill('velocity check: 30 orders in a minute');
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await expect.poll(() => detail(page).innerText()).toContain('On hold: velocity check: 30 orders in a minute');
    // The list says it too, with the reason.
    await expect.poll(() => page.getByRole('row', { name: new RegExp(sale.conversion.orderId) }).innerText()).toContain('velocity check');

    await page.getByRole('button', { name: 'Approve matured commissions now' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Nothing to approve' }).count()).toBe(1);
    await expect.poll(() => commission(page).innerText()).toMatch(/Pending[\s\S]*On hold since/);

    await commission(page).getByRole('button', { name: 'Release' }).click();
    await expect.poll(() => commission(page).innerText()).toContain('Lock period over');
    await page.getByRole('button', { name: 'Approve matured commissions now' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Approved 1 commissions' }).count()).toBe(1);
    await expect.poll(() => commission(page).innerText()).toContain('the next payout run takes it');

    await page.getByRole('link', { name: 'Payouts' }).click();
    await page.getByRole('button', { name: 'Run payouts now' }).click();
    await expect.poll(() => page.locator('.pay-run-result').innerText()).toContain('€100.00');
    const row = page.getByRole('row', { name: /€100\.00/ }).filter({ hasText: 'Awaiting approval' });
    await expect.poll(() => row.getByRole('link', { name: `Influencer ${sale.marker}` }).count()).toBe(1);
    await row.getByRole('button', { name: 'Approve' }).click();
    const approved = page.getByRole('row', { name: /€100\.00/ }).filter({ hasText: 'Approved, to pay' });
    await approved.getByRole('button', { name: 'Mark paid' }).click();
    const paid = page.getByRole('dialog', { name: /Mark payout \d+ paid/ });
    await paid.getByLabel('Payment reference').fill('SEPA-2026-12-02-7');
    await paid.getByRole('button', { name: 'Confirm' }).click();
    await expect.poll(() => page.getByRole('row').filter({ hasText: 'ref. SEPA-2026-12-02-7' }).innerText()).toMatch(/€100\.00[\s\S]*Paid/);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export CSV' }).click()]);
    const csv = await fs.readFile((await download.path())!, 'utf8');
    expect(download.suggestedFilename()).toMatch(/^payouts-.*\.csv$/);
    expect(csv).toContain(`,${sale.influencer.id},Influencer ${sale.marker},`);
    expect(csv).toMatch(/,EUR,100\.00,10000,paid,/);
  }, 90_000);

  it('support sees the order and its state, on a phone too, but no button that changes money', async () => {
    const { page } = await world.signedInPage('support', { viewport: PHONE });
    await page.goto(`${world.origin}/console/conversions?id=${sale.conversion.id}`);
    await expect.poll(() => commission(page).innerText()).toContain('Paid out in payout');
    await expect.poll(() => detail(page).innerText()).toContain('an admin or manager holds, releases or reverses it');
    for (const name of ['Hold', 'Release', 'Mark as fraud', 'Approve matured commissions now']) {
      expect(await page.getByRole('button', { name, exact: true }).count(), name).toBe(0);
    }
    // 390 px wide: nothing sticks out sideways.
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width);

    await page.goto(`${world.origin}/console/payouts`);
    await expect.poll(() => page.getByRole('row', { name: /€100\.00/ }).count()).toBeGreaterThan(0);
    for (const name of ['Run payouts now', 'Approve', 'Mark paid', 'Mark failed']) {
      expect(await page.getByRole('button', { name, exact: true }).count(), name).toBe(0);
    }
  }, 60_000);
});

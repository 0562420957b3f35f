import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { factories } from '../factories/index.ts';
import { storeClick } from '../support/clicks.ts';
import { PHONE, startConsoleWorld, type ConsoleWorld } from '../support/console.ts';
import { sendSigned } from '../support/vendor.ts';

// Support's question in the browser: "what happened to this influencer's sale?". Support finds the
// order, opens the influencer's money trail and reads it from click to the approval date; an
// admin suspends the influencer with a reason; support can neither see nor use that button.

let world: ConsoleWorld;
const seeded = {} as { influencerId: string; orderId: string; approvesAt: Date };

beforeAll(async () => {
  world = await startConsoleWorld();
  const make = factories(world.t.database.db, world.t.deps.secretBox);
  const vendor = await make.vendor({ name: 'Kettle Shop' });
  const brand = await make.brand(vendor.id, { name: 'Kettle Co', commissionRateBps: 1000, lockDays: 14 });
  const product = await make.product(brand, { title: 'Blue Kettle', currency: 'EUR', imageUrl: null });
  const gold = await make.tier({ name: 'Gold', multiplierBps: 12_500 });
  const influencer = await make.influencer({ displayName: 'Agnieszka Nowak', tierId: gold.id });
  const link = await make.link(influencer.id, product.id, { channel: 'telegram', groupLabel: 'Family chat' });
  const clickId = await storeClick(world.t.database.db, link, { clickedAt: new Date(Date.now() - 3_600_000) });
  seeded.orderId = 'KET-20261201-7';
  const response = await sendSigned(world.t.app, vendor.credentials, {
    method: 'POST', url: '/api/v1/conversions', body: { orderId: seeded.orderId, clickId, amount: 40_000, currency: 'EUR' },
  });
  expect(response.statusCode, response.body).toBe(202);
  seeded.influencerId = influencer.id;
  seeded.approvesAt = new Date(response.json().commission.approvesAt);
});
afterAll(async () => { await world?.close(); });

describe('support finds a sale and reads its money trail', () => {
  it('searches the order id on a phone, opens the money trail and sees click → order → commission (rate, tier) → approval date', async () => {
    const { page } = await world.signedInPage('support', { viewport: PHONE });
    await page.goto(`${world.origin}/console/support`);
    const box = page.getByRole('searchbox', { name: 'Search' });
    await box.waitFor();
    await expect.poll(() => page.evaluate('document.activeElement && document.activeElement.getAttribute("name")')).toBe('q');
    await box.fill(seeded.orderId);
    await box.press('Enter');

    const result = page.getByRole('list', { name: 'Find a sale' }).getByRole('listitem');
    await expect.poll(() => result.count()).toBe(1);
    await expect(result.innerText()).resolves.toMatch(/Order[\s\S]*KET-20261201-7[\s\S]*Agnieszka Nowak/);
    await page.getByRole('link', { name: `Open: Order ${seeded.orderId}` }).click();

    await expect.poll(() => new URL(page.url()).pathname).toBe(`/console/influencers/${seeded.influencerId}`);
    const searched = page.getByRole('region', { name: 'The order you looked for' }).getByRole('article', { name: `Order ${seeded.orderId}` });
    await searched.waitFor();
    const steps = searched.locator('.trail-step-title');
    await expect.poll(() => steps.allInnerTexts()).toEqual([
      'Click', 'Order reported', 'Commission', `Approves on ${new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium' }).format(seeded.approvesAt)}`,
    ]);
    const text = await searched.innerText();
    expect(text).toContain('Telegram link');
    expect(text).toContain('“Family chat”');
    expect(text).toContain('€400.00 at Kettle Shop');
    expect(text).toContain('€50.00 (€40.00 at the base rate)');
    expect(text).toMatch(/Rate 10% × 1\.25 \(Gold\) = 12\.5%/);
    expect(text).toContain('after the 14-day return period');
    // Usable at 390 px: nothing runs off the side of the screen.
    await expect.poll(() => page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width);
  });

  it('shows support no suspend button, and the API refuses support the suspension', async () => {
    const { page, context } = await world.signedInPage('support');
    await page.goto(`${world.origin}/console/influencers/${seeded.influencerId}`);
    await page.getByRole('heading', { name: 'Standing' }).waitFor();
    await page.getByText('Only admins and managers change a standing.').waitFor();
    expect(await page.getByRole('button', { name: 'Suspend' }).count()).toBe(0);

    const session = await (await context.request.get(`${world.origin}/api/v1/auth/session`)).json() as { csrfToken: string };
    const refused = await context.request.post(`${world.origin}/api/v1/admin/influencers/${seeded.influencerId}/suspend`, {
      headers: { 'x-csrf-token': session.csrfToken }, data: { reason: 'support should not do this' },
    });
    expect(refused.status()).toBe(403);
    expect((await refused.json()).error.code).toBe('forbidden');
  });

  it('lets an admin suspend with a reason, and shows the new standing and its audit entry', async () => {
    const { page } = await world.signedInPage('admin');
    await page.goto(`${world.origin}/console/influencers/${seeded.influencerId}`);
    await page.getByRole('button', { name: 'Suspend' }).click();
    const dialog = page.getByRole('dialog', { name: 'Suspend Agnieszka Nowak' });
    await dialog.getByLabel('Reason').fill('Orders from her own household');
    await dialog.getByRole('button', { name: 'Confirm' }).click();

    const standing = page.getByRole('region', { name: 'Standing' });
    await expect.poll(() => standing.innerText()).toContain('Suspended');
    await expect(standing.innerText()).resolves.toContain('Reason: Orders from her own household');
    expect(await page.getByRole('button', { name: 'Reinstate' }).count()).toBe(1);
    const history = page.getByRole('list', { name: 'History' });
    await expect.poll(() => history.innerText()).toMatch(/influencer\.suspend[\s\S]*Orders from her own household/);
    const row = await world.t.database.db.selectFrom('influencers').select(['status', 'status_reason']).where('id', '=', seeded.influencerId).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'suspended', status_reason: 'Orders from her own household' });
  });
});

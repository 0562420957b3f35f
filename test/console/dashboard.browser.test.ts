import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestClicks } from '../../queue/clicks.processor.ts';
import { factories } from '../factories/index.ts';
import { PHONE, startConsoleWorld, type ConsoleWorld } from '../support/console.ts';
import { sendSigned } from '../support/vendor.ts';

// The dashboard and the vendor's Results page in Chromium, on clicks stored by the click
// worker's ingestion and orders posted through the signed postback: two vendors, so that the
// vendor page can be seen to show its own influencers only.

const DAY = 86_400_000;
const BROWSER_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';
const today = Date.parse(`${new Date().toISOString().slice(0, 10)}T00:00:00Z`);
const at = (days: number, hours: number) => new Date(today + days * DAY + hours * 3_600_000);

let world: ConsoleWorld;
const ids = {} as { vendorA: string; ana: string };

beforeAll(async () => {
  world = await startConsoleWorld();
  const { t } = world;
  const make = factories(t.database.db, t.deps.secretBox);
  const a = await make.vendor({ name: 'Alpha Vendor' });
  const b = await make.vendor({ name: 'Bravo Vendor' });
  const shoes = await make.product(await make.brand(a.id, { name: 'Alpha Shoes' }), { title: 'Runner', imageUrl: null });
  const caps = await make.product(await make.brand(b.id, { name: 'Bravo Caps' }), { title: 'Cap', imageUrl: null });
  const ana = await make.influencer({ displayName: 'Ana Alpha', country: 'FR' });
  const ben = await make.influencer({ displayName: 'Ben Alpha', country: 'PL' });
  const cleo = await make.influencer({ displayName: 'Cleo Bravo', country: 'ES' });
  const anaLink = await make.link(ana.id, shoes.id, { groupLabel: 'Moms' });
  const benLink = await make.link(ben.id, shoes.id, { channel: 'whatsapp' });
  const cleoLink = await make.link(cleo.id, caps.id, { groupLabel: 'Caps club' });
  Object.assign(ids, { vendorA: a.id, ana: ana.id });

  let visitor = 0;
  const click = (link: typeof anaLink, when: Date, userAgent: string | null = BROWSER_UA) => ({
    id: uuidv7({ msecs: when.getTime() }), linkId: link.id, influencerId: link.influencer_id, productId: link.product_id,
    clickedAt: when.toISOString(), visitorId: `visitor-${++visitor}`, ipHash: null, userAgent, referer: null,
  });
  const clicks = [
    click(anaLink, at(-10, 9)), click(anaLink, at(-10, 10)), click(anaLink, at(-10, 11)), click(anaLink, at(-10, 12), null),
    click(anaLink, at(-2, 9)), click(anaLink, at(-2, 10)), click(anaLink, new Date(today + 1000)),
    click(benLink, at(-2, 11)),
    ...[1, 2, 3, 4].map((h) => click(cleoLink, at(-2, 12 + h))),
  ];
  expect(await ingestClicks(t.database.db, clicks)).toEqual({ inserted: 12, counted: 11 });
  const order = async (vendor: typeof a, orderId: string, clickId: string, amount: number, occurredAt: Date) => {
    const response = await sendSigned(t.app, vendor.credentials, {
      method: 'POST', url: '/api/v1/conversions', body: { orderId, clickId, amount, currency: 'EUR', occurredAt: occurredAt.toISOString() },
    });
    expect(response.statusCode, response.body).toBe(202);
  };
  await order(a, 'A-1', clicks[0]!.id, 10_000, at(-10, 15));
  await order(a, 'A-2', clicks[4]!.id, 5_000, at(-2, 15));
  await order(b, 'B-1', clicks[8]!.id, 7_000, at(-2, 18));
  // One commission under review: the dashboard's red badge.
  await t.database.db.updateTable('commissions').set({ held_at: new Date(), hold_reason: 'review', held_by: 'admin:1' }).where('influencer_id', '=', cleo.id).execute();
});
afterAll(async () => { await world?.close(); });

describe('the dashboard', () => {
  it('shows the figures of today and 30 days, charts them, follows the date filter, and opens an influencer from the leaderboard', async () => {
    const { page } = await world.signedInPage('admin');
    expect(new URL(page.url()).pathname).toBe('/console/dashboard');

    const held = page.getByRole('link', { name: 'Held commissions: 1' });
    await held.waitFor();
    await expect(held.getAttribute('href')).resolves.toBe('/console/conversions?held=1');
    const month = page.getByRole('region', { name: 'Last 30 days' });
    await expect.poll(() => month.getByRole('link', { name: /Counted clicks/ }).innerText()).toMatch(/Counted clicks\s+11\s+1 filtered out/);
    await expect(month.getByRole('link', { name: /Sales/ }).innerText()).resolves.toMatch(/220\.00.*Orders: 3/s);
    await expect(page.getByRole('region', { name: 'Today' }).getByRole('link', { name: /Counted clicks/ }).innerText()).resolves.toMatch(/Counted clicks\s+1\b/);

    // The chart draws on a canvas, and says its figures in its accessible name.
    const chart = page.getByRole('img', { name: /^Clicks by day from .*: 11 counted, 1 filtered out; busiest day .* with 7 counted\.$/ });
    await chart.waitFor();
    await expect(chart.locator('canvas').count()).resolves.toBe(1);
    const summary = page.getByRole('region', { name: 'Selected range' });
    await expect(summary.innerText()).resolves.toContain('Counted clicks: 11, filtered out: 1, orders: 3');

    // The last 7 days leave out day −10: the URL carries the range, and the numbers follow.
    await page.getByRole('button', { name: 'Last 7 days' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('from')).not.toBeNull();
    await expect.poll(() => summary.innerText()).toContain('Counted clicks: 8, filtered out: 0, orders: 2');
    await page.reload();
    await expect.poll(() => page.getByRole('region', { name: 'Selected range' }).innerText()).toContain('Counted clicks: 8');

    // A day of the orders chart opens that day's orders (the same filters carried).
    await page.getByRole('combobox', { name: /^Channel/ }).selectOption('telegram');
    await expect.poll(() => new URL(page.url()).searchParams.get('channel')).toBe('telegram');
    const orders = page.getByRole('region', { name: 'Orders by day' });
    await orders.getByText('Show the figures as a table').click();
    const day = new Date(today - 2 * DAY).toISOString().slice(0, 10);
    const dayLink = orders.getByRole('link', { name: new RegExp(`^${new Date(today - 2 * DAY).getUTCDate()} `) });
    await expect(dayLink.getAttribute('href')).resolves.toBe(`/console/conversions?from=${encodeURIComponent(`${day}T00:00:00.000Z`)}&to=${encodeURIComponent(new Date(today - DAY).toISOString())}&channel=telegram`);
    await page.getByRole('combobox', { name: /^Channel/ }).selectOption({ index: 0 });
    await expect.poll(() => new URL(page.url()).searchParams.get('channel')).toBeNull();

    const top = page.getByRole('region', { name: 'Top influencers' });
    // In these 7 days both have one order; Cleo's 4 counted clicks rank her above Ana's 3.
    await expect.poll(() => top.getByRole('row').nth(1).innerText()).toMatch(/^Cleo Bravo\s+4\s+1\s+25%/);
    await expect(top.getByRole('row').nth(2).innerText()).resolves.toMatch(/^Ana Alpha\s+3\s+1\s+33\.3%/);
    await top.getByRole('button', { name: 'Ana Alpha' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/console/influencers/${ids.ana}`);
  }, 90_000);

  it('has no horizontal page overflow on a 390 px phone', async () => {
    const { page } = await world.signedInPage('admin', { viewport: PHONE });
    await page.getByRole('img', { name: /^Clicks by day/ }).waitFor();
    await page.getByRole('region', { name: 'Top group labels' }).getByRole('table').waitFor();
    const width = await page.evaluate('document.scrollingElement.scrollWidth');
    expect(width).toBeLessThanOrEqual(390);
  });
});

describe("the vendor's Results page", () => {
  it('shows the influencers selling its own products only', async () => {
    const { page } = await world.signedInPage('vendor', { vendorId: ids.vendorA });
    expect(new URL(page.url()).pathname).toBe('/console/results');
    const sellers = page.getByRole('region', { name: 'Influencers selling your products' });
    await sellers.getByRole('table').waitFor();
    const text = await sellers.innerText();
    expect(text).toContain('Ana Alpha');
    expect(text).toContain('Ben Alpha');
    expect(text).not.toContain('Cleo');
    await expect(page.getByRole('region', { name: 'Selected range' }).innerText()).resolves.toContain('Counted clicks: 7, filtered out: 1, orders: 2');
    await expect(page.locator('body').innerText()).resolves.not.toContain('Bravo');
  });
});

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium, PHONE } from '../support/chromium.ts';
import { startClickWorker, type ClickWorker } from '../../queue/clicks.worker.ts';
import { factories } from '../factories/index.ts';
import { createTestApp, type TestApp } from '../support/app.ts';

// Headless Chromium names itself a bot ("HeadlessChrome"); the people here use the phone Chrome of the same engine.
const PHONE_CHROME_UA = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Mobile Safari/537.36';

/** Views are counted just after the page is sent; on a busy machine that can take a moment. */
const POLL = { timeout: 10_000, interval: 50 };

let t: TestApp;
let worker: ClickWorker;
let shop: http.Server;
let browser: Browser;
let appOrigin: string;
let shopOrigin: string;
let lampCode: string;
let lampLinkId: string;
let mugCode: string;
let influencerId: string;

beforeAll(async () => {
  shop = http.createServer((request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(`<!doctype html><title>Shop</title><h1 id="landed">${encodeURI(request.url ?? '')}</h1>`);
  });
  await new Promise<void>((resolve) => shop.listen(0, '127.0.0.1', resolve));
  shopOrigin = `http://127.0.0.1:${(shop.address() as AddressInfo).port}`;

  t = await createTestApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  appOrigin = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  worker = await startClickWorker({ connection: t.redis, prefix: t.prefix, db: t.database.db, logger: t.deps.logger });

  const make = factories(t.database.db, t.deps.secretBox);
  const brand = await make.brand((await make.vendor()).id, { name: 'Lumio' });
  const lamp = await make.product(brand, { title: 'Smart desk lamp', price: 2999, listPrice: 4599, url: `${shopOrigin}/p/lamp?ref=feed`, imageUrl: null });
  const mug = await make.product(brand, { title: 'Travel mug', price: 1299, url: `${shopOrigin}/p/mug`, imageUrl: null });
  influencerId = (await make.influencer({ displayName: 'Ola' })).id;
  const mugLink = await make.pick(influencerId, mug.id, { pickedAt: new Date(Date.UTC(2026, 10, 1)), handle: 'ola' });
  const lampLink = await make.pick(influencerId, lamp.id, { note: 'Stoi u mnie na biurku', pickedAt: new Date(Date.UTC(2026, 10, 2)) });
  lampCode = lampLink.code;
  lampLinkId = lampLink.id;
  mugCode = mugLink.code;

  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await worker?.close();
  await t?.close();
  await new Promise((resolve) => shop?.close(resolve));
});

async function drainClicks(): Promise<void> {
  await expect.poll(() => t.clickQueue.isIdle(), { timeout: 20_000, interval: 20 }).toBe(true);
}

const personIn = (locale: string) => browser.newContext({ userAgent: PHONE_CHROME_UA, locale, viewport: PHONE });

describe('a group member browses a storefront and a deal page in a real browser', () => {
  it('in Polish: the storefront lists the picks newest first, a pick opens its deal page, "buy" counts one click and lands on the shop', async () => {
    const context = await personIn('pl-PL');
    try {
      const page = await context.newPage();
      await page.goto(`${appOrigin}/s/ola`);
      expect(await page.locator('h1').textContent()).toBe('Polecane przez Ola');
      expect(await page.locator('.pick h2').allTextContents()).toEqual(['Smart desk lamp', 'Travel mug']);
      expect(await page.locator('#address').textContent()).toBe('https://dc.test/s/ola');
      // The QR code is our own PNG, and it loaded.
      expect(await page.evaluate('document.querySelector(".share img").complete && document.querySelector(".share img").naturalWidth > 100')).toBe(true);

      await page.locator('.pick a', { hasText: 'Smart desk lamp' }).click();
      await page.waitForURL(`${appOrigin}/d/${lampCode}`);
      expect(await page.locator('.price').textContent()).toMatch(/^29,99\s€\s45,99\s€\s−35\s?%$/);
      expect(await page.locator('.note').textContent()).toContain('Stoi u mnie na biurku');
      expect(await page.locator('#buy').textContent()).toBe('Kup teraz');
      // Fits a phone: nothing wider than the screen.
      expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width);

      await page.locator('#buy').click();
      await page.waitForURL((url) => url.origin === shopOrigin);
      const landed = new URL(page.url());
      expect(landed.pathname).toBe('/p/lamp');
      expect(landed.searchParams.get('ref')).toBe('feed');
      const clickId = landed.searchParams.get('dc_click')!;
      expect(clickId).toMatch(/^[0-9a-f-]{36}$/);

      await drainClicks();
      const clicks = await t.database.db.selectFrom('clicks').selectAll().where('link_id', '=', lampLinkId).execute();
      expect(clicks).toHaveLength(1);
      expect(clicks[0]).toMatchObject({ id: clickId, counted: true, bot: false });
      // The browse counted as exposure: one storefront view, one deal page view.
      await expect.poll(async () => (await t.database.db.selectFrom('exposure_daily').select(['kind', 'views'])
        .where('influencer_id', '=', influencerId).orderBy('kind').execute()).map((r) => [r.kind, r.views]), POLL)
        .toEqual([['deal_page_view', 1], ['storefront_view', 1]]);
    } finally {
      await context.close();
    }
  });

  it('in English: the same pages speak English', async () => {
    const context = await personIn('en-GB');
    try {
      const page = await context.newPage();
      await page.goto(`${appOrigin}/s/ola`);
      expect(await page.locator('h1').textContent()).toBe('Ola’s picks');
      await page.goto(`${appOrigin}/d/${mugCode}`);
      expect(await page.locator('#buy').textContent()).toBe('Buy now');
      expect(await page.locator('.price').textContent()).toBe('€12.99');
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
    } finally {
      await context.close();
    }
  });

  it('shows headless Chromium, a bot by its own name, the page with its OpenGraph tags but counts nothing', async () => {
    const before = await t.database.db.selectFrom('exposure_daily').select(['kind', 'views']).where('influencer_id', '=', influencerId).orderBy('kind').execute();
    const headless = await browser.newContext();
    try {
      const page = await headless.newPage();
      const response = await page.goto(`${appOrigin}/d/${lampCode}`);
      expect(response?.status()).toBe(200);
      expect(await page.locator('meta[property="og:url"]').getAttribute('content')).toBe(`https://dc.test/d/${lampCode}`);
      expect(await page.locator('meta[property="og:title"]').getAttribute('content')).toBe('Smart desk lamp');
      await page.goto(`${appOrigin}/s/ola`);
      expect(await page.locator('meta[property="og:url"]').getAttribute('content')).toBe('https://dc.test/s/ola');
    } finally {
      await headless.close();
    }
    // The views of the person above, nothing more: whether a request counts is decided before its page is sent, so a bot leaves nothing pending.
    const after = await t.database.db.selectFrom('exposure_daily').select(['kind', 'views']).where('influencer_id', '=', influencerId).orderBy('kind').execute();
    expect(after).toEqual(before);
    await drainClicks();
    expect(await t.database.db.selectFrom('clicks').select('id').where('link_id', '=', lampLinkId).execute()).toHaveLength(1);
  });
});

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { launchChromium } from '../support/chromium.ts';
import { startClickWorker, type ClickWorker } from '../../queue/clicks.worker.ts';
import { factories } from '../factories/index.ts';
import { createTestApp, type TestApp } from '../support/app.ts';

// Headless Chromium announces itself as "HeadlessChrome", which bot lists rightly treat as a
// bot; the people this test plays use the desktop Chrome of the same engine.
const CHROME_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36';

let t: TestApp;
let worker: ClickWorker;
let shop: http.Server;
let browser: Browser;
let context: BrowserContext;
let appOrigin: string;
let shopOrigin: string;
let code: string;
let linkId: string;

beforeAll(async () => {
  // The vendor's shop: any product page answers 200 and shows which URL it was opened with.
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
  const vendor = await make.vendor();
  const product = await make.product(await make.brand(vendor.id), { url: `${shopOrigin}/p/earbuds?ref=feed` });
  const link = await make.link((await make.influencer()).id, product.id, { channel: 'telegram' });
  code = link.code;
  linkId = link.id;

  browser = await launchChromium();
  context = await browser.newContext({ userAgent: CHROME_UA });
});
afterAll(async () => {
  await context?.close();
  await browser?.close();
  await worker?.close();
  await t?.close();
  await new Promise((resolve) => shop?.close(resolve));
});

async function drainClicks(): Promise<void> {
  await expect.poll(() => t.clickQueue.isIdle(), { timeout: 20_000, interval: 20 }).toBe(true);
}

describe('a person taps a tracked link in a real browser', () => {
  it('lands on the shop with dc_click, keeps a visitor cookie, and the click is stored as counted', async () => {
    const page = await context.newPage();
    await page.goto(`${appOrigin}/r/${code}`);

    const landed = new URL(page.url());
    expect(landed.origin + landed.pathname).toBe(`${shopOrigin}/p/earbuds`);
    expect(landed.searchParams.get('ref')).toBe('feed');
    const clickId = landed.searchParams.get('dc_click')!;
    expect(clickId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(await page.textContent('#landed')).toContain(`dc_click=${clickId}`);

    const cookie = (await context.cookies(`${appOrigin}/r/${code}`)).find((c) => c.name === 'dc_vid');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/r' });
    expect(cookie!.expires * 1000).toBeGreaterThan(Date.now() + 300 * 24 * 3600 * 1000);

    await drainClicks();
    const stored = await t.database.db.selectFrom('clicks').selectAll().where('id', '=', clickId).executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ link_id: linkId, visitor_id: cookie!.value, counted: true, duplicate: false, bot: false, user_agent: CHROME_UA });
    await page.close();
  });

  it('stores a second visit from the same browser as a duplicate that is not counted', async () => {
    const page = await context.newPage();
    await page.goto(`${appOrigin}/r/${code}`);
    const clickId = new URL(page.url()).searchParams.get('dc_click')!;
    await page.close();

    await drainClicks();
    const clicks = await t.database.db.selectFrom('clicks').selectAll().where('link_id', '=', linkId).orderBy('clicked_at').execute();
    expect(clicks).toHaveLength(2);
    expect(clicks[1]).toMatchObject({ id: clickId, counted: false, duplicate: true });
    expect(clicks[1]!.visitor_id).toBe(clicks[0]!.visitor_id);
  });

  it('shows headless Chromium, a bot by its own user agent, the preview page instead of counting it', async () => {
    const headless = await browser.newContext();
    try {
      const page = await headless.newPage();
      const response = await page.goto(`${appOrigin}/r/${code}`);
      expect(response?.status()).toBe(200);
      expect(await page.locator('meta[property="og:url"]').getAttribute('content')).toBe(`https://dc.test/r/${code}`);
      // The page still leads to the shop, uncounted, for a person wrongly taken for a bot.
      await page.click('text=See the deal');
      await page.waitForURL(`${shopOrigin}/p/earbuds?ref=feed`);
    } finally {
      await headless.close();
    }
    await drainClicks();
    expect(await t.database.db.selectFrom('clicks').select('id').where('link_id', '=', linkId).execute()).toHaveLength(2);
  });
});

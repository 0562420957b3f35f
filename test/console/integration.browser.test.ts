import { execFile } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startClickWorker, type ClickWorker } from '../../queue/clicks.worker.ts';
import { buildVendorWorld, type VendorWorld } from '../support/admin-world.ts';
import { PHONE, startConsoleWorld, type ConsoleWorld } from '../support/console.ts';

// The vendor portal's integration page in a real browser: the key, a rotation whose new secret
// is shown once, the guide's code run as pasted against the running server, and the test order.

// Several pages, browsers and processes on a machine shared with other runs: more than the default 30 s.
const BROWSER_TEST_TIMEOUT = 90_000;

const run = promisify(execFile);
// Headless Chromium calls itself HeadlessChrome, which the click rules treat as a bot; a buyer uses Chrome.
const CHROME_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36';

let world: ConsoleWorld;
let worker: ClickWorker;
let shop: VendorWorld;
let shopServer: http.Server;

beforeAll(async () => {
  world = await startConsoleWorld();
  worker = await startClickWorker({ connection: world.t.redis, prefix: world.t.prefix, db: world.t.database.db, logger: world.t.deps.logger });
  shop = await buildVendorWorld(world.t, 'shop');
  // The vendor's shop, where a tracked link lands: any page answers 200.
  shopServer = http.createServer((_request, response) => { response.writeHead(200, { 'content-type': 'text/html' }); response.end('<title>Shop</title>'); });
  await new Promise<void>((resolve) => shopServer.listen(0, '127.0.0.1', resolve));
  const shopUrl = `http://127.0.0.1:${(shopServer.address() as AddressInfo).port}/p/${shop.product.sku}`;
  await world.t.database.db.updateTable('products').set({ url: shopUrl }).where('id', '=', shop.product.id).execute();
});
afterAll(async () => {
  await worker?.close();
  await world?.close();
  await new Promise((resolve) => shopServer?.close(resolve));
});

/** The guide's code as a vendor would paste it, with their secret in place of the placeholder. */
async function snippet(page: Page, language: 'curl' | 'node', secret: string): Promise<string> {
  await page.getByRole('tab', { name: language === 'curl' ? 'curl + openssl' : 'Node.js' }).click();
  const code = await page.getByTestId(`snippet-${language}`).innerText();
  expect(code).toContain(shop.vendor.keyId);
  // Built on PUBLIC_URL, which the console world sets to the app's own address.
  expect(code).toContain(`${world.origin}/api/v1/conversions`);
  return code.replaceAll('<your signing secret>', secret);
}

describe('the integration page of a vendor', () => {
  it('shows the key, rotates the secret once confirmed (shown once; stopped at once, the old one refused), and its guide code works as pasted', async () => {
    const { page } = await world.signedInPage('vendor', { vendorId: shop.vendor.id });
    await page.getByRole('link', { name: 'API keys & postbacks' }).click();
    await expect.poll(() => page.getByTestId('key-id').textContent()).toBe(shop.vendor.keyId);
    await page.getByText('never rotated').waitFor();
    expect(await page.content()).not.toContain(shop.vendor.secret);

    // The current secret keeps working for a day unless stopped at once (a leak); cancelling
    // changes nothing; confirming rotates and shows the new secret with its warning.
    await page.getByRole('button', { name: 'Rotate secret' }).click();
    await expect(page.getByRole('dialog').innerText()).resolves.toContain('keeps working for 24 hours');
    await page.getByRole('dialog').getByLabel('Stop the current secret at once').check();
    await expect(page.getByRole('dialog').innerText()).resolves.toContain('stops working at once');
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    await expect(page.getByTestId('new-secret').count()).resolves.toBe(0);
    await page.getByRole('button', { name: 'Rotate secret' }).click();
    await page.getByRole('dialog').getByLabel('Stop the current secret at once').check();
    await page.getByRole('button', { name: 'Rotate now' }).click();
    const secret = (await page.getByTestId('new-secret').textContent())!;
    expect(secret).toMatch(/^whsec_[0-9a-f]{64}$/);
    await page.getByText('The old secret no longer works').waitFor();
    await expect.poll(() => page.getByText(/Last rotated on/).count()).toBe(1);

    // The code of the guide, signed with the old secret: refused by the real route.
    const refused = await run('bash', ['-c', await snippet(page, 'curl', shop.vendor.secret)]);
    expect(refused.stdout).toContain('invalid_signature');
    // With the new one: the order, its refund and the catalog push are accepted.
    const curl = await run('bash', ['-c', await snippet(page, 'curl', secret)]);
    const [order, refund, catalog] = curl.stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(order).toMatchObject({ status: 'unattributed', attributionReason: 'unknown_click' });
    expect(refund).toMatchObject({ orderId: 'ORDER-1001', amount: 1500, refundedAmount: 1500 });
    expect(catalog.created + catalog.updated).toBe(1);
    const node = await run(process.execPath, ['--input-type=module', '-e', await snippet(page, 'node', secret)]);
    expect(node.stdout.match(/status: (\d+)/g)).toEqual(['status: 202', 'status: 201', 'status: 200']);

    // Once stored, the secret leaves the screen for good.
    await page.getByRole('button', { name: 'I have stored it' }).click();
    await page.reload();
    await expect.poll(() => page.getByTestId('key-id').textContent()).toBe(shop.vendor.keyId);
    expect(await page.content()).not.toContain(secret);

    // A planned rotation: the secret just stored keeps working for a day, and the page says until when.
    await page.getByRole('button', { name: 'Rotate secret' }).click();
    await page.getByRole('button', { name: 'Rotate now' }).click();
    await page.getByText(/The old secret keeps working until/).waitFor();
    await page.getByRole('button', { name: 'I have stored it' }).click();
    await page.getByText(/The previous secret still works until/).waitFor();
  }, BROWSER_TEST_TIMEOUT);

  it('sends a test order: without a click no commission; with the dc_click of a real redirect, attributed with its commission', async () => {
    const { page } = await world.signedInPage('vendor', { vendorId: shop.vendor.id });
    await page.goto(`${world.origin}/console/integration`);
    await page.getByLabel('Amount').fill('25.00');
    await page.getByRole('button', { name: 'Send a test order' }).click();
    const outcome = page.getByTestId('test-order-outcome');
    await expect.poll(() => outcome.getByRole('status').textContent()).toBe('Recorded without attribution (no click id): no commission.');
    const sent = await page.getByTestId('test-order-request').innerText();
    expect(sent).toContain(`POST ${world.origin}/api/v1/conversions`);
    expect(sent).toContain(`x-dealcast-key: ${shop.vendor.keyId}`);
    expect(sent).toMatch(/x-dealcast-signature: t=\d+,v1=[0-9a-f]{64}/);
    expect(sent).toMatch(/"orderId":"test-\d+-[0-9a-f]+","amount":2500,"currency":"EUR"/);
    await expect(page.getByTestId('test-order-response').innerText()).resolves.toContain('"status": "unattributed"');

    // A buyer follows the tracked link in their own browser and lands on the shop with dc_click.
    const buyer = await world.browser.newContext({ userAgent: CHROME_UA });
    const tab = await buyer.newPage();
    await tab.goto(`${world.origin}/r/${shop.link.code}`);
    const clickId = new URL(tab.url()).searchParams.get('dc_click')!;
    expect(clickId).toMatch(/^[0-9a-f-]{36}$/);
    await buyer.close();
    await expect.poll(() => world.t.clickQueue.isIdle(), { timeout: 20_000, interval: 50 }).toBe(true);

    await page.getByLabel('Click id (optional)').fill(clickId);
    await page.getByRole('button', { name: 'Send a test order' }).click();
    // The world's brand pays 10 %: 25.00 → 2.50, pending until it approves.
    await expect.poll(() => outcome.getByRole('status').textContent()).toMatch(/^Attributed: a commission of €2\.50 is pending and approves on /);
    await expect(page.getByTestId('test-order-request').innerText()).resolves.toContain(`"clickId":"${clickId}"`);
    // A real sale now: the page says how to undo it.
    await outcome.getByText(/if it was only a test, refund order test-\d+-[0-9a-f]+ \(step 5\)/).waitFor();
  }, BROWSER_TEST_TIMEOUT);

  it('fits a phone screen, and says what is wrong with the amount before sending anything', async () => {
    const { page } = await world.signedInPage('vendor', { vendorId: shop.vendor.id, viewport: PHONE });
    await page.goto(`${world.origin}/console/integration`);
    await expect.poll(() => page.getByTestId('key-id').textContent()).toBe(shop.vendor.keyId);
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width);
    await page.getByLabel('Amount').fill('twelve');
    await page.getByRole('button', { name: 'Send a test order' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toBe('Enter an amount such as 19.99.');
    await expect(page.getByTestId('test-order-outcome').count()).resolves.toBe(0);
  });

  it("lets an admin choose the vendor, kept in the address; a vendor in Russian reads the page in Russian", async () => {
    const { page } = await world.signedInPage('admin');
    await page.goto(`${world.origin}/console/integration`);
    await expect.poll(() => page.getByText('Choose a vendor to see its key and send a test order.').count()).toBe(1);
    await page.getByLabel('Vendor').selectOption(shop.vendor.id);
    await expect.poll(() => page.getByTestId('key-id').textContent()).toBe(shop.vendor.keyId);
    expect(new URL(page.url()).searchParams.get('vendor')).toBe(shop.vendor.id);

    const russian = await world.signedInPage('vendor', { vendorId: shop.vendor.id, language: 'ru' });
    await russian.page.goto(`${world.origin}/console/integration`);
    await expect.poll(() => russian.page.getByRole('heading', { level: 1 }).textContent()).toBe('API-ключи и постбэки');
    await expect.poll(() => russian.page.getByRole('button', { name: 'Отправить тестовый заказ' }).count()).toBe(1);
    await russian.page.getByRole('heading', { name: 'Как подключить постбэки' }).waitFor();
  }, BROWSER_TEST_TIMEOUT);
});

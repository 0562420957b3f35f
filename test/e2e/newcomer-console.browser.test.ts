import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { clickIdTime } from '../../core/clicks/click-id.ts';
import { DESKTOP, launchChromium } from '../support/console.ts';
import { cleanEnv, freePort, runCli, waitForStatus, type CliProcess } from '../support/cli-process.ts';
import { ADMIN_DATABASE_URL, databaseUrl } from '../support/postgres.ts';
import { TEST_REDIS_URL } from '../support/redis.ts';

/**
 * A newcomer's first hour, as the README tells it: `dealcast start all` on an EMPTY database,
 * the printed login in a real browser, a brand and a product made in the console, a deal link
 * from the bot playground, a person tapping it, the shop reporting the order with the printed
 * vendor key, and the commission showing on the dashboard and in the influencer's money trail.
 */

const PHONE_UA = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36';
const RUN = crypto.randomBytes(3).toString('hex');
const BRAND = `Kestrel Outdoor ${RUN}`;
const SKU = `KES-TENT-${RUN}`.toUpperCase();
const PRODUCT = `Kestrel two-person tent ${RUN}`;
// 10 % of 49.00 EUR: the commission every screen must agree on.
const PRICE = '49.00';
const ORDER_MINOR = 4900;
const COMMISSION = '€4.90';
const PERSONA = `Lea ${RUN}`;

let dbName: string;
let dataDir: string;
let cli: CliProcess | undefined;
let browser: Browser | undefined;
let shop: http.Server;
let shopOrigin: string;
const shopVisits: URL[] = [];
let origin: string;
let redisDb: number;

beforeAll(async () => {
  // An EMPTY database (not the migrated template): the CLI migrates and seeds it on first start.
  // Named after the run, so that the run's teardown drops it even if this file is interrupted.
  dbName = `${inject('templateDatabase').replace(/_template$/, '')}_newcomer_${RUN}`;
  const admin = new pg.Client({ connectionString: ADMIN_DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  await admin.end();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dealcast-newcomer-'));

  // The vendor's shop: a product page that remembers who arrived and with which click id.
  shop = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://shop.local');
    shopVisits.push(url);
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(`<!doctype html><title>Kestrel shop</title><h1>${PRODUCT}</h1><p>Thanks for visiting.</p>`);
  });
  await new Promise<void>((resolve) => shop.listen(0, '127.0.0.1', resolve));
  shopOrigin = `http://127.0.0.1:${(shop.address() as AddressInfo).port}`;

  // The CLI has no Redis key prefix setting: a Redis database of its own keeps its queues apart.
  redisDb = 1 + crypto.randomInt(15);
  const port = await freePort();
  origin = `http://127.0.0.1:${port}`;
  cli = runCli(['start', 'all'], cleanEnv({
    DATABASE_URL: databaseUrl(dbName),
    REDIS_URL: `${TEST_REDIS_URL.replace(/\/\d*$/, '')}/${redisDb}`,
    DATA_DIR: dataDir,
    PORT: String(port),
    LOG_LEVEL: 'warn',
  }));
  await waitForStatus(`${origin}/readyz`, 200, cli);
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close().catch(() => {});
  if (cli && cli.child.exitCode === null) {
    cli.child.kill('SIGKILL');
    await cli.exited();
  }
  await new Promise((resolve) => shop?.close(resolve));
  if (dbName) {
    const admin = new pg.Client({ connectionString: ADMIN_DATABASE_URL });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.end();
  }
  if (redisDb) {
    const { Redis } = await import('ioredis');
    const redis = new Redis(`${TEST_REDIS_URL.replace(/\/\d*$/, '')}/${redisDb}`);
    const { deleteKeysWithPrefix, DEFAULT_REDIS_PREFIX } = await import('../../queue/connection.ts');
    await deleteKeysWithPrefix(redis, DEFAULT_REDIS_PREFIX);
    redis.disconnect();
  }
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

/** A line the first start printed, e.g. "Demo vendor key     vk_demo_…". */
function printed(label: string): string {
  const match = new RegExp(`${label}\\s+(\\S+)`).exec(cli!.stdout());
  if (!match) throw new Error(`the first start did not print "${label}":\n${cli!.stdout()}`);
  return match[1]!;
}

/** Opens a page from the menu, as a person does. */
async function openFromMenu(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation').getByRole('link', { name, exact: true }).click();
  await page.getByRole('heading', { level: 1 }).first().waitFor();
}

/** Posts an order the way the README tells a vendor to: HMAC-SHA256 over "<unix time>.<raw body>". */
async function postSignedOrder(key: string, secret: string, order: object): Promise<{ status: number; json: { attributed?: boolean; commission?: { amount: number; currency: string } } }> {
  const body = JSON.stringify(order);
  const t = Math.floor(Date.now() / 1000);
  const v1 = crypto.createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
  const response = await fetch(`${origin}/api/v1/conversions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-dealcast-key': key, 'x-dealcast-signature': `t=${t},v1=${v1}` },
    body,
  });
  return { status: response.status, json: await response.json() as never };
}

describe('a newcomer, from an empty database to a commission on the dashboard', () => {
  it('signs in with the printed login, builds a deal in the console, follows it, sells, and sees the money', async () => {
    // 1. The first start printed a one-time login and the demo vendor's key and secret.
    await expect.poll(() => cli!.stdout(), { timeout: 15_000 }).toMatch(/Demo vendor secret\s+\S+/);
    const login = /Admin login\s+(\S+)\s+\/\s+(\S+)/.exec(cli!.stdout());
    expect(login, cli!.stdout()).not.toBeNull();
    const [, email, password] = login!;
    const vendorKey = printed('Demo vendor key');
    const vendorSecret = printed('Demo vendor secret');
    const apiToken = printed('Admin API token');
    expect(printed('Console')).toBe(`${origin}/console/`);

    // 2. The address the README gives leads to the sign-in form; the printed login opens the dashboard.
    const context = await browser!.newContext({ viewport: DESKTOP, locale: 'en-GB' });
    const page = await context.newPage();
    await page.goto(`${origin}/`);
    await page.getByRole('heading', { name: 'Sign in to dealcast' }).waitFor();
    await page.getByLabel('Email').fill(email!);
    await page.getByLabel('Password').fill(password!);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/console/dashboard');

    // 3. A brand under the demo vendor: 10 % (the form's default), influencers approved on joining.
    await openFromMenu(page, 'Brands');
    await page.getByRole('button', { name: 'New brand' }).click();
    const brandForm = page.getByRole('dialog', { name: 'New brand' });
    await brandForm.getByLabel('Vendor').selectOption({ label: 'Demo Marketplace' });
    await brandForm.getByLabel('Name', { exact: true }).fill(BRAND);
    await expect(brandForm.getByLabel(/^Commission rate/).inputValue()).resolves.toBe('10');
    await expect(brandForm.getByRole('checkbox', { name: /Approve influencers who join automatically/ }).isChecked()).resolves.toBe(true);
    await brandForm.getByRole('button', { name: 'Create brand' }).click();
    const brandRow = page.getByRole('row').filter({ hasText: BRAND });
    await brandRow.waitFor();
    await expect(brandRow.innerText()).resolves.toMatch(/10(\.00)?\s?%/);
    await expect(brandRow.innerText()).resolves.toContain('Approved automatically');

    // 4. A product of that brand whose page is the local shop, at the brand's rate.
    await openFromMenu(page, 'Products');
    await page.getByRole('button', { name: 'New product' }).click();
    const productForm = page.getByRole('dialog', { name: 'New product' });
    await productForm.getByLabel('Brand').selectOption({ label: BRAND });
    await productForm.getByLabel('SKU').fill(SKU);
    await productForm.getByLabel('Title').fill(PRODUCT);
    await productForm.getByLabel(/^Product page/).fill(`${shopOrigin}/tents/kestrel-2?colour=green`);
    await productForm.getByLabel(/^Price(?! before)/).fill(PRICE);
    await expect(productForm.getByLabel('Currency').inputValue()).resolves.toBe('EUR');
    await productForm.getByRole('button', { name: 'Create product' }).click();
    const productRow = page.getByRole('row').filter({ hasText: SKU });
    await productRow.waitFor();
    await expect(productRow.innerText()).resolves.toContain('€49.00');

    // 5. The playground: a new test influencer registers as a real one would, then asks for the deal.
    await openFromMenu(page, 'Bot playground');
    await page.getByRole('button', { name: /New test influencer/ }).click();
    const newPersona = page.getByRole('form', { name: 'New test influencer' });
    await newPersona.getByLabel('Name', { exact: true }).fill(PERSONA);
    // "Answer the registration questions for me" is on: /start, the name, the country, the terms.
    await expect(newPersona.getByRole('checkbox').isChecked()).resolves.toBe(true);
    await newPersona.getByRole('button', { name: 'Create' }).click();
    const persona = page.getByRole('combobox', { name: 'Test influencer' });
    await expect.poll(() => persona.textContent(), { timeout: 30_000 }).toMatch(new RegExp(`${PERSONA} · en · active`));
    const chat = page.getByRole('log', { name: 'Conversation with the bot' });
    const composer = page.getByRole('textbox', { name: 'Message' });
    await composer.fill(`/link ${SKU}`);
    await composer.press('Enter');
    const dealLink = chat.getByRole('link', { name: new RegExp(`^${origin}/r/`) }).last();
    await dealLink.waitFor({ timeout: 30_000 });
    const shortUrl = (await dealLink.getAttribute('href'))!;
    expect(shortUrl).toMatch(new RegExp(`^${origin}/r/\\w+$`));
    await expect(chat.innerText()).resolves.toContain(PRODUCT);

    // 6. A group member taps it on their phone: a real navigation through /r/:code and its redirect.
    const member = await browser!.newContext({ userAgent: PHONE_UA, viewport: { width: 390, height: 844 } });
    const memberPage = await member.newPage();
    const landing = await memberPage.goto(shortUrl);
    expect(landing?.status()).toBe(200);
    const landed = new URL(memberPage.url());
    expect(landed.origin + landed.pathname).toBe(`${shopOrigin}/tents/kestrel-2`);
    expect(landed.searchParams.get('colour')).toBe('green');
    const clickId = landed.searchParams.get('dc_click')!;
    expect(clickId).toMatch(/^[0-9a-f-]{36}$/);
    await memberPage.getByRole('heading', { name: PRODUCT }).waitFor();
    // The shop saw the visitor arrive once, with the click id it will send back with the order.
    expect(shopVisits.filter((visit) => visit.searchParams.get('dc_click') === clickId)).toHaveLength(1);
    await member.close();

    // The click worker stores the click (what the order will be attributed to).
    await expect.poll(async () => {
      const response = await fetch(`${origin}/api/v1/admin/clicks?limit=50`, { headers: { authorization: `Bearer ${apiToken}` } });
      return ((await response.json()) as { items: { id: string }[] }).items.map((c) => c.id);
    }, { timeout: 20_000 }).toContain(clickId);

    // 7. The shop's server reports the order, signed with the printed key and secret.
    // The buyer read the page for a minute first: an order seconds after its click is held by the fraud rules.
    const occurredAt = new Date(clickIdTime(clickId)!.getTime() + 60_000).toISOString();
    const order = await postSignedOrder(vendorKey, vendorSecret, { orderId: `KES-${RUN}-1`, clickId, amount: ORDER_MINOR, currency: 'EUR', occurredAt });
    expect(order.status).toBe(202);
    expect(order.json).toMatchObject({ attributed: true, commission: { amount: 490, currency: 'EUR' } });

    // 8. The dashboard shows the sale and its commission: today's figures, and the commission chart.
    await openFromMenu(page, 'Dashboard');
    await page.reload();
    const today = page.getByRole('region', { name: 'Today' });
    await expect.poll(() => today.getByRole('link', { name: /^Commission/ }).innerText(), { timeout: 20_000 }).toContain(COMMISSION);
    await expect(today.getByRole('link', { name: /^Sales/ }).innerText()).resolves.toContain('€49.00');
    const commissionChart = page.getByRole('region', { name: 'Commission by day' });
    await commissionChart.getByRole('img', { name: `Commission by day in EUR: ${COMMISSION} in total` }).first().waitFor();
    // The figures behind the chart, as a table: today's row carries the commission.
    await commissionChart.getByText('Show the figures as a table').click();
    const todayRow = commissionChart.getByRole('row').filter({ hasText: COMMISSION });
    await expect(todayRow.count()).resolves.toBe(1);

    // 9. The influencer's money trail: click → order → pending commission at 10 %, and when it approves.
    await openFromMenu(page, 'Influencers');
    await page.getByRole('link', { name: new RegExp(PERSONA) }).click();
    await page.getByRole('heading', { level: 1, name: PERSONA }).waitFor();
    const trail = page.getByRole('region', { name: 'Money trail' });
    const sale = trail.getByRole('article', { name: `Order KES-${RUN}-1` });
    await sale.waitFor({ timeout: 15_000 });
    const steps = await sale.innerText();
    expect(steps).toContain('Click');
    expect(steps).toContain('Order reported');
    expect(steps).toContain(`${COMMISSION} (${COMMISSION} at the base rate)`);
    expect(steps).toMatch(/Rate 10\s?% × .+ = 10\s?%/);
    // Pending, and it says when it approves: after the brand's 30-day return period.
    expect(steps).toMatch(/Approves on .+/);
    expect(steps).toContain('in 30 days, after the 30-day return period');
    expect(steps).toContain('Pending');
    await context.close();

    // 10. Ctrl-C stops it cleanly.
    cli!.child.kill('SIGINT');
    expect(await cli!.exited()).toBe(0);
  }, 240_000);
});

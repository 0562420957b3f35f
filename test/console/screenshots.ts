// `npm run screenshots`: the README's pictures (docs/screenshots/*.png), taken in Debian's
// Chromium against a freshly seeded platform. Not a test (npm test never runs it).
//
// It starts the real `dealcast start all` on a new, empty PostgreSQL database (so the first
// start seeds the demo catalog and prints its login), gives it 30 days of history (clicks
// stored as the click worker stores them, orders posted through the signed vendor API with
// their past order times, approvals and a payout run through the admin API), then signs in as
// an admin and as a vendor and photographs the pages at desktop and phone width.
// Needs PostgreSQL (SCREENSHOTS_DATABASE_URL, default postgres://root@127.0.0.1:5432/postgres),
// Redis (SCREENSHOTS_REDIS_URL, default redis://127.0.0.1:6379; it uses database 13) and
// Chromium at /usr/bin/chromium; Debian's fonts-noto-color-emoji draws the bot's emoji, and
// pngquant, when installed, makes the files about three times smaller (apt-get install both).
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { connectPostgres } from '../../db/connect.ts';
import { DEFAULT_REDIS_PREFIX, deleteKeysWithPrefix } from '../../queue/connection.ts';
import { createAdmin } from '../support/admins.ts';
import { launchChromium, PHONE, signIn } from '../support/chromium.ts';
import { cleanEnv, freePort, REPO_ROOT, runCli, waitForStatus, type CliProcess } from '../support/cli-process.ts';
import { adminApi, seedHistory, type History, type Printed } from './screenshots-history.ts';

const OUT_DIR = path.join(REPO_ROOT, 'docs/screenshots');
const ADMIN_URL = process.env.SCREENSHOTS_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/postgres';
const REDIS_URL = `${(process.env.SCREENSHOTS_REDIS_URL ?? 'redis://127.0.0.1:6379').replace(/\/\d*$/, '')}/13`;
const DESKTOP = { width: 1280, height: 800 };
const TALL = { width: 1280, height: 1400 };
const HAS_PNGQUANT = (() => {
  try {
    execFileSync('pngquant', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    console.warn('pngquant is not installed: the pictures stay as Chromium saves them (apt-get install pngquant for smaller ones)');
    return false;
  }
})();
const VENDOR_EMAIL = 'shop@demo-marketplace.example';
const VENDOR_PASSWORD = 'demo-vendor-password';

function databaseUrl(name: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function sql(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

function readPrinted(cli: CliProcess): Printed {
  const out = cli.stdout();
  const line = (label: string) => {
    const match = new RegExp(`${label}\\s+(\\S+)`).exec(out);
    if (!match) throw new Error(`the first start did not print "${label}":\n${out}`);
    return match[1]!;
  };
  const login = /Admin login\s+(\S+)\s+\/\s+(\S+)/.exec(out);
  if (!login) throw new Error(`no admin login printed:\n${out}`);
  return { email: login[1]!, password: login[2]!, token: line('Admin API token'), vendorKey: line('Demo vendor key'), vendorSecret: line('Demo vendor secret') };
}

/** Waits until nothing is loading and the charts have drawn, then saves the picture. */
async function shoot(page: Page, name: string): Promise<void> {
  // Some pages poll every few seconds: "network idle" is a best effort, the loading states are not.
  await page.waitForLoadState('networkidle', { timeout: 5_000 }).catch(() => {});
  await page.getByRole('status').filter({ hasText: /Loading/ }).first().waitFor({ state: 'detached', timeout: 15_000 }).catch(() => {});
  await page.waitForTimeout(800); // chart animations
  const file = path.join(OUT_DIR, `${name}.png`);
  await page.screenshot({ path: file, animations: 'disabled' });
  if (HAS_PNGQUANT) execFileSync('pngquant', ['--quality', '70-95', '--speed', '1', '--strip', '--force', '--output', file, file]);
  console.log(`${path.relative(REPO_ROOT, file)}  ${Math.round(fs.statSync(file).size / 1024)} KB`);
}

/**
 * The demo catalog's pictures live on shop.example.com, which does not exist: the browser gets
 * a plain picture per product instead (a soft square with a darker disc), so no broken images.
 */
async function servePictures(context: BrowserContext): Promise<void> {
  await context.route('https://shop.example.com/**', async (route) => {
    const key = new URL(route.request().url()).pathname;
    const hue = [...key].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 360, 7);
    const [r, g, b] = hsl(hue, 0.45, 0.86);
    const [dr, dg, db] = hsl(hue, 0.5, 0.55);
    const size = 240;
    const png = new PNG({ width: size, height: size });
    for (let y = 0; y < size; y += 1) {
      for (let x = 0; x < size; x += 1) {
        const inside = (x - size / 2) ** 2 + (y - size / 2) ** 2 < (size / 3.2) ** 2;
        const i = (y * size + x) * 4;
        png.data[i] = inside ? dr : r; png.data[i + 1] = inside ? dg : g; png.data[i + 2] = inside ? db : b; png.data[i + 3] = 255;
      }
    }
    await route.fulfill({ status: 200, contentType: 'image/png', body: PNG.sync.write(png) });
  });
}

function hsl(h: number, s: number, l: number): [number, number, number] {
  const k = (n: number) => (n + h / 30) % 12;
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => l - a * Math.max(-1, Math.min(k(n) - 3, Math.min(9 - k(n), 1)));
  return [Math.round(f(0) * 255), Math.round(f(8) * 255), Math.round(f(4) * 255)];
}

async function photograph(browser: Browser, origin: string, printed: Printed, history: History): Promise<void> {
  fs.mkdirSync(OUT_DIR, { recursive: true });
  const open = async (viewport: { width: number; height: number }, email: string, password: string) => {
    const context = await browser.newContext({ viewport, locale: 'en-GB', deviceScaleFactor: 1, colorScheme: 'light' });
    await context.addInitScript(`localStorage.setItem('dealcast.language', 'en');`);
    await servePictures(context);
    const page = await context.newPage();
    await signIn(page, origin, email, password);
    return { context, page };
  };

  const tall = await open(TALL, printed.email, printed.password);
  await tall.page.goto(`${origin}/console/dashboard`);
  await shoot(tall.page, 'dashboard');
  await tall.context.close();

  const admin = await open({ width: 1280, height: 1000 }, printed.email, printed.password);
  // The trail of a paid order, from the click to the payout: the page puts it on top and scrolls to it.
  const influencerId = history.paidInfluencerId ?? history.influencerIds[0]!;
  const trail = await adminApi(origin, printed.token)<{ items: { id: string; commission: { status: string } | null }[] }>('GET', `/influencers/${influencerId}/money-trail?limit=100`);
  const paid = trail.items.find((entry) => entry.commission?.status === 'paid') ?? trail.items[0];
  await admin.page.goto(`${origin}/console/influencers/${influencerId}${paid ? `?conversion=${paid.id}` : ''}`);
  await admin.page.getByRole('article').first().waitFor();
  await admin.page.waitForTimeout(500);
  await admin.page.evaluate('window.scrollBy(0, -56)');
  await shoot(admin.page, 'money-trail');
  await admin.page.goto(`${origin}/console/playground`);
  await playgroundConversation(admin.page);
  await shoot(admin.page, 'playground');
  await admin.context.close();

  const phone = await open(PHONE, printed.email, printed.password);
  await phone.page.goto(`${origin}/console/dashboard`);
  await shoot(phone.page, 'dashboard-phone');
  await phone.context.close();

  const vendor = await open(TALL, VENDOR_EMAIL, VENDOR_PASSWORD);
  await vendor.page.goto(`${origin}/console/results`);
  await shoot(vendor.page, 'vendor-results');
  await vendor.page.setViewportSize(DESKTOP);
  await vendor.page.goto(`${origin}/console/integration`);
  await shoot(vendor.page, 'vendor-integration');
  await vendor.context.close();
}

/** A test influencer registers in the playground and asks for a deal for the running club. */
async function playgroundConversation(page: Page): Promise<void> {
  await page.getByRole('button', { name: /New test influencer/ }).click();
  const form = page.getByRole('form', { name: 'New test influencer' });
  await form.getByLabel('Name', { exact: true }).fill('Camille');
  await form.getByLabel('Country').selectOption('FR');
  await form.getByRole('button', { name: 'Create' }).click();
  const persona = page.getByRole('combobox', { name: 'Test influencer' });
  for (let tries = 0; !((await persona.textContent()) ?? '').includes('Camille · en · active'); tries += 1) {
    if (tries > 60) throw new Error('the test influencer did not finish registering');
    await page.waitForTimeout(500);
  }
  const composer = page.getByRole('textbox', { name: 'Message' });
  await composer.fill('/link VEL-RUN-10 Running club');
  await composer.press('Enter');
  const chat = page.getByRole('log', { name: 'Conversation with the bot' });
  await chat.getByRole('link', { name: new RegExp('/r/') }).first().waitFor({ timeout: 30_000 });
  await page.getByRole('button', { name: /Forward to a group/ }).last().click();
  await chat.evaluate('(log) => { log.scrollTop = log.scrollHeight; }');
  await page.evaluate('window.scrollTo(0, 0)');
}

async function main(): Promise<void> {
  const dbName = `dcshots_${crypto.randomBytes(4).toString('hex')}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dealcast-shots-'));
  await sql(`CREATE DATABASE ${dbName}`);
  const redis = new Redis(REDIS_URL);
  await deleteKeysWithPrefix(redis, DEFAULT_REDIS_PREFIX);
  let cli: CliProcess | undefined;
  let browser: Browser | undefined;
  try {
    const port = await freePort();
    const origin = `http://127.0.0.1:${port}`;
    cli = runCli(['start', 'all'], cleanEnv({ DATABASE_URL: databaseUrl(dbName), REDIS_URL, DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'warn' }));
    await waitForStatus(`${origin}/readyz`, 200, cli);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const printed = readPrinted(cli);
    const history = await seedHistory(origin, printed, databaseUrl(dbName));

    const handle = connectPostgres(databaseUrl(dbName));
    const vendor = await handle.db.selectFrom('vendors').select('id').orderBy('id').executeTakeFirstOrThrow();
    await createAdmin(handle.db, { email: VENDOR_EMAIL, password: VENDOR_PASSWORD, role: 'vendor', vendorId: String(vendor.id) });
    await handle.close();

    browser = await launchChromium();
    await photograph(browser, origin, printed, history);
  } catch (error) {
    if (cli) console.error(`dealcast printed, before this failure:\n${cli.stderr().slice(-3000)}`);
    throw error;
  } finally {
    await browser?.close().catch(() => {});
    if (cli && cli.child.exitCode === null) {
      cli.child.kill('SIGINT');
      await cli.exited();
    }
    await deleteKeysWithPrefix(redis, DEFAULT_REDIS_PREFIX).catch(() => {});
    redis.disconnect();
    await sql(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

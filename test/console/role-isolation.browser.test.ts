import { sql } from 'kysely';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminClient } from '../api/admin/admin-client.ts';
import { createAdmin } from '../support/admins.ts';
import { buildVendorWorld, type VendorWorld } from '../support/admin-world.ts';
import { signIn, startConsoleWorld, type ConsoleWorld } from '../support/console.ts';

// Who may do what, seen from a real browser: in the console, and straight through the API
// with the browser's own session cookie (fetch inside the page, or the context's requests).

// Several pages, browsers and processes on a machine shared with other runs: more than the default 30 s.
const BROWSER_TEST_TIMEOUT = 90_000;

let world: ConsoleWorld;
let a: VendorWorld;
let b: VendorWorld;
let payoutId: string;

beforeAll(async () => {
  world = await startConsoleWorld();
  a = await buildVendorWorld(world.t, 'alpha');
  b = await buildVendorWorld(world.t, 'bravo');
  // A payout waiting for approval: both worlds' commissions mature at once (lock 0 days).
  const admin = await adminClient(world.t, 'admin');
  expect((await admin.call('POST', '/commissions/approvals', {})).status).toBe(200);
  const run = await admin.call('POST', '/payouts/runs', { runKey: 'isolation-run' });
  expect(run.status, JSON.stringify(run.json)).toBe(201);
  payoutId = run.json.payouts[0].id;
});
afterAll(async () => { await world?.close(); });

interface Answer { status: number; body: string }

/** A request made by the page itself (its cookie, same origin), with the session's CSRF token unless told not to. */
function fetchInPage(page: Page, method: string, path: string, options: { body?: unknown; csrf?: 'session' | 'none' | 'wrong' } = {}): Promise<Answer> {
  return page.evaluate(async ({ method, path, body, csrf }) => {
    const headers: Record<string, string> = {};
    if (csrf === 'session') headers['x-csrf-token'] = ((await (await fetch('/api/v1/auth/session')).json()) as { csrfToken: string }).csrfToken;
    if (csrf === 'wrong') headers['x-csrf-token'] = 'not-the-token-of-this-session';
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: response.status, body: await response.text() };
  }, { method, path, body: options.body, csrf: options.csrf ?? 'session' });
}

/** Everything of B's a write could change, as one comparable value. */
async function snapshotOf(w: VendorWorld): Promise<unknown> {
  const { rows } = await sql<{ snapshot: unknown }>`
    SELECT json_build_object(
      'vendor', (SELECT row_to_json(v) FROM vendors v WHERE v.id = ${w.vendor.id}),
      'brands', (SELECT json_agg(row_to_json(x) ORDER BY x.id) FROM brands x WHERE x.vendor_id = ${w.vendor.id}),
      'products', (SELECT json_agg(row_to_json(x) ORDER BY x.id) FROM products x WHERE x.vendor_id = ${w.vendor.id}),
      'conversions', (SELECT json_agg(row_to_json(x) ORDER BY x.id) FROM conversions x WHERE x.vendor_id = ${w.vendor.id})
    ) AS snapshot`.execute(world.t.database.db);
  return rows[0]!.snapshot;
}

const leaksOf = (text: string, w: VendorWorld) => [w.marker, w.vendor.keyId, w.clickId, w.link.code].filter((s) => text.includes(s));

describe("a vendor account and another vendor's data", () => {
  it('reads none of it through the API with its own session cookie: 403 or 404, nothing of it in the body', async () => {
    const { page } = await world.signedInPage('vendor', { vendorId: a.vendor.id });
    const own = await fetchInPage(page, 'GET', `/api/v1/admin/brands/${a.brand.id}`);
    expect(own.status, 'the session reads its own vendor').toBe(200);
    expect(own.body).toContain(a.marker);
    const paths = [
      `/vendors/${b.vendor.id}`, `/vendors/${b.vendor.id}/integration`, `/brands/${b.brand.id}`, `/products/${b.product.id}`,
      `/conversions/${b.conversion.id}`, `/links/${b.link.id}`, `/brands?vendorId=${b.vendor.id}`, `/products?vendorId=${b.vendor.id}`,
    ];
    for (const path of paths) {
      const answer = await fetchInPage(page, 'GET', `/api/v1/admin${path}`);
      expect([403, 404], `GET ${path} → ${answer.status}`).toContain(answer.status);
      expect(leaksOf(answer.body, b), `GET ${path}`).toEqual([]);
    }
    const list = await fetchInPage(page, 'GET', '/api/v1/admin/conversions');
    expect(list.body).toContain(a.conversion.orderId);
    expect(leaksOf(list.body, b)).toEqual([]);
  });

  it('changes none of it: writes on its ids with session and CSRF token are refused and its rows stay as they were', async () => {
    const { page } = await world.signedInPage('vendor', { vendorId: a.vendor.id });
    const before = await snapshotOf(b);
    const writes: [string, string, unknown][] = [
      ['PATCH', `/brands/${b.brand.id}`, { commissionRateBps: 1 }],
      ['PATCH', `/products/${b.product.id}`, { price: 1 }],
      ['POST', `/vendors/${b.vendor.id}/rotate-secret`, undefined],
      ['POST', `/vendors/${b.vendor.id}/test-order`, { amount: 100, currency: 'EUR' }],
      ['POST', '/products', { brandId: b.brand.id, sku: 'INTRUDER-1', title: 'Intruder', url: 'https://shop.example/x', price: 100, currency: 'EUR' }],
    ];
    for (const [method, path, body] of writes) {
      const answer = await fetchInPage(page, method, `/api/v1/admin${path}`, { body });
      expect([403, 404], `${method} ${path} → ${answer.status} ${answer.body}`).toContain(answer.status);
      expect(leaksOf(answer.body, b), `${method} ${path}`).toEqual([]);
    }
    expect(await snapshotOf(b)).toEqual(before);
  });

  it("in the console sees its own key, brands, products and orders, never the other vendor's, whatever the address says", async () => {
    const { page } = await world.signedInPage('vendor', { vendorId: a.vendor.id });
    await page.goto(`${world.origin}/console/integration?vendor=${b.vendor.id}`);
    await expect.poll(() => page.getByTestId('key-id').textContent()).toBe(a.vendor.keyId);
    const menu = await page.getByRole('navigation').innerText();
    for (const staffOnly of ['Vendors', 'Influencers', 'Payouts', 'Audit log', 'Find a sale']) expect(menu).not.toContain(staffOnly);
    const lists: [string, string][] = [['brands', `Brand ${a.marker}`], ['products', `Product ${a.marker}`], ['conversions', a.conversion.orderId]];
    for (const [path, ownText] of lists) {
      // Asking by address for the other vendor's rows shows none of them.
      await page.goto(`${world.origin}/console/${path}?vendorId=${b.vendor.id}&brandId=${b.brand.id}`);
      await page.waitForLoadState('networkidle');
      expect(leaksOf(await page.content(), b), `${path} filtered by the other vendor`).toEqual([]);
      await page.goto(`${world.origin}/console/${path}`);
      await expect.poll(() => page.getByText(ownText).count(), { message: `${path} shows ${ownText}`, timeout: 10_000 }).toBeGreaterThan(0);
      expect(leaksOf(await page.content(), b), path).toEqual([]);
    }
  }, BROWSER_TEST_TIMEOUT);
});

describe('support', () => {
  it('has no button to approve a payout, and the API refuses its approval even with session and CSRF token', async () => {
    const admin = await world.signedInPage('admin');
    await admin.page.goto(`${world.origin}/console/payouts`);
    await expect.poll(() => admin.page.getByRole('button', { name: /^approve/i }).count(), { message: 'an admin sees the approve button', timeout: 10_000 }).toBeGreaterThan(0);

    const { page } = await world.signedInPage('support');
    await page.goto(`${world.origin}/console/payouts`);
    await page.waitForLoadState('networkidle');
    await expect.poll(() => page.getByRole('table').count(), { message: 'support sees the payouts' }).toBeGreaterThan(0);
    await expect(page.getByRole('button', { name: /^approve/i }).count()).resolves.toBe(0);

    const answer = await fetchInPage(page, 'POST', `/api/v1/admin/payouts/${payoutId}/approve`);
    expect(answer.status).toBe(403);
    expect(JSON.parse(answer.body).error.code).toBe('forbidden');
    const payout = await world.t.database.db.selectFrom('payouts').select(['approved_at']).where('id', '=', payoutId).executeTakeFirstOrThrow();
    expect(payout.approved_at).toBeNull();
  }, BROWSER_TEST_TIMEOUT);
});

describe('the session', () => {
  it('refuses a state-changing request without its X-CSRF-Token (403 csrf_failed), though the cookie is valid', async () => {
    const { page } = await world.signedInPage('vendor', { vendorId: a.vendor.id });
    const count = async () => (await world.t.database.db.selectFrom('conversions').select('id').where('vendor_id', '=', a.vendor.id).execute()).length;
    const before = await count();
    for (const csrf of ['none', 'wrong'] as const) {
      const refused = await fetchInPage(page, 'POST', `/api/v1/admin/vendors/${a.vendor.id}/test-order`, { body: { amount: 100, currency: 'EUR' }, csrf });
      expect(refused.status, csrf).toBe(403);
      expect(JSON.parse(refused.body).error.code).toBe('csrf_failed');
    }
    expect(await count()).toBe(before);
    const accepted = await fetchInPage(page, 'POST', `/api/v1/admin/vendors/${a.vendor.id}/test-order`, { body: { amount: 100, currency: 'EUR' } });
    expect(accepted.status, 'the same request with the token').toBe(200);
    expect(await count()).toBe(before + 1);
  });

  it('refuses a session cookie copied before sign-out, once signed out', async () => {
    const { page, context } = await world.signedInPage('manager');
    const copied = await context.cookies();
    expect(copied.map((c) => c.name)).toContain('dc_session');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to dealcast' }).waitFor();
    const thief = await world.browser.newContext();
    await thief.addCookies(copied);
    for (const path of ['/api/v1/auth/session', '/api/v1/admin/brands']) {
      const answer = await thief.request.get(`${world.origin}${path}`);
      expect(answer.status(), path).toBe(401);
    }
    await thief.close();
  });

  it("after sign-out everywhere on the Account page, every other session of the account is refused", async () => {
    const first = await world.signedInPage('manager');
    const others: BrowserContext[] = [];
    for (let i = 0; i < 2; i += 1) {
      const context = await world.browser.newContext();
      await signIn(await context.newPage(), world.origin, first.email, first.password);
      others.push(context);
    }
    for (const context of others) expect((await context.request.get(`${world.origin}/api/v1/auth/session`)).status()).toBe(200);

    await first.page.getByRole('link', { name: 'Account' }).click();
    await first.page.getByRole('button', { name: 'Sign out everywhere' }).click();
    await first.page.getByRole('dialog').getByRole('button', { name: 'Sign out everywhere' }).click();
    await first.page.getByRole('heading', { name: 'Sign in to dealcast' }).waitFor();
    for (const context of others) {
      expect((await context.request.get(`${world.origin}/api/v1/admin/brands`)).status()).toBe(401);
      const page = context.pages()[0]!;
      await page.reload();
      await page.getByRole('heading', { name: 'Sign in to dealcast' }).waitFor();
      await context.close();
    }
  }, BROWSER_TEST_TIMEOUT);

  it('after 5 wrong passwords the sign-in form says to wait, even for the right password', async () => {
    await createAdmin(world.t.database.db, { email: 'guessed@console.test', password: 'the-right-password-1', role: 'admin' });
    const context = await world.browser.newContext();
    const page = await context.newPage();
    await page.goto(`${world.origin}/console/`);
    await page.getByLabel('Email').fill('guessed@console.test');
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      await page.getByLabel('Password').fill(`wrong-guess-${attempt}`);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect.poll(() => page.getByRole('alert').textContent()).toBe('That email and password do not match an account.');
      await page.getByRole('button', { name: 'Sign in' }).and(page.locator(':enabled')).waitFor();
    }
    await page.getByLabel('Password').fill('the-right-password-1');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('Too many attempts. Wait 15 min and try again.');
    await expect(page.locator('header.topbar').count()).resolves.toBe(0);
    await context.close();
  });
});

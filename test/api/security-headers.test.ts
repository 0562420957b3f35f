import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { factories } from '../factories/index.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { sendSigned } from '../support/vendor.ts';
import { adminClient } from './admin/admin-client.ts';

// The security headers every answer carries (but the redirect's), and the body size limits.

let t: TestApp;
let make: ReturnType<typeof factories>;
beforeAll(async () => {
  t = await createTestApp();
  make = factories(t.database.db, t.deps.secretBox);
});
afterAll(async () => { await t?.close(); });

const cspOf = (headers: Record<string, unknown>) => String(headers['content-security-policy'] ?? '');

describe('security headers', () => {
  it('sends nosniff, same-origin framing and referrer, a content security policy and HSTS behind https', async () => {
    const admin = await adminClient(t, 'admin');
    for (const response of [await t.app.inject('/healthz'), await t.app.inject({ method: 'GET', url: '/api/v1/admin/vendors', headers: { authorization: `Bearer ${admin.token}` } })]) {
      expect(response.headers).toMatchObject({
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'SAMEORIGIN',
        'referrer-policy': 'same-origin',
        'strict-transport-security': 'max-age=31536000',
        'cross-origin-opener-policy': 'same-origin',
        'cross-origin-resource-policy': 'same-origin',
      });
      expect(cspOf(response.headers)).toContain("default-src 'self'");
      expect(cspOf(response.headers)).toContain("frame-ancestors 'self'");
      expect(cspOf(response.headers)).not.toContain('upgrade-insecure-requests');
    }
  });

  it('sends no HSTS when the platform is served over plain http', async () => {
    const plain = await createTestApp({ publicUrl: 'http://127.0.0.1:3000' });
    try {
      const response = await plain.app.inject('/healthz');
      expect(response.headers['strict-transport-security']).toBeUndefined();
      expect(response.headers['x-content-type-options']).toBe('nosniff');
    } finally {
      await plain.close();
    }
  });

  it("keeps the console's page unframeable with one policy of its own, and lets /docs load its own scripts", async () => {
    const page = await t.app.inject('/console/');
    expect([200, 503]).toContain(page.statusCode);
    expect(page.headers['content-security-policy']).toEqual(expect.any(String));
    expect(cspOf(page.headers)).toContain("frame-ancestors 'none'");
    expect(cspOf(page.headers)).toContain("script-src 'self'");
    expect(page.headers['referrer-policy']).toBe('same-origin');

    const docs = await t.app.inject('/docs');
    expect(docs.statusCode).toBe(200);
    expect(cspOf(docs.headers)).toContain("script-src 'self'");
    expect(cspOf(docs.headers)).toContain("img-src 'self' data:");
  });

  it('leaves the redirect without a referrer policy, so the shop sees what a direct link would show (the browser default)', async () => {
    const influencer = await make.influencer();
    const link = await make.link(influencer.id, (await make.product(await make.brand((await make.vendor()).id))).id);
    const response = await t.app.inject({ method: 'GET', url: `/r/${link.code}`, headers: { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0 Safari/537.36' } });
    expect(response.statusCode).toBe(302);
    expect(response.headers['referrer-policy']).toBeUndefined();
    expect(response.headers['content-security-policy']).toBeUndefined();
  });
});

describe('body size limits', () => {
  it('refuses a 300 KB admin body with 413 before reading it as JSON', async () => {
    const admin = await adminClient(t, 'admin');
    const response = await t.app.inject({
      method: 'POST', url: '/api/v1/admin/vendors', headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ name: 'x'.repeat(300 * 1024) }),
    });
    expect(response.statusCode).toBe(413);
    expect(response.json()).toMatchObject({ error: { code: 'payload_too_large' } });
    expect(await t.database.db.selectFrom('vendors').select('id').where('name', 'like', 'xxxx%').execute()).toEqual([]);
  });

  it("takes a vendor's catalog push of several hundred KB, and refuses one over 1 MB", async () => {
    const vendor = await make.vendor();
    const brand = await make.brand(vendor.id);
    const item = (i: number) => ({
      sku: `BULK-${i}`, brand: brand.slug, title: `Product ${i} ${'long title '.repeat(20)}`, url: `https://shop.example/p/${i}`,
      price: 1999, currency: 'EUR', description: crypto.randomBytes(200).toString('hex'),
    });
    const medium = { products: Array.from({ length: 700 }, (_, i) => item(i)) };
    expect(JSON.stringify(medium).length).toBeGreaterThan(500 * 1024);
    const accepted = await sendSigned(t.app, vendor.credentials, { method: 'PUT', url: '/api/v1/catalog/products', body: medium });
    expect(accepted.statusCode, accepted.body.slice(0, 300)).toBe(200);

    const huge = { products: Array.from({ length: 1000 }, (_, i) => ({ ...item(i), description: crypto.randomBytes(600).toString('hex') })) };
    expect(JSON.stringify(huge).length).toBeGreaterThan(1024 * 1024);
    const refused = await sendSigned(t.app, vendor.credentials, { method: 'PUT', url: '/api/v1/catalog/products', body: huge });
    expect(refused.statusCode).toBe(413);
  });
});

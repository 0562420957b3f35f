import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { verifyVendorSignature } from '../../../core/vendors/vendor-signature.ts';
import { startClickWorker } from '../../../queue/clicks.worker.ts';
import { createRedis } from '../../../queue/connection.ts';
import { createTestApp, type TestApp } from '../../support/app.ts';
import { buildVendorWorld, type VendorWorld } from '../../support/admin-world.ts';
import { TEST_REDIS_URL } from '../../support/redis.ts';
import { sendSigned } from '../../support/vendor.ts';
import { adminClient, type AdminClient } from './admin-client.ts';

// The integration page's data and its test order: a real order, signed with the vendor's own
// secret and sent through POST /api/v1/conversions, the route a vendor's server reaches.

const BROWSER_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';

let t: TestApp;
let worker: Awaited<ReturnType<typeof startClickWorker>>;
let a: VendorWorld;
let b: VendorWorld;
let vendorA: AdminClient;
let manager: AdminClient;

beforeAll(async () => {
  t = await createTestApp();
  worker = await startClickWorker({ connection: createRedis(TEST_REDIS_URL), prefix: t.prefix, db: t.database.db, logger: pino({ level: 'silent' }) });
  a = await buildVendorWorld(t, 'alpha');
  b = await buildVendorWorld(t, 'bravo');
  vendorA = await adminClient(t, 'vendor', a.vendor.id);
  manager = await adminClient(t, 'manager');
});
afterAll(async () => {
  await worker?.close();
  await t?.close();
});

const conversionsOf = (vendorId: string) => t.database.db.selectFrom('conversions').select(['order_id', 'status']).where('vendor_id', '=', vendorId).execute();

describe('GET /admin/vendors/:id/integration', () => {
  it('gives the key id, the postback URLs on the public URL and examples, never the secret', async () => {
    const response = await vendorA.call('GET', `/vendors/${a.vendor.id}/integration`);
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({
      vendorId: a.vendor.id, keyId: a.vendor.keyId, secretRotatedAt: null,
      urls: {
        conversions: 'https://dc.test/api/v1/conversions',
        refunds: 'https://dc.test/api/v1/conversions/{orderId}/refunds',
        catalog: 'https://dc.test/api/v1/catalog/products',
      },
      signature: { keyHeader: 'X-Dealcast-Key', signatureHeader: 'X-Dealcast-Signature', toleranceSeconds: 300 },
    });
    expect(JSON.stringify(response.json)).not.toContain(a.vendor.secret);
    expect(JSON.stringify(response.json)).not.toMatch(/whsec_/);
  });

  it('says when the secret was rotated, once it has been', async () => {
    const fresh = await buildVendorWorld(t, 'rotated');
    const rotated = await manager.call('POST', `/vendors/${fresh.vendor.id}/rotate-secret`);
    expect(rotated.status).toBe(200);
    const response = await manager.call('GET', `/vendors/${fresh.vendor.id}/integration`);
    expect(Date.parse(response.json.secretRotatedAt)).toBeGreaterThan(Date.now() - 60_000);
  });

  it("answers 404 to a vendor account asking for another vendor's, with nothing of it", async () => {
    const response = await vendorA.call('GET', `/vendors/${b.vendor.id}/integration`);
    expect(response.status).toBe(404);
    expect(JSON.stringify(response.json)).not.toContain(b.vendor.keyId);
  });
});

describe('POST /admin/vendors/:id/test-order', () => {
  it('signs with the vendor secret; the real route verifies it and records an order without a click as unattributed', async () => {
    const response = await vendorA.call('POST', `/vendors/${a.vendor.id}/test-order`, { amount: 2599, currency: 'eur' });
    expect(response.status).toBe(200);
    const { orderId, request, response: answer } = response.json;
    expect(orderId).toMatch(/^test-\d{13}-[0-9a-f]{6}$/);
    expect(request).toMatchObject({ method: 'POST', url: 'https://dc.test/api/v1/conversions', json: { orderId, amount: 2599, currency: 'EUR' } });
    expect(request.headers['x-dealcast-key']).toBe(a.vendor.keyId);
    // The signature shown is one the vendor could have made with its own secret over the raw body.
    expect(() => verifyVendorSignature(a.vendor.secret, request.body, request.headers['x-dealcast-signature'], Math.floor(Date.now() / 1000))).not.toThrow();
    expect(answer.status).toBe(202);
    expect(answer.body).toMatchObject({ status: 'unattributed', attributed: false, attributionReason: 'no_click', commission: null });
    expect(JSON.stringify(response.json)).not.toContain(a.vendor.secret);
    expect(await conversionsOf(a.vendor.id)).toContainEqual({ order_id: orderId, status: 'unattributed' });
    const audit = await t.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'vendor.test_order').where('entity_id', '=', a.vendor.id).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actor).toBe(`admin:${vendorA.id}`);
    expect(JSON.stringify(audit[0]!.after)).toContain(orderId);
  });

  it("refuses a vendor account sending for another vendor, and records nothing for it", async () => {
    const before = await conversionsOf(b.vendor.id);
    const response = await vendorA.call('POST', `/vendors/${b.vendor.id}/test-order`, { amount: 1000, currency: 'EUR' });
    expect([403, 404]).toContain(response.status);
    expect(JSON.stringify(response.json)).not.toContain(b.vendor.keyId);
    expect(await conversionsOf(b.vendor.id)).toEqual(before);
  });

  it('with the click id of a real redirect, attributes the order and accrues its commission', async () => {
    const tap = await t.app.inject({ method: 'GET', url: `/r/${a.link.code}`, headers: { 'user-agent': BROWSER_UA, 'accept-language': 'en-GB' }, remoteAddress: '203.0.113.40' });
    expect(tap.statusCode).toBe(302);
    const clickId = new URL(tap.headers.location as string).searchParams.get('dc_click')!;
    await expect.poll(async () => (await t.database.db.selectFrom('clicks').select('id').where('id', '=', clickId).execute()).length, { timeout: 15_000 }).toBe(1);
    const response = await vendorA.call('POST', `/vendors/${a.vendor.id}/test-order`, { amount: 10_000, currency: 'EUR', clickId });
    expect(response.status).toBe(200);
    expect(response.json.request.json.clickId).toBe(clickId);
    expect(response.json.response.status).toBe(202);
    // The world's brand pays 10 %: 10 000 → 1 000.
    expect(response.json.response.body).toMatchObject({ status: 'attributed', attributed: true, commission: { amount: 1000, currency: 'EUR', status: 'pending' } });
  });

  it('after a rotation with no grace signs with the new secret, and the old one is refused by the real route', async () => {
    const fresh = await buildVendorWorld(t, 'rekeyed');
    expect((await manager.call('POST', `/vendors/${fresh.vendor.id}/rotate-secret?graceHours=0`)).status).toBe(200);
    const response = await manager.call('POST', `/vendors/${fresh.vendor.id}/test-order`, { amount: 500, currency: 'EUR' });
    expect(response.json.response.status).toBe(202);
    const old = await sendSigned(t.app, { keyId: fresh.vendor.keyId, secret: fresh.vendor.secret }, {
      method: 'POST', url: '/api/v1/conversions', body: { orderId: 'OLD-SECRET-1', amount: 500, currency: 'EUR' },
    });
    expect(old.statusCode).toBe(401);
    expect(old.json().error.code).toBe('invalid_signature');
  });

  it("shows the route's refusal when the click id is not one the route accepts", async () => {
    const response = await vendorA.call('POST', `/vendors/${a.vendor.id}/test-order`, { amount: 500, currency: 'EUR', clickId: 'not-a-click' });
    expect(response.status).toBe(200);
    expect(response.json.response.status).toBe(400);
    expect(JSON.stringify(response.json.response.body)).toContain('clickId');
  });

  it('refuses support (read-only) and a bad amount', async () => {
    const support = await adminClient(t, 'support');
    expect((await support.call('POST', `/vendors/${a.vendor.id}/test-order`, { amount: 500, currency: 'EUR' })).status).toBe(403);
    const bad = await vendorA.call('POST', `/vendors/${a.vendor.id}/test-order`, { amount: '500', currency: 'EUR' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.json.error.details)).toContain('amount');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { factories } from '../../factories/index.ts';
import { createTestApp, type TestApp } from '../../support/app.ts';
import { sendSigned } from '../../support/vendor.ts';
import { adminClient, type AdminClient } from './admin-client.ts';

// Staff set the commission rates a vendor's accounts may choose; within them a vendor sets its
// own brands' and products' rates, outside them it is refused with the limit named, and it
// never reaches another vendor's brand. Staff are not bound.

let t: TestApp;
let admin: AdminClient;
let manager: AdminClient;
let vendor: AdminClient;
let mine: Awaited<ReturnType<ReturnType<typeof factories>['vendor']>>;
let myBrand: { id: string; vendor_id: string; slug: string };
let theirBrand: { id: string; vendor_id: string };
let myProduct: { id: string };

beforeAll(async () => {
  t = await createTestApp();
  const make = factories(t.database.db, t.deps.secretBox);
  admin = await adminClient(t, 'admin');
  manager = await adminClient(t, 'manager');
  mine = await make.vendor({ name: 'Limited' });
  const theirs = await make.vendor({ name: 'Other' });
  myBrand = await make.brand(mine.id, { commissionRateBps: 1000 });
  theirBrand = await make.brand(theirs.id, { commissionRateBps: 1000 });
  myProduct = await make.product(myBrand, { sku: 'LIM-1' });
  vendor = await adminClient(t, 'vendor', mine.id);
});
afterAll(async () => { await t?.close(); });

describe('vendor rate limits', () => {
  it('are set by staff, shown to the vendor, and must keep the minimum at or below the maximum', async () => {
    const set = await manager.call('PATCH', `/vendors/${mine.id}`, { minRateBps: 500, maxRateBps: 2000 });
    expect(set.status, JSON.stringify(set.json)).toBe(200);
    expect(set.json).toMatchObject({ id: mine.id, minRateBps: 500, maxRateBps: 2000 });
    expect((await vendor.call('GET', `/vendors/${mine.id}`)).json).toMatchObject({ minRateBps: 500, maxRateBps: 2000 });

    const upsideDown = await admin.call('PATCH', `/vendors/${mine.id}`, { minRateBps: 2500 });
    expect(upsideDown.status).toBe(400);
    expect(upsideDown.json.error.message).toMatch(/minRateBps 2500 bps .* is above maxRateBps 2000 bps/);
    expect((await vendor.call('PATCH', `/vendors/${mine.id}`, { maxRateBps: 9000 })).status).toBe(403);
  });

  it("let a vendor set its own brand's rate within them, and refuse a rate outside naming the limit", async () => {
    const within = await vendor.call('PUT', `/brands/${myBrand.id}/commission-rate`, { commissionRateBps: 1500 });
    expect(within.status, JSON.stringify(within.json)).toBe(200);
    expect(within.json.commissionRateBps).toBe(1500);

    const above = await vendor.call('PUT', `/brands/${myBrand.id}/commission-rate`, { commissionRateBps: 2500 });
    expect(above.status).toBe(400);
    expect(above.json.error).toMatchObject({ code: 'validation_failed', details: { field: 'commissionRateBps', limit: 'maxRateBps', maxRateBps: 2000 } });
    expect(above.json.error.message).toMatch(/maximum rate \(maxRateBps\) of 2000 bps \(20 %\)/);
    const below = await vendor.call('PUT', `/brands/${myBrand.id}/commission-rate`, { commissionRateBps: 100 });
    expect(below.status).toBe(400);
    expect(below.json.error.details.limit).toBe('minRateBps');
    expect((await vendor.call('GET', `/brands/${myBrand.id}`)).json.commissionRateBps).toBe(1500);

    // Only the rate: the other terms of a brand stay with staff.
    expect((await vendor.call('PATCH', `/brands/${myBrand.id}`, { lockDays: 0 })).status).toBe(403);
  });

  it("answer 404 for another vendor's brand, whatever the rate", async () => {
    const response = await vendor.call('PUT', `/brands/${theirBrand.id}/commission-rate`, { commissionRateBps: 1000 });
    expect(response.status).toBe(404);
    const stored = await t.database.db.selectFrom('brands').select('commission_rate_bps').where('id', '=', theirBrand.id).executeTakeFirstOrThrow();
    expect(stored.commission_rate_bps).toBe(1000);
  });

  it('bind product rates a vendor sets, but not a rate it leaves alone, nor staff', async () => {
    expect((await vendor.call('PATCH', `/products/${myProduct.id}`, { commissionRateBps: 1800 })).status).toBe(200);
    const outside = await vendor.call('PATCH', `/products/${myProduct.id}`, { commissionRateBps: 3000 });
    expect(outside.status).toBe(400);
    expect(outside.json.error.message).toMatch(/commissionRateBps 3000 bps .*maximum rate \(maxRateBps\) of 2000 bps/);
    const created = await vendor.call('POST', '/products', {
      brandId: myBrand.id, sku: 'LIM-2', title: 'Too generous', url: 'https://shop.example/lim-2', price: 1000, currency: 'EUR', commissionRateBps: 300,
    });
    expect(created.status).toBe(400);
    expect(created.json.error.details.limit).toBe('minRateBps');

    // Staff may set any rate; the vendor can still change the price of that product.
    expect((await admin.call('PATCH', `/products/${myProduct.id}`, { commissionRateBps: 5000 })).status).toBe(200);
    expect((await admin.call('PUT', `/brands/${myBrand.id}/commission-rate`, { commissionRateBps: 4000 })).status).toBe(200);
    const repriced = await vendor.call('PATCH', `/products/${myProduct.id}`, { price: 1234 });
    expect(repriced.status, JSON.stringify(repriced.json)).toBe(200);
    expect(repriced.json).toMatchObject({ price: 1234, commissionRateBps: 5000 });
  });

  it("hold for the vendor's catalog push too", async () => {
    const response = await sendSigned(t.app, mine.credentials, {
      method: 'PUT', url: '/api/v1/catalog/products',
      body: { products: [{ brand: myBrand.slug, sku: 'LIM-3', title: 'Pushed', url: 'https://shop.example/lim-3', price: 1000, currency: 'EUR', commissionRateBps: 9000 }] },
    });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.body).toMatch(/maxRateBps/);
  });

  it('are audited with the vendor before and after', async () => {
    const rows = await t.database.db.selectFrom('audit_log').select(['action', 'before', 'after']).where('entity', '=', 'vendor').where('entity_id', '=', mine.id).execute();
    expect(rows.map((r) => r.action)).toEqual(['vendor.update']);
    expect(rows[0]!.before).toMatchObject({ minRateBps: 0, maxRateBps: 10_000 });
    expect(rows[0]!.after).toMatchObject({ minRateBps: 500, maxRateBps: 2000 });
  });
});

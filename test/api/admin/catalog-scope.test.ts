import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { factories } from '../../factories/index.ts';
import { createTestApp, type TestApp } from '../../support/app.ts';
import { sendSigned } from '../../support/vendor.ts';
import { adminClient, type AdminClient } from './admin-client.ts';

// The catalog's vendor scoping and audit trail: a vendor account reaches its own vendor's
// vendors, brands and products only, and every change leaves one audit row with the object
// before and after it, never a secret.

let t: TestApp;
let admin: AdminClient;
let mine: Awaited<ReturnType<ReturnType<typeof factories>['vendor']>>;
let theirs: Awaited<ReturnType<ReturnType<typeof factories>['vendor']>>;
let myVendor: AdminClient;
let myBrand: { id: string; slug: string; vendor_id: string };
let theirBrand: { id: string; slug: string; vendor_id: string };

beforeAll(async () => {
  t = await createTestApp();
  const f = factories(t.database.db, t.deps.secretBox);
  admin = await adminClient(t, 'admin');
  mine = await f.vendor({ name: 'Mine' });
  theirs = await f.vendor({ name: 'Theirs' });
  myBrand = await f.brand(mine.id, { name: 'My label' });
  theirBrand = await f.brand(theirs.id, { name: 'Their label' });
  myVendor = await adminClient(t, 'vendor', mine.id);
});
afterAll(async () => { await t?.close(); });

const auditRows = (entity: string, id: string) => t.database.db.selectFrom('audit_log')
  .select(['actor', 'action', 'before', 'after', 'details']).where('entity', '=', entity).where('entity_id', '=', id).orderBy('id').execute();

describe('vendor scope', () => {
  it("answers 404 for another vendor's vendor, brand and product, and lists only its own", async () => {
    const theirProduct = await factories(t.database.db, t.deps.secretBox).product(theirBrand);
    expect((await myVendor.call('GET', `/vendors/${theirs.id}`)).status).toBe(404);
    expect((await myVendor.call('GET', `/vendors/${mine.id}`)).json).toMatchObject({ id: mine.id, name: 'Mine' });
    expect((await myVendor.call('GET', `/brands/${theirBrand.id}`)).status).toBe(404);
    expect((await myVendor.call('GET', `/brands/${myBrand.id}`)).json).toMatchObject({ id: myBrand.id, vendorId: mine.id });
    expect((await myVendor.call('GET', '/brands')).json.items.map((b: { id: string }) => b.id)).toEqual([myBrand.id]);
    expect((await myVendor.call('GET', `/products/${theirProduct.id}`)).status).toBe(404);
    expect((await myVendor.call('GET', `/products?brandId=${theirBrand.id}`)).json.items).toEqual([]);
  });

  it("rotates its own signing secret only: another vendor's is a 404 and keeps working", async () => {
    const refused = await myVendor.call('POST', `/vendors/${theirs.id}/rotate-secret`);
    expect(refused.status).toBe(404);
    const push = await sendSigned(t.app, theirs.credentials, { method: 'PUT', url: '/api/v1/catalog/products', body: { products: [] } });
    expect(push.statusCode).toBe(400);
    expect(await auditRows('vendor', theirs.id)).toEqual([]);

    const own = await myVendor.call('POST', `/vendors/${mine.id}/rotate-secret`);
    expect(own.status).toBe(200);
    expect(own.json).toMatchObject({ id: mine.id, secret: expect.stringMatching(/^whsec_/) });
    const [row] = await auditRows('vendor', mine.id);
    expect(row).toMatchObject({ actor: `admin:${myVendor.id}`, action: 'vendor.rotate_secret', before: { id: mine.id, keyId: mine.key_id }, after: { id: mine.id } });
    expect(JSON.stringify(row)).not.toContain(own.json.secret);
    expect(JSON.stringify([row!.before, row!.after])).not.toMatch(/secret|whsec_/i);
  });

  it("changes nothing of another vendor's product, and places products under its own brands only", async () => {
    const f = factories(t.database.db, t.deps.secretBox);
    const theirProduct = await f.product(theirBrand, { title: 'Theirs to keep' });
    const myProduct = await f.product(myBrand, { sku: 'MINE-1' });
    expect((await myVendor.call('PATCH', `/products/${theirProduct.id}`, { title: 'Taken over' })).status).toBe(404);
    expect(await auditRows('product', theirProduct.id)).toEqual([]);

    const moved = await myVendor.call('PATCH', `/products/${myProduct.id}`, { brandId: theirBrand.id });
    expect(moved.status).toBe(403);
    expect(moved.json.error.message).toContain('another vendor');
    // Staff cannot move a product to another vendor's brand either: the product's vendor owns it.
    expect((await admin.call('PATCH', `/products/${myProduct.id}`, { brandId: theirBrand.id })).status).toBe(403);
    expect((await myVendor.call('POST', '/products', { brandId: '987654', sku: 'GHOST', title: 'Ghost', url: 'https://x.example/g', price: 1, currency: 'EUR' })).status).toBe(404);

    const created = await myVendor.call('POST', '/products', { brandId: myBrand.id, sku: 'MINE-2', title: 'Mine too', url: 'https://x.example/2', price: 100, currency: 'EUR' });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ vendorId: mine.id, brandId: myBrand.id });
    const taken = await myVendor.call('PATCH', `/products/${created.json.id}`, { sku: 'MINE-1' });
    expect(taken.status).toBe(409);
    expect(taken.json.error.message).toContain('MINE-1');
    expect((await myVendor.call('GET', `/products/${created.json.id}`)).json.sku).toBe('MINE-2');
  });
});

describe('audit', () => {
  it('records vendors, brands and products with the object before and after, and no secret', async () => {
    const vendor = await admin.call('POST', '/vendors', { name: 'Audited Vendor' });
    const [vendorRow] = await auditRows('vendor', vendor.json.id);
    expect(vendorRow).toMatchObject({ action: 'vendor.create', before: null, after: { id: vendor.json.id, name: 'Audited Vendor', keyId: vendor.json.keyId } });
    expect(JSON.stringify(vendorRow)).not.toContain(vendor.json.secret);

    const brand = await admin.call('POST', '/brands', { vendorId: vendor.json.id, name: 'Audited Brand', commissionRateBps: 700 });
    await admin.call('PATCH', `/brands/${brand.json.id}`, { commissionRateBps: 900, name: '  Renamed  ' });
    const brandRows = await auditRows('brand', brand.json.id);
    expect(brandRows.map((r) => r.action)).toEqual(['brand.create', 'brand.update']);
    expect(brandRows[0]).toMatchObject({ before: null, after: { slug: 'audited-brand', commissionRateBps: 700 } });
    expect(brandRows[1]).toMatchObject({ before: { commissionRateBps: 700, name: 'Audited Brand' }, after: { commissionRateBps: 900, name: 'Renamed' } });

    const product = await admin.call('POST', '/products', { brandId: brand.json.id, sku: 'AUD-1', title: 'Audited', url: 'https://x.example/a', price: 500, currency: 'eur' });
    expect(product.json.currency).toBe('EUR');
    await admin.call('PATCH', `/products/${product.json.id}`, { price: 450, description: 'Now described' });
    const productRows = await auditRows('product', product.json.id);
    expect(productRows.map((r) => [r.actor, r.action])).toEqual([[`admin:${admin.id}`, 'product.create'], [`admin:${admin.id}`, 'product.update']]);
    expect(productRows[0]).toMatchObject({ before: null, after: { sku: 'AUD-1', price: 500, vendorId: vendor.json.id } });
    expect(productRows[1]).toMatchObject({ before: { price: 500, description: null }, after: { price: 450, description: 'Now described' } });
  });

  it('records a catalog push as one row for the vendor, with the counts', async () => {
    const vendor = await factories(t.database.db, t.deps.secretBox).vendor();
    const brand = await factories(t.database.db, t.deps.secretBox).brand(vendor.id);
    const item = (sku: string) => ({ sku, brand: brand.slug, title: sku, url: `https://x.example/${sku}`, price: 100, currency: 'EUR' });
    const pushed = await sendSigned(t.app, vendor.credentials, { method: 'PUT', url: '/api/v1/catalog/products', body: { products: [item('P-1'), item('P-2')] } });
    expect(pushed.json()).toEqual({ created: 2, updated: 0 });
    expect(await auditRows('vendor', vendor.id)).toEqual([{ actor: `vendor:${vendor.id}`, action: 'catalog.push', before: null, after: null, details: { created: 2, updated: 0 } }]);
  });
});

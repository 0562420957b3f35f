import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { factories } from '../factories/index.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { sendSigned, type VendorCredentials } from '../support/vendor.ts';

let t: TestApp;
let vendor: { id: string; credentials: VendorCredentials };
let brand: { id: string; slug: string };
let otherBrand: { id: string; slug: string };

beforeAll(async () => {
  t = await createTestApp();
  const f = factories(t.database.db, t.deps.secretBox);
  vendor = await f.vendor();
  brand = await f.brand(vendor.id, { name: 'Gizmo' });
  otherBrand = await f.brand((await f.vendor()).id, { name: 'Rival' });
});
afterAll(async () => { await t?.close(); });

const push = (products: unknown[], credentials = vendor.credentials) =>
  sendSigned(t.app, credentials, { method: 'PUT', url: '/api/v1/catalog/products', body: { products } });
const item = (sku: string, overrides: Record<string, unknown> = {}) => ({
  sku, brand: brand.slug, title: `Product ${sku}`, url: `https://shop.example/${sku}`, price: 1999, currency: 'EUR', ...overrides,
});
const stored = (sku: string) => t.database.db.selectFrom('products').selectAll().where('vendor_id', '=', vendor.id).where('sku', '=', sku).executeTakeFirst();
const productCount = async () => (await t.database.db.selectFrom('products').select('id').execute()).length;

describe('PUT /api/v1/catalog/products', () => {
  it('creates new products and updates known ones by sku, answering the counts', async () => {
    const first = await push([item('A-1', { listPrice: 2999, category: 'gadgets', commissionRateBps: 1500 }), item('A-2', { brand: brand.id }), item('A-4', { brand: brand.slug.toUpperCase() })]);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ created: 3, updated: 0 });
    expect(await stored('A-1')).toMatchObject({ brand_id: brand.id, title: 'Product A-1', price: '1999', list_price: '2999', currency: 'EUR', commission_rate_bps: 1500, active: true });

    const second = await push([item('A-1', { price: 1499, title: 'Cheaper now' }), item('A-3', { active: false })]);
    expect(second.json()).toEqual({ created: 1, updated: 1 });
    // An item replaces the product: fields it leaves out are emptied.
    expect(await stored('A-1')).toMatchObject({ title: 'Cheaper now', price: '1499', list_price: null, category: null, commission_rate_bps: null });
    expect(await stored('A-3')).toMatchObject({ active: false });
    const audit = await t.database.db.selectFrom('audit_log').select(['actor', 'action']).where('action', '=', 'catalog.push').execute();
    expect(audit).toEqual([{ actor: `vendor:${vendor.id}`, action: 'catalog.push' }, { actor: `vendor:${vendor.id}`, action: 'catalog.push' }]);
  });

  it('refuses the whole push when one item is invalid, listing each problem by index', async () => {
    const before = await productCount();
    const response = await push([
      item('B-1'),
      item('B-2', { currency: 'XXX', url: 'javascript:alert(1)' }),
      item('B-3', { brand: 'no-such-brand' }),
      item('B-1'),
    ]);
    expect(response.statusCode).toBe(400);
    const { error } = response.json();
    expect(error.code).toBe('validation_failed');
    expect(error.details.items).toEqual([
      { index: 1, sku: 'B-2', field: 'url', problem: expect.any(String) },
      { index: 1, sku: 'B-2', field: 'currency', problem: expect.stringContaining('XXX') },
      { index: 2, sku: 'B-3', field: 'brand', problem: expect.stringContaining('no-such-brand') },
      { index: 3, sku: 'B-1', field: 'sku', problem: expect.stringContaining('index 0') },
    ]);
    expect(await productCount()).toBe(before);
  });

  it('refuses money as text or fractions, naming the item and field', async () => {
    const response = await push([item('C-1'), item('C-2', { price: 19.99 }), item('C-3', { price: '1999' })]);
    expect(response.statusCode).toBe(400);
    const fields = response.json().error.details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['products.1.price', 'products.2.price']));
    expect(await stored('C-1')).toBeUndefined();
  });

  it("refuses with 403 a push naming another vendor's brand, writing nothing", async () => {
    const response = await push([item('D-1'), item('D-2', { brand: otherBrand.slug })]);
    expect(response.statusCode).toBe(403);
    expect(response.json().error.details.items).toEqual([{ index: 1, sku: 'D-2', field: 'brand', problem: expect.stringContaining('another vendor') }]);
    expect(await stored('D-1')).toBeUndefined();
  });

  it('needs a valid signature and at most 1000 items', async () => {
    const forged = await push([item('E-1')], { keyId: vendor.credentials.keyId, secret: 'whsec_wrong' });
    expect(forged.statusCode).toBe(401);
    const tooMany = await push(Array.from({ length: 1001 }, (_, i) => item(`F-${i}`)));
    expect(tooMany.statusCode).toBe(400);
    expect(await stored('E-1')).toBeUndefined();
  });

  it('upserts a full push of 1000 products in one go', async () => {
    const response = await push(Array.from({ length: 1000 }, (_, i) => item(`BULK-${i}`, { price: 100 + i })));
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ created: 1000, updated: 0 });
    expect(await stored('BULK-999')).toMatchObject({ price: '1099' });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../support/app.ts';
import { sendSigned } from '../../support/vendor.ts';
import { adminClient, type AdminClient } from './admin-client.ts';

let t: TestApp;
let admin: AdminClient;
beforeAll(async () => {
  t = await createTestApp();
  admin = await adminClient(t, 'admin');
});
afterAll(async () => { await t?.close(); });

const audit = (entity: string, id: string) =>
  t.database.db.selectFrom('audit_log').select(['actor', 'action']).where('entity', '=', entity).where('entity_id', '=', id).execute();

describe('vendors', () => {
  it('shows the signing secret once, at creation, and it signs vendor requests', async () => {
    const created = await admin.call('POST', '/vendors', { name: 'Shenzhen Gadgets' });
    expect(created.status).toBe(201);
    expect(created.json).toEqual({ id: expect.stringMatching(/^\d+$/), name: 'Shenzhen Gadgets', keyId: expect.stringMatching(/^vk_/), secret: expect.stringMatching(/^whsec_[0-9a-f]{64}$/), minRateBps: 0, maxRateBps: 10_000, createdAt: expect.any(String) });

    const fetched = await admin.call('GET', `/vendors/${created.json.id}`);
    expect(fetched.json).toEqual({ id: created.json.id, name: 'Shenzhen Gadgets', keyId: created.json.keyId, minRateBps: 0, maxRateBps: 10_000, createdAt: created.json.createdAt });
    const listed = await admin.call('GET', '/vendors');
    expect(JSON.stringify(listed.json)).not.toContain(created.json.secret);
    const stored = await t.database.db.selectFrom('vendors').select('secret_encrypted').where('id', '=', created.json.id).executeTakeFirstOrThrow();
    expect(stored.secret_encrypted).not.toContain(created.json.secret);
    expect(await audit('vendor', created.json.id)).toEqual([{ actor: `admin:${admin.id}`, action: 'vendor.create' }]);

    // The secret works for the signed vendor API (an empty-brand push is refused on its body, not its signature).
    const credentials = { keyId: created.json.keyId, secret: created.json.secret };
    const signed = await sendSigned(t.app, credentials, { method: 'PUT', url: '/api/v1/catalog/products', body: { products: [] } });
    expect(signed.statusCode).toBe(400);

    // After a rotation with no grace (a leaked secret) only the new secret signs (test/api/vendor-secret-rotation.test.ts: the grace).
    const rotated = await admin.call('POST', `/vendors/${created.json.id}/rotate-secret?graceHours=0`);
    expect(rotated.status).toBe(200);
    expect(rotated.json.secret).not.toBe(created.json.secret);
    expect((await sendSigned(t.app, credentials, { method: 'PUT', url: '/api/v1/catalog/products', body: { products: [] } })).statusCode).toBe(401);
  });

  it('names the field of a bad body and answers 404 JSON for an unknown vendor', async () => {
    const blank = await admin.call('POST', '/vendors', { name: '   ' });
    expect(blank.status).toBe(400);
    expect(JSON.stringify(blank.json.error)).toContain('name');
    const extra = await admin.call('POST', '/vendors', { name: 'Ok', secret: 'mine' });
    expect(extra.status).toBe(400);
    expect(JSON.stringify(extra.json.error.details)).toContain('secret');
    const missing = await admin.call('GET', '/vendors/987654');
    expect(missing.status).toBe(404);
    expect(missing.json.error.code).toBe('not_found');
  });
});

describe('brands and products', () => {
  let vendorId: string;
  let brand: { id: string; slug: string };

  beforeAll(async () => {
    vendorId = (await admin.call('POST', '/vendors', { name: 'Catalog Vendor' })).json.id;
  });

  it('creates a brand with a slug and its defaults, and changes it', async () => {
    const created = await admin.call('POST', '/brands', { vendorId, name: 'Lumière Maison', commissionRateBps: 800 });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ vendorId, name: 'Lumière Maison', slug: 'lumiere-maison', commissionRateBps: 800, lockDays: 30, attributionWindowDays: 30, autoApprove: true });
    brand = created.json;

    const again = await admin.call('POST', '/brands', { vendorId, name: 'Lumière Maison', commissionRateBps: 500, lockDays: 14, autoApprove: false });
    expect(again.status).toBe(201);
    expect(again.json.slug).toMatch(/^lumiere-maison-[0-9a-f]{4}$/);

    const changed = await admin.call('PATCH', `/brands/${brand.id}`, { commissionRateBps: 1200, lockDays: 7 });
    expect(changed.status).toBe(200);
    expect(changed.json).toMatchObject({ id: brand.id, commissionRateBps: 1200, lockDays: 7, slug: 'lumiere-maison' });
    expect((await audit('brand', brand.id)).map((a) => a.action)).toEqual(['brand.create', 'brand.update']);
  });

  it('refuses bad brands with the field named, an unknown vendor with 404, a taken slug with 409', async () => {
    const rate = await admin.call('POST', '/brands', { vendorId, name: 'Too generous', commissionRateBps: 10_001 });
    expect(rate.status).toBe(400);
    expect(rate.json.error.details[0].field).toBe('commissionRateBps');
    expect((await admin.call('POST', '/brands', { vendorId: '424242', name: 'Orphan', commissionRateBps: 100 })).status).toBe(404);
    const taken = await admin.call('POST', '/brands', { vendorId, name: 'Other', slug: 'lumiere-maison', commissionRateBps: 100 });
    expect(taken.status).toBe(409);
  });

  it('creates a product under a brand, with its vendor derived from the brand', async () => {
    const created = await admin.call('POST', '/products', {
      brandId: brand.id, sku: 'LAMP-1', title: 'Desk lamp', url: 'https://shop.example/lamp-1', price: 2999, listPrice: 4599,
      currency: 'EUR', imageUrl: 'https://shop.example/lamp-1.jpg', category: 'home',
    });
    expect(created.status).toBe(201);
    expect(created.json).toEqual({
      id: expect.stringMatching(/^\d+$/), vendorId, brandId: brand.id, sku: 'LAMP-1', title: 'Desk lamp', description: null,
      url: 'https://shop.example/lamp-1', imageUrl: 'https://shop.example/lamp-1.jpg', category: 'home', price: 2999, listPrice: 4599,
      currency: 'EUR', commissionRateBps: null, active: true, createdAt: expect.any(String), updatedAt: expect.any(String),
    });

    const duplicate = await admin.call('POST', '/products', { brandId: brand.id, sku: 'LAMP-1', title: 'Again', url: 'https://shop.example/x', price: 1, currency: 'EUR' });
    expect(duplicate.status).toBe(409);
    expect(duplicate.json.error.message).toContain('LAMP-1');

    const changed = await admin.call('PATCH', `/products/${created.json.id}`, { price: 2499, commissionRateBps: 1500 });
    expect(changed.json).toMatchObject({ price: 2499, listPrice: 4599, commissionRateBps: 1500, title: 'Desk lamp' });
    const cleared = await admin.call('PATCH', `/products/${created.json.id}`, { commissionRateBps: null, active: false });
    expect(cleared.json).toMatchObject({ commissionRateBps: null, active: false });
    expect((await audit('product', created.json.id)).map((a) => a.action)).toEqual(['product.create', 'product.update', 'product.update']);
  });

  it('refuses money that is not integer minor units and names each bad field', async () => {
    const bad = await admin.call('POST', '/products', { brandId: brand.id, sku: 'BAD-1', title: 'Bad', url: 'ftp://nope', price: 19.99, currency: 'EUR' });
    expect(bad.status).toBe(400);
    expect(bad.json.error.details.map((d: { field: string }) => d.field)).toContain('price');
    const asText = await admin.call('POST', '/products', { brandId: brand.id, sku: 'BAD-2', title: 'Bad', url: 'https://ok.example', price: '1999', currency: 'EUR' });
    expect(asText.status).toBe(400);
    const rules = await admin.call('POST', '/products', { brandId: brand.id, sku: 'BAD-3', title: 'Bad', url: 'ftp://nope', price: 1999, listPrice: 999, currency: 'XXX' });
    expect(rules.status).toBe(400);
    expect(rules.json.error.message).toMatch(/url .*; currency .*; listPrice/);
    expect((await admin.call('GET', '/products?sku=BAD-3')).json.items).toEqual([]);
    expect((await admin.call('PATCH', '/products/999999', { title: 'Ghost' })).status).toBe(404);
  });

  it('lists products by filter, page by page, with an opaque cursor', async () => {
    for (let i = 0; i < 5; i++) {
      await admin.call('POST', '/products', { brandId: brand.id, sku: `PAGE-${i}`, title: `Page ${i}`, url: `https://shop.example/p/${i}`, price: 100 + i, currency: 'PLN', category: 'paging' });
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { status: number; json: { items: { sku: string }[]; nextCursor: string | null } } =
        await admin.call('GET', `/products?category=paging&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      seen.push(...page.json.items.map((p) => p.sku));
      cursor = page.json.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(['PAGE-4', 'PAGE-3', 'PAGE-2', 'PAGE-1', 'PAGE-0']);

    expect((await admin.call('GET', `/products?brandId=${brand.id}&active=false`)).json.items.map((p: { sku: string }) => p.sku)).toEqual(['LAMP-1']);
    const badCursor = await admin.call('GET', '/products?cursor=not-a-cursor');
    expect(badCursor.status).toBe(400);
    expect(badCursor.json.error.message).toContain('cursor');
    const tooMany = await admin.call('GET', '/products?limit=501');
    expect(tooMany.status).toBe(400);
    expect(tooMany.json.error.details[0].field).toBe('limit');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Validator } from '@seriousme/openapi-schema-validator';
import { createTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;
// The document is read loosely and its shape asserted with expect().
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let spec: any;
beforeAll(async () => {
  t = await createTestApp();
  const response = await t.app.inject({ method: 'GET', url: '/docs/json' });
  expect(response.statusCode).toBe(200);
  spec = response.json();
});
afterAll(async () => { await t?.close(); });

const bodySchema = (path: string, method: string) => spec.paths[path]?.[method]?.requestBody?.content?.['application/json']?.schema;

describe('OpenAPI', () => {
  it('is a valid OpenAPI 3 document', async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(spec));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(spec.openapi).toMatch(/^3\./);
  });

  it('lists every admin resource with its bearer security and tags', () => {
    for (const resource of ['vendors', 'brands', 'products', 'influencers', 'links', 'clicks', 'conversions', 'commissions']) {
      const list = spec.paths[`/api/v1/admin/${resource}`]?.get;
      expect(list, `GET /api/v1/admin/${resource}`).toBeDefined();
      expect(list.security).toEqual([{ bearer: [] }]);
      expect(list.tags.length).toBeGreaterThan(0);
      expect(list.summary).toEqual(expect.any(String));
      expect(list.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['limit', 'cursor']));
      expect(list.responses['200'].content['application/json'].schema.properties).toHaveProperty('nextCursor');
    }
    for (const resource of ['vendors', 'brands', 'products', 'influencers', 'links']) {
      expect(spec.paths[`/api/v1/admin/${resource}`]?.post, `POST /api/v1/admin/${resource}`).toBeDefined();
      expect(spec.paths[`/api/v1/admin/${resource}/{id}`]?.get, `GET /api/v1/admin/${resource}/{id}`).toBeDefined();
    }
    expect(spec.paths['/api/v1/admin/products/{id}'].patch).toBeDefined();
    expect(spec.paths['/api/v1/admin/brands/{id}'].patch).toBeDefined();
    expect(spec.components.securitySchemes.bearer).toEqual({ type: 'http', scheme: 'bearer' });
  });

  it('documents the bodies and answers of the admin API', () => {
    expect(bodySchema('/api/v1/admin/products', 'post').required).toEqual(expect.arrayContaining(['brandId', 'sku', 'title', 'url', 'price', 'currency']));
    expect(bodySchema('/api/v1/admin/links', 'post').properties.channel.enum).toEqual(['telegram', 'whatsapp', 'instagram', 'offline', 'other', 'storefront']);
    const vendorCreated = spec.paths['/api/v1/admin/vendors'].post.responses['201'].content['application/json'].schema;
    expect(Object.keys(vendorCreated.properties)).toEqual(expect.arrayContaining(['id', 'keyId', 'secret']));
    const clickParameters = spec.paths['/api/v1/admin/clicks'].get.parameters.map((p: { name: string }) => p.name);
    expect(clickParameters).toEqual(expect.arrayContaining(['linkId', 'influencerId', 'productId', 'counted', 'from', 'to']));
    const conversion = spec.paths['/api/v1/admin/conversions/{id}'].get.responses['200'].content['application/json'].schema;
    expect(conversion.properties).toMatchObject({ influencerName: { type: 'string', nullable: true }, linkCode: { type: 'string', nullable: true }, linkGroupLabel: { type: 'string', nullable: true } });
    const payouts = spec.paths['/api/v1/admin/payouts'].get.responses['200'].content['application/json'].schema;
    expect(payouts.properties.items.items.properties.influencerName).toMatchObject({ type: 'string' });
    const product = spec.paths['/api/v1/admin/products/{id}'].get.responses['200'].content['application/json'].schema;
    expect(product.properties.listPrice).toMatchObject({ type: 'integer', nullable: true });
    expect(spec.paths['/api/v1/admin/products/{id}'].get.responses['404']).toBeDefined();
  });

  it('documents the signed vendor API: conversions and the catalog push', () => {
    const conversion = spec.paths['/api/v1/conversions']?.post;
    expect(conversion).toBeDefined();
    expect(conversion.security).toEqual([{ vendorKey: [], vendorSignature: [] }]);
    expect(bodySchema('/api/v1/conversions', 'post').required).toEqual(expect.arrayContaining(['orderId', 'amount', 'currency']));
    const push = spec.paths['/api/v1/catalog/products']?.put;
    expect(push).toBeDefined();
    expect(push.security).toEqual([{ vendorKey: [], vendorSignature: [] }]);
    const item = bodySchema('/api/v1/catalog/products', 'put').properties.products.items;
    expect(item.required).toEqual(expect.arrayContaining(['sku', 'brand', 'title', 'url', 'price', 'currency']));
    expect(push.responses['200'].content['application/json'].schema.properties).toHaveProperty('created');
  });

  it('keeps the health probes out of the document', () => {
    expect(spec.paths['/healthz']).toBeUndefined();
    expect(spec.paths['/readyz']).toBeUndefined();
  });

  it('serves the documentation UI as HTML', async () => {
    let response = await t.app.inject({ method: 'GET', url: '/docs' });
    if (response.statusCode >= 300 && response.statusCode < 400) response = await t.app.inject({ method: 'GET', url: String(response.headers.location).replace(/^\.\//, '/docs/') });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/text\/html/);
    expect(response.body).toMatch(/swagger-ui/i);
  });
});

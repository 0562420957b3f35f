import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../../api/app.ts';
import { createChannelMedia } from '../../../api/media/channel-media.ts';
import { factories } from '../../factories/index.ts';
import { TEST_PUBLIC_URL, createTestApp, type TestApp } from '../../support/app.ts';
import { startImageServer, type ImageServer } from '../../support/image-server.ts';
import { pdfImages, pdfPageToPng, pdfText } from '../../support/pdf.ts';
import { readQrCode } from '../../support/qr.ts';
import { adminClient, type AdminClient } from './admin-client.ts';

let t: TestApp;
let images: ImageServer;
let manager: AdminClient;
let support: AdminClient;
let ownVendor: AdminClient;
let otherVendor: AdminClient;
let brandId: string;
let link: { id: string; code: string; url: string };

beforeAll(async () => {
  t = await createTestApp();
  images = await startImageServer();
  const make = factories(t.database.db, t.deps.secretBox);
  manager = await adminClient(t, 'manager');
  support = await adminClient(t, 'support');
  const vendor = (await manager.call('POST', '/vendors', { name: 'Shenzhen Audio' })).json;
  ownVendor = await adminClient(t, 'vendor', vendor.id);
  otherVendor = await adminClient(t, 'vendor', (await make.vendor()).id);
  const brand = await manager.call('POST', '/brands', { vendorId: vendor.id, name: 'Zvuk', commissionRateBps: 900, erid: '2VtzqwXyZ1a' });
  expect(brand.status).toBe(201);
  expect(brand.json.erid).toBe('2VtzqwXyZ1a');
  brandId = brand.json.id;
  const product = await manager.call('POST', '/products', {
    brandId, sku: 'ZV-1', title: 'Наушники Zvuk One', url: 'https://shop.example/zv-1', price: 149900, listPrice: 199900, currency: 'RUB',
    imageUrl: `${images.url}/product.png`,
  });
  expect(product.status).toBe(201);
  const influencer = (await manager.call('POST', '/influencers', { displayName: 'Olga', language: 'ru', country: 'RU' })).json;
  link = (await manager.call('POST', '/links', { influencerId: influencer.id, productId: product.json.id, channel: 'offline', groupLabel: 'Metro kiosk' })).json;
});
afterAll(async () => {
  await images?.close();
  await t?.close();
});

function get(client: AdminClient | undefined, url: string, app: FastifyInstance = t.app) {
  return app.inject({ method: 'GET', url: `/api/v1/admin${url}`, headers: client ? { authorization: `Bearer ${client.token}` } : {} });
}

describe('GET /api/v1/admin/links/:id/qr.png', () => {
  it('answers the PNG QR code of the tracked link', async () => {
    const response = await get(manager, `/links/${link.id}/qr.png`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('image/png');
    expect(response.headers['content-disposition']).toBe(`inline; filename="dealcast-qr-${link.code}.png"`);
    expect(readQrCode(response.rawPayload)).toBe(`${TEST_PUBLIC_URL}/r/${link.code}`);
    expect(link.url).toBe(`${TEST_PUBLIC_URL}/r/${link.code}`);
  });
});

describe('GET /api/v1/admin/links/:id/poster', () => {
  it('answers the A6 PDF poster in the influencer language, with the brand ERID', async () => {
    const response = await get(manager, `/links/${link.id}/poster`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['content-disposition']).toBe(`inline; filename="dealcast-poster-${link.code}.pdf"`);
    const text = await pdfText(response.rawPayload);
    expect(text).toContain('Реклама · Zvuk · erid: 2VtzqwXyZ1a');
    expect(text).toContain('Наушники Zvuk One');
    expect(text).toMatch(/1 499,00 ₽ 1 999,00 ₽ −25 %/);
    expect(text).toContain(`dc.test/r/${link.code}`);
    expect(readQrCode(await pdfPageToPng(response.rawPayload))).toBe(link.url);
    // The default renderer does not fetch from the server's own network: the image host here is on loopback.
    expect(await pdfImages(response.rawPayload)).toEqual([]);
  });

  it('speaks the language asked for, and drops the ERID once the brand has none', async () => {
    const polish = await pdfText((await get(manager, `/links/${link.id}/poster?lang=pl`)).rawPayload);
    expect(polish).toContain('Reklama · Zvuk · erid: 2VtzqwXyZ1a');
    expect(polish).toContain('Zeskanuj, aby skorzystać z oferty');

    const cleared = await manager.call('PATCH', `/brands/${brandId}`, { erid: null });
    expect(cleared.status).toBe(200);
    expect(cleared.json.erid).toBeNull();
    const english = await pdfText((await get(manager, `/links/${link.id}/poster?lang=en`)).rawPayload);
    expect(english).toMatch(/^#ad /);
    expect(english).not.toContain('erid');
    expect((await manager.call('PATCH', `/brands/${brandId}`, { erid: '2VtzqwXyZ1a' })).json.erid).toBe('2VtzqwXyZ1a');
  });

  it('shows the product image when the renderer may reach its host', async () => {
    const app = await buildApp({ ...t.deps, media: createChannelMedia({ imageFetch: { allowPrivateNetwork: true } }) });
    try {
      const response = await get(manager, `/links/${link.id}/poster`, app);
      expect(response.statusCode).toBe(200);
      expect(await pdfImages(response.rawPayload)).toEqual([{ width: 480, height: 360 }]);
    } finally {
      await app.close();
    }
  });
});

describe('errors and roles', () => {
  it('answers 404 JSON for an unknown link and 400 for a malformed id or language', async () => {
    for (const path of ['/links/99999/qr.png', '/links/99999/poster']) {
      const response = await get(manager, path);
      expect(response.statusCode).toBe(404);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      expect(response.json()).toEqual({ error: { code: 'not_found', message: 'link "99999" does not exist', details: { entity: 'link', id: '99999' } } });
    }
    expect((await get(manager, '/links/abc/qr.png')).statusCode).toBe(400);
    const badLanguage = await get(manager, `/links/${link.id}/poster?lang=de`);
    expect(badLanguage.statusCode).toBe(400);
    expect(badLanguage.json().error.details[0].field).toBe('lang');
  });

  it('needs a token, lets every role read, and shows a vendor only links to its own products', async () => {
    const anonymous = await get(undefined, `/links/${link.id}/qr.png`);
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().error.code).toBe('unauthorized');
    expect((await get(support, `/links/${link.id}/qr.png`)).statusCode).toBe(200);
    expect((await get(ownVendor, `/links/${link.id}/poster`)).statusCode).toBe(200);
    for (const path of [`/links/${link.id}/qr.png`, `/links/${link.id}/poster`]) {
      const foreign = await get(otherVendor, path);
      expect(foreign.statusCode).toBe(404);
      expect(foreign.json().error.code).toBe('not_found');
    }
  });

  it('refuses a malformed ERID on a brand', async () => {
    const response = await manager.call('PATCH', `/brands/${brandId}`, { erid: 'erid with spaces' });
    expect(response.status).toBe(400);
    expect(response.json.error.details[0].field).toBe('erid');
  });

  it('documents both answers with their content types in the OpenAPI document', async () => {
    const spec = (await t.app.inject({ method: 'GET', url: '/docs/json' })).json();
    expect(spec.paths['/api/v1/admin/links/{id}/qr.png'].get.responses['200'].content).toHaveProperty('image/png');
    const poster = spec.paths['/api/v1/admin/links/{id}/poster'].get;
    expect(poster.responses['200'].content).toHaveProperty('application/pdf');
    expect(poster.responses['404'].content['application/json']).toBeDefined();
    expect(poster.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['id', 'lang']));
  });
});

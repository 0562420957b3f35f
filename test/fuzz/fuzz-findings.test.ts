import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdmin, createApiToken } from '../support/admins.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { PASSWORD } from '../api/auth/session-client.ts';

// The inputs the fuzz files of this folder found answered wrongly, pinned as plain tests so
// that they stay fixed whatever the next random run draws.

let t: TestApp;
let token: string;
beforeAll(async () => {
  t = await createTestApp();
  const admin = await createAdmin(t.database.db, { email: 'findings@dealcast.test', password: PASSWORD, role: 'admin' });
  token = await createApiToken(t.database.db, admin.id);
});
afterAll(async () => { await t?.close(); });

const adminCall = (method: 'GET' | 'POST', url: string, payload?: object) => t.app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(payload ? { payload } : {}) });

describe('found by test/fuzz/http-routes.fuzz.test.ts', () => {
  it('a broken percent escape in the path is a 400 in our error shape, not Fastify\'s', async () => {
    for (const url of ['/api/v1/admin/brands/%', '/api/v1/conversions/%zz/refunds']) {
      const response = await t.app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(400);
      expect(response.json(), url).toEqual({ error: { code: 'bad_url', message: expect.stringContaining('%') } });
    }
  });

  it('a mangled short link (a broken escape, a code of 300 characters) shows a person the page of a link that leads nowhere', async () => {
    for (const url of ['/r/%E0%A4%A', `/r/${'x'.repeat(300)}`]) {
      const response = await t.app.inject({ method: 'GET', url, headers: { 'user-agent': 'Mozilla/5.0 (Linux; Android 14) Chrome/130 Mobile Safari/537.36' } });
      expect(response.statusCode, url).toBe(404);
      expect(response.headers['content-type'], url).toMatch(/^text\/html/);
      expect(response.body, url).toMatch(/Link not found/);
    }
  });

  it('a path parameter past 100 characters is a 414 in our error shape', async () => {
    const response = await adminCall('GET', `/api/v1/admin/products/${'x'.repeat(300)}`);
    expect(response.statusCode).toBe(414);
    expect(response.json()).toEqual({ error: { code: 'uri_too_long', message: expect.stringContaining('100 characters') } });
  });

  it('POST /api/v1/admin/products/import with no body and no content type is a 400 naming what to send, not a 500', async () => {
    const response = await adminCall('POST', '/api/v1/admin/products/import');
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code: 'validation_failed', message: expect.stringContaining('text/csv') });
  });

  it('text PostgreSQL cannot store (a NUL, an unpaired surrogate) is a 400 naming the field, in a query, a body or a bot playground message', async () => {
    const cases: [string, () => ReturnType<typeof adminCall>][] = [
      ['query.sku', () => adminCall('GET', '/api/v1/admin/products?sku=%00abc')],
      ['body.text', () => adminCall('POST', '/api/v1/admin/playground/messages', { persona: '1', text: '\u0000abc' })],
      ['body.name', () => adminCall('POST', '/api/v1/admin/vendors', { name: 'a\ud800b' })],
    ];
    for (const [field, send] of cases) {
      const response = await send();
      expect(response.statusCode, field).toBe(400);
      expect(response.json().error, field).toMatchObject({ code: 'validation_failed', details: { field }, message: expect.stringContaining('cannot be stored') });
    }
    const order = await t.app.inject({ method: 'POST', url: '/api/v1/conversions', payload: { orderId: 'A-1', amount: 100, currency: 'EUR', items: [{ sku: 'a\u0000' }] } });
    expect(order.statusCode, 'an unsigned postback is refused before its body is read').toBe(401);
  });
});

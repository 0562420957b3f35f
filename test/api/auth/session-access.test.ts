import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { factories } from '../../factories/index.ts';
import { createTestApp, type TestApp } from '../../support/app.ts';
import { adminClient } from '../admin/admin-client.ts';
import { signedInAdmin } from './session-client.ts';

// The console session is a second authenticator of the admin API: the same declared roles,
// the same vendor scope, plus a CSRF token on every state-changing request.

let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(async () => { await t?.close(); });

const tier = (name: string) => ({ name, minClicks30d: 10, minSales30d: 0, multiplierBps: 11_000 });

describe('a console session on the admin API', () => {
  it('reads admin routes with its role, and a support session may not run payouts', async () => {
    const support = await signedInAdmin(t, 'support');
    const vendors = await support.call('GET', '/api/v1/admin/vendors', undefined, { csrf: false });
    expect(vendors.statusCode).toBe(200);
    expect(vendors.json()).toHaveProperty('items');
    const run = await support.call('POST', '/api/v1/admin/payouts/runs', {});
    expect(run.statusCode).toBe(403);
    expect(run.json().error).toMatchObject({ code: 'forbidden', details: { role: 'support' } });
    expect(await t.database.db.selectFrom('payouts').select('id').execute()).toEqual([]);
  });

  it("confines a vendor session to its own vendor's products", async () => {
    const make = factories(t.database.db, t.deps.secretBox);
    const own = await make.vendor();
    const other = await make.vendor();
    const ownProduct = await make.product(await make.brand(own.id));
    const otherProduct = await make.product(await make.brand(other.id));
    const vendor = await signedInAdmin(t, 'vendor', own.id);

    const list = await vendor.call('GET', '/api/v1/admin/products', undefined, { csrf: false });
    expect(list.statusCode).toBe(200);
    const ids = list.json().items.map((p: { id: string }) => p.id);
    expect(ids).toContain(ownProduct.id);
    expect(ids).not.toContain(otherProduct.id);
    expect((await vendor.call('GET', `/api/v1/admin/products/${otherProduct.id}`)).statusCode).toBe(404);
    expect((await vendor.call('GET', `/api/v1/admin/products?vendorId=${other.id}`)).statusCode).toBe(403);
    // Staff only: a vendor session does not see the influencer directory.
    expect((await vendor.call('GET', '/api/v1/admin/influencers')).statusCode).toBe(403);
  });

  it('refuses a state-changing request without the X-CSRF-Token header, or with a wrong one, and changes nothing', async () => {
    const admin = await signedInAdmin(t, 'admin');
    const another = await signedInAdmin(t, 'admin');
    for (const csrf of [false, 'not-the-token', another.csrfToken] as const) {
      const response = await admin.call('POST', '/api/v1/admin/tiers', tier(`No CSRF ${String(csrf)}`), { csrf });
      expect(response.statusCode).toBe(403);
      expect(response.json().error).toMatchObject({ code: 'csrf_failed', message: expect.stringContaining('X-CSRF-Token') });
    }
    expect(await t.database.db.selectFrom('tiers').select('id').where('name', 'like', 'No CSRF%').execute()).toEqual([]);

    const created = await admin.call('POST', '/api/v1/admin/tiers', tier('With CSRF'));
    expect(created.statusCode).toBe(201);
    const audit = await t.database.db.selectFrom('audit_log').select(['actor', 'action']).where('entity_id', '=', created.json().id).where('entity', '=', 'tier').execute();
    expect(audit).toEqual([{ actor: `admin:${admin.adminId}`, action: 'tier.create' }]);
    // The body is not even looked at without the token.
    const garbage = await admin.call('POST', '/api/v1/admin/tiers', { nonsense: true }, { csrf: false });
    expect(garbage.json().error.code).toBe('csrf_failed');
  });

  it('needs no CSRF token for reads, nor for bearer-token requests', async () => {
    const admin = await signedInAdmin(t, 'admin');
    expect((await admin.call('GET', '/api/v1/admin/tiers', undefined, { csrf: false })).statusCode).toBe(200);
    const bearer = await adminClient(t, 'admin');
    expect((await bearer.call('POST', '/tiers', tier('By token'))).status).toBe(201);
  });

  it('lets the Authorization header win over the cookie', async () => {
    const admin = await signedInAdmin(t, 'admin');
    const support = await adminClient(t, 'support');
    const both = await t.app.inject({
      method: 'POST', url: '/api/v1/admin/tiers', payload: tier('Both'),
      headers: { cookie: `dc_session=${admin.cookie}`, 'x-csrf-token': admin.csrfToken, authorization: `Bearer ${support.token}` },
    });
    expect(both.statusCode).toBe(403);
    expect(both.json().error).toMatchObject({ code: 'forbidden', details: { role: 'support' } });
    const badHeader = await t.app.inject({ method: 'GET', url: '/api/v1/admin/tiers', headers: { cookie: `dc_session=${admin.cookie}`, authorization: 'Bearer dct_unknown' } });
    expect(badHeader.statusCode).toBe(401);
  });

  it('answers 401 for an unknown cookie', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/admin/tiers', headers: { cookie: 'dc_session=made-up-value' } });
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('unauthorized');
  });
});

describe('the sign-in routes in the OpenAPI document', () => {
  it('documents them with the session cookie and CSRF header as security', async () => {
    const spec = (await t.app.inject({ method: 'GET', url: '/docs/json' })).json();
    expect(spec.components.securitySchemes.sessionCookie).toEqual({ type: 'apiKey', in: 'cookie', name: 'dc_session' });
    expect(spec.components.securitySchemes.csrfToken).toEqual({ type: 'apiKey', in: 'header', name: 'X-CSRF-Token' });
    const paths = spec.paths;
    expect(paths['/api/v1/auth/session'].post.requestBody.content['application/json'].schema.required).toEqual(['email', 'password']);
    expect(paths['/api/v1/auth/session'].post.responses).toHaveProperty('429');
    expect(paths['/api/v1/auth/session'].get.security).toEqual([{ sessionCookie: [] }]);
    for (const [path, method] of [['/api/v1/auth/session', 'delete'], ['/api/v1/auth/sign-out-everywhere', 'post'], ['/api/v1/auth/password', 'put']] as const) {
      expect(paths[path][method].security, `${method} ${path}`).toEqual([{ sessionCookie: [], csrfToken: [] }]);
    }
  });
});

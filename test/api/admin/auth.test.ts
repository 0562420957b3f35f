import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findAdminByEmail, revokeApiToken, verifyPassword } from '../../../db/admins.repository.ts';
import { createAdmin, createApiToken } from '../../support/admins.ts';
import { factories } from '../../factories/index.ts';
import { createTestApp, type TestApp } from '../../support/app.ts';
import { adminClient } from './admin-client.ts';

let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(async () => { await t?.close(); });

const get = (url: string, authorization?: string) =>
  t.app.inject({ method: 'GET', url: `/api/v1/admin${url}`, headers: authorization === undefined ? {} : { authorization } });

describe('admin accounts (as the CLI uses them)', () => {
  it('stores an argon2id hash that verifies the password and nothing else', async () => {
    const admin = await createAdmin(t.database.db, { email: ' Ops@Dealcast.TEST ', password: 'correct horse battery', role: 'manager' });
    expect(admin.email).toBe('ops@dealcast.test');
    expect(admin.password_hash).toMatch(/^\$argon2id\$/);
    const found = await findAdminByEmail(t.database.db, 'OPS@dealcast.test');
    expect(found?.id).toBe(admin.id);
    expect(await verifyPassword(found!.password_hash, 'correct horse battery')).toBe(true);
    expect(await verifyPassword(found!.password_hash, 'correct horse batterY')).toBe(false);
    expect(await verifyPassword('not a hash', 'anything')).toBe(false);
  });

  it('refuses a second admin with the same email as a conflict', async () => {
    await createAdmin(t.database.db, { email: 'twice@dealcast.test', password: 'correct horse battery', role: 'support' });
    await expect(createAdmin(t.database.db, { email: 'TWICE@dealcast.test', password: 'another long password', role: 'admin' }))
      .rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining('twice@dealcast.test') });
  });

  it('refuses short passwords and vendor accounts without a vendor', async () => {
    await expect(createAdmin(t.database.db, { email: 'short@dealcast.test', password: 'short', role: 'admin' })).rejects.toMatchObject({ code: 'validation_failed' });
    await expect(createAdmin(t.database.db, { email: 'v@dealcast.test', password: 'correct horse battery', role: 'vendor' })).rejects.toMatchObject({ code: 'validation_failed' });
    await expect(createAdmin(t.database.db, { email: 'v@dealcast.test', password: 'correct horse battery', role: 'vendor', vendorId: '999999' })).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('bearer authentication', () => {
  it('answers 401 JSON without a token, with a malformed header, and with an unknown token', async () => {
    for (const header of [undefined, 'Basic dXNlcjpwYXNz', 'Bearer dct_not-a-real-token']) {
      const response = await get('/vendors', header);
      expect(response.statusCode).toBe(401);
      expect(response.headers['www-authenticate']).toMatch(/^Bearer/);
      expect(response.json()).toMatchObject({ error: { code: 'unauthorized', message: expect.any(String) } });
    }
  });

  it('lets a token in until it is revoked, and the token is only stored hashed', async () => {
    const admin = await createAdmin(t.database.db, { email: 'token@dealcast.test', password: 'correct horse battery', role: 'admin' });
    const token = await createApiToken(t.database.db, admin.id, 'laptop');
    expect(token).toMatch(/^dct_[A-Za-z0-9_-]{40,}$/);
    const stored = await t.database.db.selectFrom('api_tokens').selectAll().where('admin_id', '=', admin.id).execute();
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toContain(token);

    expect((await get('/vendors', `Bearer ${token}`)).statusCode).toBe(200);
    expect(await revokeApiToken(t.database.db, token)).toBe(true);
    expect((await get('/vendors', `Bearer ${token}`)).statusCode).toBe(401);
  });

  it('records when a token was last used', async () => {
    const admin = await createAdmin(t.database.db, { email: 'used@dealcast.test', password: 'correct horse battery', role: 'support' });
    const token = await createApiToken(t.database.db, admin.id, 'used');
    const lastUsed = () => t.database.db.selectFrom('api_tokens').select('last_used_at').where('admin_id', '=', admin.id).executeTakeFirstOrThrow();
    expect((await lastUsed()).last_used_at).toBeNull();
    expect((await get('/vendors', `Bearer ${token}`)).statusCode).toBe(200);
    const first = (await lastUsed()).last_used_at;
    expect(first).toBeInstanceOf(Date);
    // Within the minute, a second use does not write again.
    expect((await get('/vendors', `Bearer ${token}`)).statusCode).toBe(200);
    expect((await lastUsed()).last_used_at).toEqual(first);
  });

  it('checks the token before looking at the body', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/admin/vendors', payload: { nonsense: true } });
    expect(response.statusCode).toBe(401);
  });
});

describe('roles', () => {
  it('keeps support read-only', async () => {
    const support = await adminClient(t, 'support');
    expect((await support.call('GET', '/vendors')).status).toBe(200);
    const refused = await support.call('POST', '/vendors', { name: 'Nope Ltd' });
    expect(refused.status).toBe(403);
    expect(refused.json.error.code).toBe('forbidden');
    expect(await t.database.db.selectFrom('vendors').select('id').where('name', '=', 'Nope Ltd').execute()).toHaveLength(0);
  });

  it("shows a vendor account only its own vendor's catalog, and never the influencer directory", async () => {
    const f = factories(t.database.db, t.deps.secretBox);
    const mine = await f.vendor({ name: 'Mine' });
    const theirs = await f.vendor({ name: 'Theirs' });
    const myBrand = await f.brand(mine.id);
    const theirBrand = await f.brand(theirs.id);
    const myProduct = await f.product(myBrand);
    const theirProduct = await f.product(theirBrand);
    const vendorAdmin = await adminClient(t, 'vendor', mine.id);

    const vendors = await vendorAdmin.call('GET', '/vendors');
    expect(vendors.json.items.map((v: { id: string }) => v.id)).toEqual([mine.id]);
    const products = await vendorAdmin.call('GET', '/products');
    expect(products.json.items.map((p: { id: string }) => p.id)).toEqual([myProduct.id]);
    expect((await vendorAdmin.call('GET', `/products/${theirProduct.id}`)).status).toBe(404);
    expect((await vendorAdmin.call('GET', `/brands?vendorId=${theirs.id}`)).status).toBe(403);
    expect((await vendorAdmin.call('GET', '/influencers')).status).toBe(403);

    // It may maintain products under its own brands, not under another vendor's.
    const own = await vendorAdmin.call('PATCH', `/products/${myProduct.id}`, { title: 'Renamed by the vendor' });
    expect(own.status).toBe(200);
    expect(own.json.title).toBe('Renamed by the vendor');
    expect((await vendorAdmin.call('PATCH', `/products/${theirProduct.id}`, { title: 'Hijacked' })).status).toBe(404);
    const foreign = await vendorAdmin.call('POST', '/products', { brandId: theirBrand.id, sku: 'X-1', title: 'X', url: 'https://x.example/1', price: 100, currency: 'EUR' });
    expect(foreign.status).toBe(403);
    expect((await t.database.db.selectFrom('products').select('title').where('id', '=', theirProduct.id).executeTakeFirstOrThrow()).title).not.toBe('Hijacked');
  });
});

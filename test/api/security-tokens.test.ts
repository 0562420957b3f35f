import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSecretBox } from '../../core/shared/secret-box.ts';
import { createAdmin, createApiToken } from '../support/admins.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { sendSigned } from '../support/vendor.ts';
import { adminClient } from './admin/admin-client.ts';

// What a stolen copy of the database gives away. Bearer credentials (API tokens, console session
// cookies) are stored as their SHA-256 only: the stored value neither is nor yields a credential.
// Vendors' signing secrets must be read back to check signatures, so they are encrypted under
// SECRET_KEY (AES-256-GCM): the row without the key opens nothing.

const sha256 = (text: string) => crypto.createHash('sha256').update(text).digest('hex');

let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(async () => { await t?.close(); });

/** Every value of every row of a table, as text. */
async function dump(table: 'api_tokens' | 'admin_sessions' | 'vendors' | 'audit_log'): Promise<string> {
  return JSON.stringify(await t.database.db.selectFrom(table).selectAll().execute());
}

describe('credentials at rest', () => {
  it('stores an API token as its SHA-256, and the stored hash does not authenticate', async () => {
    const admin = await createAdmin(t.database.db, { email: 'tokens@dealcast.test', password: 'correct horse battery', role: 'admin' });
    const token = await createApiToken(t.database.db, admin.id, 'ci');
    const row = await t.database.db.selectFrom('api_tokens').selectAll().where('admin_id', '=', admin.id).executeTakeFirstOrThrow();
    expect(row.token_hash).toBe(sha256(token));
    expect(await dump('api_tokens')).not.toContain(token);
    expect(await dump('audit_log')).not.toContain(token);

    const as = (bearer: string) => t.app.inject({ method: 'GET', url: '/api/v1/admin/vendors', headers: { authorization: `Bearer ${bearer}` } });
    expect((await as(token)).statusCode).toBe(200);
    expect((await as(row.token_hash)).statusCode).toBe(401);
  });

  it('stores a console session cookie as its SHA-256, and the stored hash is no cookie', async () => {
    await createAdmin(t.database.db, { email: 'cookie@dealcast.test', password: 'correct horse battery', role: 'support' });
    const signIn = await t.app.inject({ method: 'POST', url: '/api/v1/auth/session', payload: { email: 'cookie@dealcast.test', password: 'correct horse battery' } });
    expect(signIn.statusCode).toBe(201);
    const cookie = signIn.cookies.find((c) => c.name === 'dc_session')!.value;
    const { id: adminId } = (signIn.json() as { admin: { id: string } }).admin;
    const row = await t.database.db.selectFrom('admin_sessions').selectAll().where('admin_id', '=', adminId).executeTakeFirstOrThrow();
    expect(row.token_hash).toBe(sha256(cookie));
    expect(await dump('admin_sessions')).not.toContain(cookie);

    const withCookie = (value: string) => t.app.inject({ method: 'GET', url: '/api/v1/auth/session', headers: { cookie: `dc_session=${value}` } });
    expect((await withCookie(cookie)).statusCode).toBe(200);
    expect((await withCookie(row.token_hash)).statusCode).toBe(401);
  });

  it("stores a vendor's signing secret encrypted: it signs, yet neither the row nor another key reveals it", async () => {
    const admin = await adminClient(t, 'admin');
    const created = await admin.call('POST', '/vendors', { name: 'Sealed secrets' });
    const { id, keyId, secret } = created.json as { id: string; keyId: string; secret: string };
    const row = await t.database.db.selectFrom('vendors').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(await dump('vendors')).not.toContain(secret);
    expect(await dump('audit_log')).not.toContain(secret);
    expect(row.secret_encrypted).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(t.deps.secretBox.open(row.secret_encrypted)).toBe(secret);
    expect(() => createSecretBox('another-deployment-secret-key-000000').open(row.secret_encrypted)).toThrow();

    const signed = await sendSigned(t.app, { keyId, secret }, { method: 'POST', url: '/api/v1/conversions', body: { orderId: 'SEALED-1', amount: 100, currency: 'EUR' } });
    expect(signed.statusCode).toBe(202);
  });
});

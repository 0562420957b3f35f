import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../support/admins.ts';
import { createTestApp, type TestApp } from '../../support/app.ts';
import { PASSWORD, auditRows, postSignIn, signIn, signedInAdmin } from './session-client.ts';

let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(async () => { await t?.close(); });

describe('GET /api/v1/auth/session', () => {
  it('answers who is signed in and the same CSRF token, or 401 without a session', async () => {
    const session = await signedInAdmin(t, 'manager');
    const response = await session.call('GET', '/api/v1/auth/session', undefined, { csrf: false });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ admin: { id: session.adminId, email: session.email, role: 'manager', vendorId: null }, csrfToken: session.csrfToken });
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/session' })).statusCode).toBe(401);
  });
});

describe('DELETE /api/v1/auth/session', () => {
  it('needs the CSRF token, then revokes the session and clears the cookie: the old cookie is 401', async () => {
    const session = await signedInAdmin(t, 'admin');
    const refused = await session.call('DELETE', '/api/v1/auth/session', undefined, { csrf: false });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('csrf_failed');
    expect((await session.call('GET', '/api/v1/admin/tiers')).statusCode).toBe(200);

    const signedOut = await session.call('DELETE', '/api/v1/auth/session');
    expect(signedOut.statusCode).toBe(204);
    expect(String(signedOut.headers['set-cookie'])).toMatch(/^dc_session=;.*(Max-Age=0|Expires=Thu, 01 Jan 1970)/);

    expect((await session.call('GET', '/api/v1/admin/tiers')).statusCode).toBe(401);
    expect((await session.call('GET', '/api/v1/auth/session')).statusCode).toBe(401);
    expect((await session.call('DELETE', '/api/v1/auth/session')).statusCode).toBe(401);

    const [row] = (await auditRows(t, 'session.revoke')).filter((r) => r.actor === `admin:${session.adminId}`);
    expect(row).toMatchObject({ entity: 'admin_session', entity_id: expect.any(String), before: { revokedAt: null }, after: { revokedAt: expect.any(String) } });
  });
});

describe('POST /api/v1/auth/sign-out-everywhere', () => {
  it("revokes every session of the admin, not another admin's and not its API tokens", async () => {
    const first = await signedInAdmin(t, 'admin');
    const second = await signIn(t, first.email);
    const bystander = await signedInAdmin(t, 'admin');
    const token = await createApiToken(t.database.db, first.adminId, 'cli');

    expect((await first.call('POST', '/api/v1/auth/sign-out-everywhere', undefined, { csrf: false })).statusCode).toBe(403);
    const response = await first.call('POST', '/api/v1/auth/sign-out-everywhere');
    expect(response.statusCode).toBe(204);
    expect(String(response.headers['set-cookie'])).toMatch(/^dc_session=;/);

    expect((await second.call('GET', '/api/v1/admin/tiers')).statusCode).toBe(401);
    expect((await first.call('GET', '/api/v1/admin/tiers')).statusCode).toBe(401);
    expect((await bystander.call('GET', '/api/v1/admin/tiers')).statusCode).toBe(200);
    const byToken = await t.app.inject({ method: 'GET', url: '/api/v1/admin/tiers', headers: { authorization: `Bearer ${token}` } });
    expect(byToken.statusCode).toBe(200);

    const rows = (await auditRows(t, 'session.revoke_all')).filter((r) => r.actor === `admin:${first.adminId}`);
    expect(rows).toEqual([expect.objectContaining({ entity: 'admin_session', entity_id: null, details: { adminId: first.adminId, revoked: 2 } })]);
  });
});

describe('PUT /api/v1/auth/password', () => {
  it('changes the password: the old one no longer signs in, the other session is 401, this one still works', async () => {
    const current = await signedInAdmin(t, 'admin');
    const other = await signIn(t, current.email);
    const newPassword = 'a much longer new password';

    expect((await current.call('PUT', '/api/v1/auth/password', { currentPassword: PASSWORD, newPassword }, { csrf: false })).json().error.code).toBe('csrf_failed');
    const wrong = await current.call('PUT', '/api/v1/auth/password', { currentPassword: 'not it', newPassword });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error).toMatchObject({ code: 'validation_failed', details: { field: 'currentPassword' } });
    const short = await current.call('PUT', '/api/v1/auth/password', { currentPassword: PASSWORD, newPassword: 'short' });
    expect(short.statusCode).toBe(400);
    expect(short.json().error).toMatchObject({ code: 'validation_failed', details: { field: 'newPassword' } });
    expect((await other.call('GET', '/api/v1/admin/tiers')).statusCode).toBe(200);

    const changed = await current.call('PUT', '/api/v1/auth/password', { currentPassword: PASSWORD, newPassword });
    expect(changed.statusCode).toBe(204);

    expect((await postSignIn(t, current.email, PASSWORD)).statusCode).toBe(401);
    expect((await other.call('GET', '/api/v1/admin/tiers')).statusCode).toBe(401);
    expect((await current.call('GET', '/api/v1/admin/tiers')).statusCode).toBe(200);
    expect((await postSignIn(t, current.email, newPassword)).statusCode).toBe(201);

    const rows = (await auditRows(t, 'admin.password_change')).filter((r) => r.entity_id === current.adminId);
    expect(rows).toEqual([expect.objectContaining({ actor: `admin:${current.adminId}`, entity: 'admin', details: { revokedSessions: 1 } })]);
    const text = JSON.stringify(rows);
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain(newPassword);
    expect(text).not.toContain('$argon2');
  });

  it('counts wrong current passwords against the sign-in limit', async () => {
    const session = await signedInAdmin(t, 'support');
    for (let i = 0; i < 5; i++) expect((await session.call('PUT', '/api/v1/auth/password', { currentPassword: `guess ${i}`, newPassword: 'whatever long enough' })).statusCode).toBe(400);
    const limited = await session.call('PUT', '/api/v1/auth/password', { currentPassword: PASSWORD, newPassword: 'whatever long enough' });
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBeDefined();
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdmin } from '../../support/admins.ts';
import { createTestApp, type TestApp } from '../../support/app.ts';
import { PASSWORD, auditRows, postSignIn, signIn, someAddress } from './session-client.ts';

let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(async () => { await t?.close(); });

let n = 0;
const newAccount = async (role: 'admin' | 'support' = 'admin') => {
  const email = `signin-${++n}@dealcast.test`;
  const row = await createAdmin(t.database.db, { email, password: PASSWORD, role });
  return { email, id: row.id };
};

describe('POST /api/v1/auth/session', () => {
  it('answers the admin and a CSRF token, and sets an HttpOnly, SameSite=Strict, Secure cookie behind https', async () => {
    const { email, id } = await newAccount();
    const response = await postSignIn(t, email.toUpperCase(), PASSWORD);
    expect(response.statusCode).toBe(201);
    expect(response.json()).toEqual({ admin: { id, email, role: 'admin', vendorId: null }, csrfToken: expect.stringMatching(/^[A-Za-z0-9_-]{40,}$/) });
    const setCookie = String(response.headers['set-cookie']);
    expect(setCookie).toMatch(/^dc_session=[A-Za-z0-9_-]{43,};/);
    expect(setCookie).toMatch(/; HttpOnly/);
    expect(setCookie).toMatch(/; SameSite=Strict/);
    expect(setCookie).toMatch(/; Secure/);
    expect(setCookie).toMatch(/; Path=\//);
    expect(setCookie).toMatch(/; Max-Age=604800\b/);
    expect(response.headers['cache-control']).toBe('no-store');

    // Only the cookie's hash is stored; the CSRF token is not stored at all.
    const token = response.cookies[0]!.value;
    const stored = await t.database.db.selectFrom('admin_sessions').selectAll().where('admin_id', '=', id).execute();
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toContain(token);
    expect(JSON.stringify(stored)).not.toContain(response.json().csrfToken);
    expect(stored[0]!.user_agent).toBe('Mozilla/5.0 (test console)');

    const [audit] = (await auditRows(t, 'session.create')).filter((row) => row.actor === `admin:${id}`);
    expect(audit).toMatchObject({ entity: 'admin_session', entity_id: stored[0]!.id });
    expect(JSON.stringify(audit)).not.toContain(token);
    expect(JSON.stringify(audit)).not.toContain(stored[0]!.token_hash);
  });

  it('sets no Secure attribute when the platform is served over plain http', async () => {
    const plain = await createTestApp({ publicUrl: 'http://127.0.0.1:3000' });
    try {
      const email = 'plain@dealcast.test';
      await createAdmin(plain.database.db, { email, password: PASSWORD, role: 'admin' });
      const response = await postSignIn(plain, email, PASSWORD);
      expect(response.statusCode).toBe(201);
      const setCookie = String(response.headers['set-cookie']);
      expect(setCookie).toMatch(/; HttpOnly/);
      expect(setCookie).toMatch(/; SameSite=Strict/);
      expect(setCookie).not.toMatch(/Secure/);
    } finally {
      await plain.close();
    }
  });

  it('gives the same 401 for an unknown email and a wrong password, and sets no cookie', async () => {
    const { email } = await newAccount();
    const wrong = await postSignIn(t, email, 'not the password');
    const unknown = await postSignIn(t, 'nobody@dealcast.test', PASSWORD);
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual({ error: { code: 'unauthorized', message: 'The email or password is wrong' } });
    expect(unknown.json()).toEqual(wrong.json());
    expect(wrong.headers['set-cookie']).toBeUndefined();
    expect(unknown.headers['set-cookie']).toBeUndefined();
  });

  it('validates the body', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/auth/session', payload: { email: 'a@b.c' } });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('validation_failed');
  });
});

describe('the sign-in rate limit', () => {
  it('refuses the 6th failure for one email with 429, Retry-After and the message, and a right password while limited', async () => {
    const { email } = await newAccount();
    for (let i = 0; i < 5; i++) expect((await postSignIn(t, email, `wrong ${i}`)).statusCode).toBe(401);
    const limited = await postSignIn(t, email, 'wrong again');
    expect(limited.statusCode).toBe(429);
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(14 * 60);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    expect(limited.json()).toEqual({
      error: { code: 'rate_limited', message: 'Too many sign-in attempts; try again in 15 minutes', details: { retryAfterSeconds: retryAfter } },
    });
    // The right password from another address is refused too: the email is limited.
    const right = await postSignIn(t, email, PASSWORD);
    expect(right.statusCode).toBe(429);
    expect(right.headers['set-cookie']).toBeUndefined();
    // Other accounts are not affected.
    const other = await newAccount();
    expect((await postSignIn(t, other.email, PASSWORD)).statusCode).toBe(201);
  });

  it('counts unknown emails like known ones', async () => {
    for (let i = 0; i < 5; i++) expect((await postSignIn(t, 'ghost@dealcast.test', 'x')).statusCode).toBe(401);
    expect((await postSignIn(t, 'GHOST@dealcast.test', 'x')).statusCode).toBe(429);
  });

  it('forgives the failures of an email once it signs in', async () => {
    const { email } = await newAccount();
    for (let i = 0; i < 4; i++) expect((await postSignIn(t, email, 'wrong')).statusCode).toBe(401);
    await signIn(t, email);
    for (let i = 0; i < 5; i++) expect((await postSignIn(t, email, 'wrong')).statusCode).toBe(401);
    expect((await postSignIn(t, email, 'wrong')).statusCode).toBe(429);
  });

  it('allows 20 failures per client address, over any emails', async () => {
    const address = someAddress();
    for (let i = 0; i < 20; i++) expect((await postSignIn(t, `spray-${i}@dealcast.test`, 'guess', address)).statusCode).toBe(401);
    const { email } = await newAccount();
    const limited = await postSignIn(t, email, PASSWORD, address);
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // The same account from another address is fine.
    expect((await postSignIn(t, email, PASSWORD)).statusCode).toBe(201);
  });

  it('keeps its counters under the deployment prefix, without the email in the key', async () => {
    const keys = await t.redis.keys(`${t.prefix}:signin:*`);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.join(' ')).not.toContain('@');
  });
});

import crypto from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app.ts';
import { factories } from '../factories/index.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { sendSigned, type VendorCredentials } from '../support/vendor.ts';
import { createApiToken, createAdmin } from '../support/admins.ts';

// Request limits per family of routes, counted in Redis: a vendor, an admin account, a client
// address on the sign-in routes. The redirect is never limited, and a Redis outage lets
// requests through instead of taking the API down.

const LIMIT = 3;
const limits = { vendor: { max: LIMIT, windowSeconds: 60 }, admin: { max: LIMIT, windowSeconds: 60 }, auth: { max: LIMIT, windowSeconds: 60 } };

let t: TestApp;
let app: FastifyInstance;
let make: ReturnType<typeof factories>;

beforeAll(async () => {
  t = await createTestApp();
  await t.redis.ping();
  app = await buildApp({ ...t.deps, requestLimits: limits });
  await app.ready();
  make = factories(t.database.db, t.deps.secretBox);
});
afterAll(async () => {
  await app?.close();
  await t?.close();
});

const order = () => ({ orderId: `RL-${crypto.randomBytes(4).toString('hex')}`, amount: 1000, currency: 'EUR' });
const postOrder = (credentials: VendorCredentials) => sendSigned(app, credentials, { method: 'POST', url: '/api/v1/conversions', body: order() });

/** 429, JSON naming the problem, and when to come back. */
function expectLimited(response: LightMyRequestResponse) {
  expect(response.statusCode, response.body).toBe(429);
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  const { error } = response.json() as { error: { code: string; message: string; details: { retryAfterSeconds: number; limit: number } } };
  expect(error).toMatchObject({ code: 'rate_limited', message: expect.stringMatching(/too many requests/i), details: { limit: LIMIT } });
  expect(error.details.retryAfterSeconds).toBeGreaterThan(0);
  expect(error.details.retryAfterSeconds).toBeLessThanOrEqual(60);
  expect(Number(response.headers['retry-after'])).toBe(error.details.retryAfterSeconds);
}

describe('the vendor API', () => {
  it("limits each vendor's signed requests, and one vendor's flood leaves another's alone", async () => {
    const flooding = await make.vendor();
    const other = await make.vendor();
    for (let i = 0; i < LIMIT; i++) expect((await postOrder(flooding.credentials)).statusCode).toBe(202);
    expectLimited(await postOrder(flooding.credentials));
    // Refunds and catalog pushes count against the same allowance.
    expectLimited(await sendSigned(app, flooding.credentials, { method: 'PUT', url: '/api/v1/catalog/products', body: { products: [] } }));
    expect((await postOrder(other.credentials)).statusCode).toBe(202);
  });

  it("does not let a forger spend a vendor's allowance: only requests whose signature holds count", async () => {
    const vendor = await make.vendor();
    const forged = { keyId: vendor.key_id, secret: 'whsec_not-the-secret' };
    for (let i = 0; i < LIMIT * 2; i++) expect((await postOrder(forged)).statusCode).toBe(401);
    for (let i = 0; i < LIMIT; i++) expect((await postOrder(vendor.credentials)).statusCode).toBe(202);
  });
});

describe('the admin API and the sign-in routes', () => {
  it('limits each admin account, not everyone behind its address', async () => {
    const call = (token: string) => app.inject({ method: 'GET', url: '/api/v1/admin/vendors', headers: { authorization: `Bearer ${token}` } });
    const [busy, calm] = await Promise.all(['busy', 'calm'].map(async (name) => {
      const admin = await createAdmin(t.database.db, { email: `${name}-${crypto.randomBytes(3).toString('hex')}@dealcast.test`, password: 'correct horse battery', role: 'support' });
      return createApiToken(t.database.db, admin.id);
    }));
    for (let i = 0; i < LIMIT; i++) expect((await call(busy!)).statusCode).toBe(200);
    expectLimited(await call(busy!));
    expect((await call(calm!)).statusCode).toBe(200);
  });

  it('limits the sign-in routes per client address', async () => {
    const fromAddress = (address: string) => app.inject({ method: 'GET', url: '/api/v1/auth/session', headers: { 'x-forwarded-for': address } });
    for (let i = 0; i < LIMIT; i++) expect((await fromAddress('198.51.100.7')).statusCode).toBe(401);
    expectLimited(await fromAddress('198.51.100.7'));
    const signIn = await app.inject({
      method: 'POST', url: '/api/v1/auth/session', payload: { email: 'x@dealcast.test', password: 'whatever it is' }, headers: { 'x-forwarded-for': '198.51.100.7' },
    });
    expectLimited(signIn);
    expect((await fromAddress('198.51.100.8')).statusCode).toBe(401);
    // The counters name no address.
    const keys = await t.redis.keys(`${t.prefix}:ratelimit:*`);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.join(' ')).not.toMatch(/198\.51\.100|ip:/);
  });
});

describe('the redirect', () => {
  it('is never limited: a person always reaches the shop', async () => {
    const influencer = await make.influencer();
    const product = await make.product(await make.brand((await make.vendor()).id));
    const link = await make.link(influencer.id, product.id);
    for (let i = 0; i < LIMIT * 5; i++) {
      const response = await app.inject({ method: 'GET', url: `/r/${link.code}`, headers: { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0 Safari/537.36' } });
      expect(response.statusCode).toBe(302);
      expect(response.headers['x-ratelimit-limit']).toBeUndefined();
    }
  });
});

describe('with Redis unreachable', () => {
  it('answers requests uncounted instead of waiting for Redis, and says once that limits are not enforced', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => { lines.push(line); } });
    const down = await createTestApp({ redisUrl: 'redis://127.0.0.1:9', logger });
    const limited = await buildApp({ ...down.deps, requestLimits: limits });
    try {
      const vendor = await factories(down.database.db, down.deps.secretBox).vendor();
      for (let i = 0; i < LIMIT + 2; i++) {
        const response = await sendSigned(limited, vendor.credentials, { method: 'POST', url: '/api/v1/conversions', body: order() });
        expect(response.statusCode, response.body).toBe(202);
      }
      expect(lines.filter((line) => line.includes('rate limits not enforced'))).toHaveLength(1);
    } finally {
      await limited.close();
      await down.close();
    }
  }, 30_000);
});

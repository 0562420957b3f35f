import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app.ts';
import type { TrustedProxies } from '../../api/deps.ts';
import { ConfigError, loadConfig } from '../../cli/config.ts';
import { createTestApp, type TestApp } from '../support/app.ts';

// Whose X-Forwarded-For names the client. The sign-in routes are limited per client address; a
// client that could write its own address would get a fresh allowance with every request.

const LIMIT = 3;
const limits = { auth: { max: LIMIT, windowSeconds: 60 } };

let t: TestApp;
const apps: FastifyInstance[] = [];

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  for (const app of apps) await app.close();
  await t?.close();
});

async function appTrusting(trustProxy?: TrustedProxies): Promise<FastifyInstance> {
  const app = await buildApp({ ...t.deps, requestLimits: limits, ...(trustProxy === undefined ? {} : { trustProxy }) });
  await app.ready();
  apps.push(app);
  return app;
}

/** A sign-in probe from the socket address `from`, with the header a client or proxy wrote. */
const probe = (app: FastifyInstance, from: string, forwardedFor: string) =>
  app.inject({ method: 'GET', url: '/api/v1/auth/session', remoteAddress: from, headers: { 'x-forwarded-for': forwardedFor } });

describe('by default', () => {
  it('ignores the X-Forwarded-For a client on the internet writes: a new made-up address per request does not dodge the limit', async () => {
    const app = await appTrusting();
    for (let i = 0; i < LIMIT; i++) expect((await probe(app, '203.0.113.5', `198.51.100.${i}`)).statusCode).toBe(401);
    const dodging = await probe(app, '203.0.113.5', '198.51.100.99');
    expect(dodging.statusCode).toBe(429);
    expect(dodging.json()).toMatchObject({ error: { code: 'rate_limited' } });
    // Another client on the internet has its own allowance.
    expect((await probe(app, '203.0.113.6', '198.51.100.99')).statusCode).toBe(401);
  });

  it('believes a proxy on a private network, so the people behind it are told apart', async () => {
    const app = await appTrusting();
    for (let i = 0; i < LIMIT; i++) expect((await probe(app, '10.0.0.2', '192.0.2.10')).statusCode).toBe(401);
    expect((await probe(app, '10.0.0.2', '192.0.2.10')).statusCode).toBe(429);
    expect((await probe(app, '10.0.0.2', '192.0.2.11')).statusCode).toBe(401);
  });
});

describe('TRUST_PROXY as a hop count', () => {
  it('takes the address the nearest proxy saw, whatever the client put before it', async () => {
    const app = await appTrusting(loadConfig({ TRUST_PROXY: '1' }).trustProxy);
    // The proxy appends the address it saw; the client wrote the first entry itself.
    for (let i = 0; i < LIMIT; i++) expect((await probe(app, '203.0.113.80', `10.9.9.${i}, 192.0.2.50`)).statusCode).toBe(401);
    expect((await probe(app, '203.0.113.80', '10.9.9.99, 192.0.2.50')).statusCode).toBe(429);
    expect((await probe(app, '203.0.113.80', '10.9.9.99, 192.0.2.51')).statusCode).toBe(401);
  });
});

describe('the TRUST_PROXY setting', () => {
  it('takes false, a hop count, or a list of addresses, networks and named ranges', () => {
    expect(loadConfig({}).trustProxy).toBe('loopback,linklocal,uniquelocal');
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8,2001:db8::1' }).trustProxy).toBe('loopback,10.0.0.0/8,2001:db8::1');
  });

  it('refuses "true" (anyone could name their own address) and anything it cannot read, saying what it takes', () => {
    for (const value of ['true', 'proxy.example.com', '25']) {
      let error: unknown;
      try {
        loadConfig({ TRUST_PROXY: value });
      } catch (caught) {
        error = caught;
      }
      expect(error, value).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems.join(' ')).toMatch(/^TRUST_PROXY must be/);
    }
  });
});

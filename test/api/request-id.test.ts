import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { factories } from '../factories/index.ts';
import { createTestApp, type TestApp } from '../support/app.ts';

const BROWSER_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';
const GENERATED_ID = /^[A-Za-z0-9_-]{12}$/;

let t: TestApp;
let lines: Record<string, unknown>[] = [];
let raw = '';
let code: string;

beforeAll(async () => {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      raw += chunk.toString();
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  t = await createTestApp({ logger: pino({ level: 'info' }, sink) });
  const make = factories(t.database.db, t.deps.secretBox);
  const product = await make.product(await make.brand((await make.vendor()).id));
  code = (await make.link((await make.influencer()).id, product.id)).code;
});
afterAll(async () => { await t?.close(); });
beforeEach(() => {
  lines = [];
  raw = '';
});

describe('request ids', () => {
  it("keeps the caller's x-request-id, answers with it, and logs the request under it", async () => {
    const response = await t.app.inject({
      method: 'GET', url: '/api/v1/admin/vendors?email=jane.doe@example.com&token=s3cr3t', headers: { 'x-request-id': 'lb-7f3a.42:trace_9' },
    });
    expect(response.statusCode).toBe(401);
    expect(response.headers['x-request-id']).toBe('lb-7f3a.42:trace_9');
    const line = lines.find((l) => l.reqId === 'lb-7f3a.42:trace_9');
    expect(line).toMatchObject({ msg: 'request completed', req: { method: 'GET', route: '/api/v1/admin/vendors' }, res: { statusCode: 401 } });
    expect(line!.responseTime).toEqual(expect.any(Number));
  });

  it('gives a short random id to a request without one, and to one whose id is not plain text', async () => {
    const first = await t.app.inject({ method: 'GET', url: '/api/v1/admin/vendors' });
    const second = await t.app.inject({ method: 'GET', url: '/api/v1/admin/vendors' });
    const hostile = await t.app.inject({ method: 'GET', url: '/api/v1/admin/vendors', headers: { 'x-request-id': 'x"}\u0007{"admin":true' } });
    const long = await t.app.inject({ method: 'GET', url: '/api/v1/admin/vendors', headers: { 'x-request-id': 'a'.repeat(65) } });
    const ids = [first, second, hostile, long].map((r) => r.headers['x-request-id']);
    for (const id of ids) expect(id).toMatch(GENERATED_ID);
    expect(new Set(ids).size).toBe(4);
    expect(lines.map((l) => l.reqId)).toEqual(ids);
    expect(raw).not.toContain('admin":true');
  });

  it('logs no address and no query string, only the route or, for an unknown route, the path', async () => {
    await t.app.inject({ method: 'GET', url: '/api/v1/no-such-thing?email=jane.doe@example.com', remoteAddress: '203.0.113.77' });
    await t.app.inject({ method: 'GET', url: '/api/v1/admin/vendors?email=jane.doe@example.com', remoteAddress: '203.0.113.77' });
    expect(lines).toEqual([
      expect.objectContaining({ req: { method: 'GET', path: '/api/v1/no-such-thing' }, res: { statusCode: 404 } }),
      expect.objectContaining({ req: { method: 'GET', route: '/api/v1/admin/vendors' }, res: { statusCode: 401 } }),
    ]);
    expect(raw).not.toContain('203.0.113.77');
    expect(raw).not.toContain('jane.doe');
    expect(raw).not.toContain('remoteAddress');
  });

  it('answers the redirect with its request id but writes no log line for it', async () => {
    const redirect = await t.app.inject({ method: 'GET', url: `/r/${code}`, headers: { 'user-agent': BROWSER_UA } });
    expect(redirect.statusCode).toBe(302);
    expect(redirect.headers['x-request-id']).toMatch(GENERATED_ID);
    expect(lines).toEqual([]);
  });
});

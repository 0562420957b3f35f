import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../support/app.ts';
import { signedInAdmin, type ConsoleSession } from '../auth/session-client.ts';
import { adminClient } from './admin-client.ts';

// Bull Board at /admin/queues, behind the console's sign-in: admins only, and its state-changing
// requests (which cannot carry our CSRF header) only from a page of this site.

let t: TestApp;
let admin: ConsoleSession;
let settlement: Queue;
const SELF = 'http://localhost:80';

beforeAll(async () => {
  t = await createTestApp();
  admin = await signedInAdmin(t, 'admin');
  settlement = new Queue('settlement', { connection: t.redis, prefix: t.prefix });
});
afterAll(async () => {
  await settlement?.close();
  await t?.close();
});

const board = (session: ConsoleSession | undefined, method: 'GET' | 'PUT', url: string, headers: Record<string, string> = {}) => t.app.inject({
  method, url: `/admin/queues${url}`,
  headers: { ...(session ? { cookie: `dc_session=${session.cookie}` } : {}), ...headers },
});

describe('Bull Board behind the admin sign-in', () => {
  it('sends a signed-out browser to the console sign-in, and answers 401 to its API', async () => {
    const page = await board(undefined, 'GET', '/', { accept: 'text/html,application/xhtml+xml' });
    expect(page.statusCode).toBe(302);
    expect(page.headers.location).toMatch(/^\/console\//);
    const api = await board(undefined, 'GET', '/api/queues');
    expect(api.statusCode).toBe(401);
    expect(api.json()).toMatchObject({ error: { code: 'unauthorized' } });
    expect((await board(undefined, 'GET', '/api/queues', { cookie: 'dc_session=made-up' })).statusCode).toBe(401);
  });

  it('refuses support and managers', async () => {
    for (const role of ['support', 'manager'] as const) {
      const session = await signedInAdmin(t, role);
      const response = await board(session, 'GET', '/api/queues');
      expect(response.statusCode, role).toBe(403);
      expect(response.json()).toMatchObject({ error: { code: 'forbidden' } });
    }
  });

  it('shows an admin the board, whose API lists every queue of the platform', async () => {
    const page = await board(admin, 'GET', '/', { accept: 'text/html' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.body).toContain('<base href="/admin/queues/"');
    const script = /src="(static\/js\/main\.[^"]+\.js)"/.exec(page.body)![1]!;
    const asset = await board(admin, 'GET', `/${script}`);
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);
    const api = await board(admin, 'GET', '/api/queues');
    expect(api.statusCode).toBe(200);
    const names = (api.json() as { queues: { name: string }[] }).queues.map((q) => q.name);
    expect(names.sort()).toEqual(['clicks', 'notifications', 'notifications-whatsapp', 'settlement']);
    // An API token works too, as everywhere in the admin API.
    const client = await adminClient(t, 'admin');
    expect((await board(undefined, 'GET', '/api/queues', { authorization: `Bearer ${client.token}` })).statusCode).toBe(200);
  });

  it('acts only on a request from this site: a cross-origin or origin-less promote changes nothing', async () => {
    const job = await settlement.add('settlement.approve', {}, { delay: 3_600_000 });
    for (const headers of [{ origin: 'https://evil.example' }, { referer: 'https://evil.example/page' }, {}] as Record<string, string>[]) {
      const refused = await board(admin, 'PUT', `/api/queues/settlement/${job.id}/promote`, headers);
      expect(refused.statusCode, JSON.stringify(headers)).toBe(403);
      expect(refused.json()).toMatchObject({ error: { code: 'csrf_failed' } });
    }
    expect(await (await settlement.getJob(job.id!))!.getState()).toBe('delayed');
    const promoted = await board(admin, 'PUT', `/api/queues/settlement/${job.id}/promote`, { origin: SELF });
    expect(promoted.statusCode, promoted.body).toBeLessThan(300);
    expect(await (await settlement.getJob(job.id!))!.getState()).toBe('waiting');
  });

  it('gives staff the counts per queue through the admin API', async () => {
    const support = await adminClient(t, 'support');
    const response = await support.call('GET', '/queues');
    expect(response.status).toBe(200);
    expect(response.json.board).toBe('/admin/queues');
    const settlementCounts = response.json.items.find((q: { name: string }) => q.name === 'settlement');
    expect(settlementCounts).toMatchObject({ waiting: 1, delayed: 0, failed: 0, paused: false });
  });
});

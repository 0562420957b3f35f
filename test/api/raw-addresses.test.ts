import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startClickWorker, type ClickWorker } from '../../queue/clicks.worker.ts';
import { factories } from '../factories/index.ts';
import { createAdmin } from '../support/admins.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { manualClock } from '../support/manual-clock.ts';
import { redisKeysHolding, tablesHolding } from '../support/stored-text.ts';

// Privacy: a client's address is never stored. Taps on a link (straight from a phone, behind a
// trusted proxy, over IPv6) and console sign-ins (right and wrong passwords, then a change made
// with the session) leave no column of any table, and no key or value in Redis, holding the
// address. What is kept is a hash salted with the day, so the same address is another hash the
// next day.

const PHONE = '198.51.100.123';
const BEHIND_PROXY = '203.0.113.201';
const IPV6 = '2001:db8:85a3::8a2e:370:7334';
const CONSOLE = '192.0.2.77';
const GUESSER = '192.0.2.78';
const ADDRESSES = [PHONE, BEHIND_PROXY, IPV6, CONSOLE, GUESSER];
const UA = 'Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Mobile Safari/537.36';

const clock = manualClock(new Date('2026-12-04T09:00:00Z'));
let t: TestApp;
let worker: ClickWorker;
let code: string;
let linkId: string;

beforeAll(async () => {
  t = await createTestApp({ clock });
  worker = await startClickWorker({ connection: t.redis, prefix: t.prefix, db: t.database.db, logger: t.deps.logger });
  const make = factories(t.database.db, t.deps.secretBox);
  const product = await make.product(await make.brand((await make.vendor()).id));
  const link = await make.link((await make.influencer()).id, product.id, { channel: 'whatsapp' });
  code = link.code;
  linkId = link.id;
});
afterAll(async () => {
  await worker?.close();
  await t?.close();
});

const tap = (remoteAddress: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'GET', url: `/r/${code}`, remoteAddress, headers: { 'user-agent': UA, ...headers } });

async function storedClicks() {
  await expect.poll(() => t.clickQueue.isIdle(), { timeout: 20_000, interval: 20 }).toBe(true);
  return t.database.db.selectFrom('clicks').selectAll().where('link_id', '=', linkId).orderBy('clicked_at').execute();
}

describe('client addresses', () => {
  it('are stored nowhere after taps on a link and console sign-ins, only as a hash', async () => {
    expect((await tap(PHONE)).statusCode).toBe(302);
    expect((await tap('10.0.0.2', { 'x-forwarded-for': BEHIND_PROXY })).statusCode).toBe(302);
    expect((await tap(IPV6)).statusCode).toBe(302);

    const email = 'privacy@dealcast.test';
    await createAdmin(t.database.db, { email, password: 'correct horse battery', role: 'admin' });
    const signIn = (remoteAddress: string, password: string) => t.app.inject({
      method: 'POST', url: '/api/v1/auth/session', remoteAddress, headers: { 'user-agent': 'Mozilla/5.0 (console)' }, payload: { email, password },
    });
    expect((await signIn(GUESSER, 'wrong password 1')).statusCode).toBe(401);
    const session = await signIn(CONSOLE, 'correct horse battery');
    expect(session.statusCode).toBe(201);
    const cookie = session.cookies.find((c) => c.name === 'dc_session')!.value;
    const change = await t.app.inject({
      method: 'POST', url: '/api/v1/admin/tiers', remoteAddress: CONSOLE,
      headers: { cookie: `dc_session=${cookie}`, 'x-csrf-token': session.json().csrfToken },
      payload: { name: 'Privacy tier', minClicks30d: 10, minSales30d: 0, multiplierBps: 10_500 },
    });
    expect(change.statusCode).toBe(201);

    const clicks = await storedClicks();
    expect(clicks).toHaveLength(3);
    for (const click of clicks) {
      expect(click.ip_hash).toMatch(/^[A-Za-z0-9_-]{20,}$/);
      expect(ADDRESSES.some((address) => JSON.stringify(click).includes(address))).toBe(false);
    }
    expect(new Set(clicks.map((c) => c.ip_hash)).size).toBe(3);
    expect(await t.database.db.selectFrom('admin_sessions').select('id').execute()).toHaveLength(1);

    for (const address of ADDRESSES) {
      expect(await tablesHolding(t.database.db, address), `${address} in the database`).toEqual([]);
      expect(await redisKeysHolding(t.redis, t.prefix, address), `${address} in Redis`).toEqual([]);
    }
  });

  it('are hashed with a salt of the day: the same address the next day is another hash', async () => {
    clock.advanceDays(1);
    expect((await tap(PHONE)).statusCode).toBe(302);
    const clicks = await storedClicks();
    const [yesterday, today] = [clicks[0]!, clicks[clicks.length - 1]!];
    expect(today.ip_hash).not.toBeNull();
    expect(today.ip_hash).not.toBe(yesterday.ip_hash);
    expect(await tablesHolding(t.database.db, PHONE)).toEqual([]);
  });
});

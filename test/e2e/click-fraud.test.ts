import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { ownerMarkToken } from '../../core/clicks/owner-mark.ts';
import { startClickWorker, type ClickWorker } from '../../queue/clicks.worker.ts';
import { adminClient, type AdminClient } from '../api/admin/admin-client.ts';
import { factories } from '../factories/index.ts';
import { createTestApp, type TestApp } from '../support/app.ts';

// Click fraud through the real redirect and the real click worker: what is recorded, what
// counts, and why the rest does not (issue 11.5).

const BROWSER_UA = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36';
/** The key createTestApp hands the redirect: the owner tokens the bot would send are made with it. */
const IP_HASH_KEY = 'test-ip-hash-key';

let t: TestApp;
let worker: ClickWorker;
let admin: AdminClient;
let make: ReturnType<typeof factories>;
let product: { id: string };

beforeAll(async () => {
  t = await createTestApp();
  worker = await startClickWorker({ connection: t.redis, prefix: t.prefix, db: t.database.db, logger: t.deps.logger });
  admin = await adminClient(t, 'admin');
  make = factories(t.database.db, t.deps.secretBox);
  product = await make.product(await make.brand((await make.vendor()).id));
});
afterAll(async () => {
  await worker?.close();
  await t?.close();
});

type Tap = { remoteAddress?: string; userAgent?: string; acceptLanguage?: string | null; cookies?: Record<string, string> };

async function tap(url: string, options: Tap = {}) {
  const headers: Record<string, string> = { 'user-agent': options.userAgent ?? BROWSER_UA };
  if (options.acceptLanguage !== null) headers['accept-language'] = options.acceptLanguage ?? 'fr-FR,fr;q=0.9';
  const response = await t.app.inject({ method: 'GET', url, remoteAddress: options.remoteAddress ?? '203.0.113.20', headers, cookies: options.cookies });
  expect(response.statusCode, response.body).toBe(302);
  return response;
}

const clickIdOf = (response: Awaited<ReturnType<typeof tap>>) => new URL(response.headers.location as string).searchParams.get('dc_click')!;
const cookieOf = (response: Awaited<ReturnType<typeof tap>>, name: string) => response.cookies.find((c) => c.name === name)?.value;

async function linkOf(influencerId: string, groupLabel = '') {
  return make.link(influencerId, product.id, { groupLabel });
}

/** The stored clicks with these ids, once the worker has stored them all, in the order asked. */
async function stored(ids: string[]) {
  await expect.poll(async () => (await t.database.db.selectFrom('clicks').select('id').where('id', 'in', ids).execute()).length, { timeout: 20_000, interval: 50 })
    .toBe(ids.length);
  const rows = await t.database.db.selectFrom('clicks').selectAll().where('id', 'in', ids).execute();
  return ids.map((id) => rows.find((r) => r.id === id)!);
}

async function rollupOf(linkIds: string[]) {
  const { rows } = await sql<{ total: string; counted: string }>`
    SELECT coalesce(sum(clicks_total), 0)::text AS total, coalesce(sum(clicks_counted), 0)::text AS counted
    FROM click_rollups_daily WHERE link_id = ANY(${linkIds}::bigint[])
  `.execute(t.database.db);
  return { total: Number(rows[0]!.total), counted: Number(rows[0]!.counted) };
}

describe('a flood', () => {
  it('from one address across links: every click is recorded, those past the address\'s limit are not counted and say why', async () => {
    const influencer = await make.influencer();
    const links = [await linkOf(influencer.id, 'a'), await linkOf(influencer.id, 'b'), await linkOf(influencer.id, 'c')];
    // 60 "people" (a new browser string each, so a new visitor each time) from one address within a minute.
    const ids: string[] = [];
    for (let i = 0; i < 60; i += 1) {
      ids.push(clickIdOf(await tap(`/r/${links[i % 3]!.code}`, { remoteAddress: '198.51.100.77', userAgent: `${BROWSER_UA} build/${i}` })));
    }
    const clicks = await stored(ids);
    expect(clicks.filter((c) => c.counted)).toHaveLength(50);
    expect(clicks.slice(50).map((c) => [c.counted, c.flag])).toEqual(Array.from({ length: 10 }, () => [false, 'velocity_address']));
    expect(clicks.slice(0, 50).every((c) => c.flag === null)).toBe(true);
    expect(await rollupOf(links.map((l) => l.id))).toEqual({ total: 60, counted: 50 });

    // Someone else, elsewhere, still counts; and the admin API says why each click did not.
    const elsewhere = await stored([clickIdOf(await tap(`/r/${links[0]!.code}`, { remoteAddress: '198.51.100.78' }))]);
    expect(elsewhere[0]).toMatchObject({ counted: true, flag: null });
    const listed = await admin.call('GET', `/clicks?linkId=${links[0]!.id}&counted=false`);
    expect(new Set(listed.json.items.map((c: { flag: string }) => c.flag))).toEqual(new Set(['velocity_address']));
  });

  it('from one visitor (one cookie) across many links: past twenty in ten minutes, not counted', async () => {
    const influencer = await make.influencer();
    const links = [];
    for (let i = 0; i < 25; i += 1) links.push(await linkOf(influencer.id, `deal ${i}`));
    const first = await tap(`/r/${links[0]!.code}`, { remoteAddress: '198.51.100.90' });
    const cookies = { dc_vid: cookieOf(first, 'dc_vid')! };
    const ids = [clickIdOf(first)];
    for (const link of links.slice(1)) ids.push(clickIdOf(await tap(`/r/${link.code}`, { remoteAddress: '198.51.100.90', cookies })));
    const clicks = await stored(ids);
    expect(clicks.map((c) => c.flag)).toEqual([...Array.from({ length: 20 }, () => null), ...Array.from({ length: 5 }, () => 'velocity_visitor')]);
    expect(new Set(clicks.map((c) => c.visitor_id)).size).toBe(1);
  });
});

describe('clicks from where people do not browse', () => {
  it('a data-centre address (IPv4, IPv6, or IPv4 on a dual-stack socket) is recorded, not counted, and never stored raw', async () => {
    const link = await linkOf((await make.influencer()).id);
    const addresses = ['3.5.7.9', '2a05:d000:800::7', '::ffff:34.90.1.2'];
    const ids = [];
    for (const [i, remoteAddress] of addresses.entries()) ids.push(clickIdOf(await tap(`/r/${link.code}`, { remoteAddress, userAgent: `${BROWSER_UA} dc/${i}` })));
    const clicks = await stored(ids);
    expect(clicks.map((c) => [c.counted, c.flag])).toEqual(addresses.map(() => [false, 'datacenter']));
    for (const c of clicks) expect(JSON.stringify(c)).not.toMatch(/3\.5\.7\.9|2a05:d000|34\.90\.1\.2/);
    expect(await rollupOf([link.id])).toEqual({ total: 3, counted: 0 });
  });

  it('a browser\'s user agent without the Accept-Language every browser sends is a scripted client', async () => {
    const link = await linkOf((await make.influencer()).id);
    const [scripted, person] = await stored([
      clickIdOf(await tap(`/r/${link.code}`, { acceptLanguage: null, remoteAddress: '198.51.100.101' })),
      clickIdOf(await tap(`/r/${link.code}`, { remoteAddress: '198.51.100.102' })),
    ]);
    expect(scripted).toMatchObject({ counted: false, bot: true, flag: 'bot' });
    expect(person).toMatchObject({ counted: true, flag: null });
  });
});

describe('the influencer\'s own clicks', () => {
  it('after the owner link of the bot\'s private note, the device\'s clicks on their links are self-clicks: recorded, not counted', async () => {
    const influencer = await make.influencer();
    const link = await linkOf(influencer.id);
    const someoneElses = await linkOf((await make.influencer()).id);
    const token = ownerMarkToken(IP_HASH_KEY, influencer.id);

    const marked = await tap(`/r/${link.code}/mine?t=${token}`, { remoteAddress: '198.51.100.120' });
    expect(new URL(marked.headers.location as string).origin).toBe(new URL((await t.database.db.selectFrom('products').select('url').where('id', '=', product.id).executeTakeFirstOrThrow()).url).origin);
    expect(cookieOf(marked, 'dc_own')).toBe(influencer.id);
    const cookies = { dc_vid: cookieOf(marked, 'dc_vid')!, dc_own: influencer.id };
    // Days later, from another network, the forwarded link itself: still the influencer's own device.
    const again = await tap(`/r/${link.code}`, { remoteAddress: '198.51.100.121', cookies });
    // The same device on another influencer's link is an ordinary visitor there.
    const elsewhere = await tap(`/r/${someoneElses.code}`, { remoteAddress: '198.51.100.121', cookies });
    // A group member on the same link counts.
    const member = await tap(`/r/${link.code}`, { remoteAddress: '198.51.100.122' });
    // A wrong token marks nothing.
    const forged = await tap(`/r/${link.code}/mine?t=${ownerMarkToken('another key', influencer.id)}`, { remoteAddress: '198.51.100.123' });
    expect(cookieOf(forged, 'dc_own')).toBeUndefined();

    const [own, ownAgain, there, groupMember, notMarked] = await stored([marked, again, elsewhere, member, forged].map(clickIdOf));
    expect(own).toMatchObject({ counted: false, self_click: true, flag: 'self' });
    expect(ownAgain).toMatchObject({ counted: false, self_click: true, flag: 'self' });
    expect(there).toMatchObject({ counted: true, self_click: false, flag: null });
    expect(groupMember).toMatchObject({ counted: true, flag: null });
    expect(notMarked).toMatchObject({ counted: true, flag: null });
    expect(await rollupOf([link.id])).toEqual({ total: 4, counted: 2 });
  });
});

describe('tiers', () => {
  it('count only clean clicks: a pile of flagged clicks lifts nobody into a tier', async () => {
    const silver = await make.tier({ name: 'Silver (click fraud test)', minClicks30d: 10, multiplierBps: 12_000 });
    const farmer = await make.influencer();
    const honest = await make.influencer();
    const farmed = await linkOf(farmer.id);
    const earned = await linkOf(honest.id);
    const floodedFirst = await linkOf((await make.influencer()).id);
    const ids = [];
    // Twelve "visitors" from cloud servers, and twelve from an address already past its limit.
    for (let i = 0; i < 12; i += 1) ids.push(clickIdOf(await tap(`/r/${farmed.code}`, { remoteAddress: '3.5.7.10', userAgent: `${BROWSER_UA} farm/${i}` })));
    for (let i = 0; i < 50; i += 1) ids.push(clickIdOf(await tap(`/r/${floodedFirst.code}`, { remoteAddress: '198.51.100.140', userAgent: `${BROWSER_UA} fill/${i}` })));
    for (let i = 0; i < 12; i += 1) ids.push(clickIdOf(await tap(`/r/${farmed.code}`, { remoteAddress: '198.51.100.140', userAgent: `${BROWSER_UA} flood/${i}` })));
    // Ten people tapping the honest influencer's link.
    for (let i = 0; i < 10; i += 1) ids.push(clickIdOf(await tap(`/r/${earned.code}`, { remoteAddress: `198.51.100.${150 + i}` })));
    await stored(ids);
    expect(await rollupOf([farmed.id])).toEqual({ total: 24, counted: 0 });

    expect((await admin.call('POST', '/tiers/assignments')).status).toBe(200);
    const tierOf = async (id: string) => (await t.database.db.selectFrom('influencers').select('tier_id').where('id', '=', id).executeTakeFirstOrThrow()).tier_id;
    expect(await tierOf(farmer.id)).not.toBe(silver.id);
    expect(await tierOf(honest.id)).toBe(silver.id);
  });
});

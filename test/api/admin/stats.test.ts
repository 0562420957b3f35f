import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatConnectionStatus } from '../../../core/notifications/chat-connection.ts';
import { ingestClicks } from '../../../queue/clicks.processor.ts';
import { factories } from '../../factories/index.ts';
import { createTestApp, type TestApp } from '../../support/app.ts';
import { sendSigned } from '../../support/vendor.ts';
import { adminClient, type AdminClient } from './admin-client.ts';

// The dashboard's figures on real rows: clicks through the click worker's ingestion (so the
// daily rollups are the worker's own), orders through the signed postback, commissions as the
// conversion service earns them. Two vendors: A's accounts must never see B's rows.

const DAY = 86_400_000;
const today = new Date(new Date().toISOString().slice(0, 10) + 'T00:00:00Z');
const day = (n: number) => new Date(today.getTime() + n * DAY).toISOString().slice(0, 10);
const at = (n: number, hour: number) => new Date(today.getTime() + n * DAY + hour * 3_600_000);

let t: TestApp;
let staff: AdminClient;
let vendorA: AdminClient;
let vendorB: AdminClient;
const w = {} as Record<'vendorA' | 'vendorB' | 'brandA1' | 'brandA2' | 'brandB' | 'ana' | 'ben' | 'cleo' | 'productA1' | 'productA2', string>;
let whatsapp: ChatConnectionStatus | undefined;

beforeAll(async () => {
  t = await createTestApp({ whatsappStatus: { read: async () => whatsapp } });
  const make = factories(t.database.db, t.deps.secretBox);
  const a = await make.vendor({ name: 'Vendor Alpha' });
  const b = await make.vendor({ name: 'Vendor Bravo' });
  const brandA1 = await make.brand(a.id, { name: 'Alpha Shoes', commissionRateBps: 1000 });
  const brandA2 = await make.brand(a.id, { name: 'Alpha Bags', commissionRateBps: 500 });
  const brandB = await make.brand(b.id, { name: 'Bravo Hats', commissionRateBps: 2000 });
  const productA1 = await make.product(brandA1, { title: 'Runner', currency: 'EUR' });
  const productA2 = await make.product(brandA2, { title: 'Tote', currency: 'PLN' });
  const productB = await make.product(brandB, { title: 'Bravo Cap', currency: 'EUR' });
  const ana = await make.influencer({ displayName: 'Ana Alpha', country: 'FR' });
  const ben = await make.influencer({ displayName: 'Ben Both', country: 'PL' });
  const cleo = await make.influencer({ displayName: 'Cleo Bravo-only', country: 'FR' });
  const anaShoes = await make.link(ana.id, productA1.id, { channel: 'telegram', groupLabel: 'Moms' });
  const benShoes = await make.link(ben.id, productA1.id, { channel: 'whatsapp', groupLabel: 'Students' });
  const benTote = await make.link(ben.id, productA2.id, { channel: 'instagram' });
  const cleoCap = await make.link(cleo.id, productB.id, { channel: 'telegram', groupLabel: 'Bravo group' });
  Object.assign(w, {
    vendorA: a.id, vendorB: b.id, brandA1: brandA1.id, brandA2: brandA2.id, brandB: brandB.id, ana: ana.id, ben: ben.id, cleo: cleo.id,
    productA1: productA1.id, productA2: productA2.id,
  });

  const clickIds: Record<string, string> = {};
  const click = (name: string, link: typeof anaShoes, when: Date, visitor: string, userAgent: string | null = 'Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36') => {
    const id = uuidv7({ msecs: when.getTime() });
    clickIds[name] = id;
    return { id, linkId: link.id, influencerId: link.influencer_id, productId: link.product_id, clickedAt: when.toISOString(), visitorId: visitor, ipHash: null, userAgent, referer: null };
  };
  const stored = await ingestClicks(t.database.db, [
    // Day −5: Ana gets three visitors, one of them twice (a duplicate), and a bot.
    click('ana1', anaShoes, at(-5, 9), 'v1'), click('ana2', anaShoes, at(-5, 10), 'v2'), click('ana3', anaShoes, at(-5, 11), 'v3'),
    click('anaDup', anaShoes, at(-5, 12), 'v1'), click('anaBot', anaShoes, at(-5, 13), 'v4', null),
    // Day −3: Ben twice on WhatsApp, Cleo four times for vendor B.
    click('ben1', benShoes, at(-3, 9), 'v5'), click('ben2', benShoes, at(-3, 10), 'v6'),
    ...[1, 2, 3, 4].map((i) => click(`cleo${i}`, cleoCap, at(-3, 8 + i), `c${i}`)),
    // Day −1: Ben once on Instagram; today: Ana once.
    click('ben3', benTote, at(-1, 9), 'v7'), click('anaToday', anaShoes, new Date(at(0, 0).getTime() + 1000), 'v8'),
  ]);
  expect(stored).toEqual({ inserted: 13, counted: 11 });

  const order = async (vendor: typeof a, orderId: string, clickId: string, amount: number, currency: string, occurredAt: Date) => {
    const response = await sendSigned(t.app, vendor.credentials, {
      method: 'POST', url: '/api/v1/conversions', body: { orderId, clickId, amount, currency, occurredAt: occurredAt.toISOString() },
    });
    expect(response.statusCode, response.body).toBe(202);
  };
  await order(a, 'A-1', clickIds.ana1!, 10_000, 'EUR', at(-5, 15));
  await order(a, 'A-2', clickIds.ana2!, 5_000, 'EUR', at(-3, 15));
  await order(a, 'A-3', clickIds.ben3!, 20_000, 'PLN', at(-1, 15));
  await order(b, 'B-1', clickIds.cleo1!, 7_000, 'EUR', at(-3, 15));

  staff = await adminClient(t, 'manager');
  vendorA = await adminClient(t, 'vendor', a.id);
  vendorB = await adminClient(t, 'vendor', b.id);
});
afterAll(async () => { await t?.close(); });

const range = `from=${day(-5)}&to=${day(1)}`;
const zero = { clicksCounted: 0, clicksFiltered: 0, conversions: 0, sales: [], commission: [] };

describe('GET /stats/daily', () => {
  it('answers every day of the range, counted and filtered clicks, orders and commission per currency', async () => {
    const r = await staff.call('GET', `/stats/daily?${range}`);
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    expect(r.json.from).toBe(`${day(-5)}T00:00:00.000Z`);
    expect(r.json.to).toBe(`${day(1)}T00:00:00.000Z`);
    expect(r.json.days).toEqual([
      { day: day(-5), clicksCounted: 3, clicksFiltered: 2, conversions: 1, sales: [{ currency: 'EUR', amount: 10_000 }], commission: [{ currency: 'EUR', amount: 1_000 }] },
      { day: day(-4), ...zero },
      { day: day(-3), clicksCounted: 6, clicksFiltered: 0, conversions: 2, sales: [{ currency: 'EUR', amount: 12_000 }], commission: [{ currency: 'EUR', amount: 1_900 }] },
      { day: day(-2), ...zero },
      { day: day(-1), clicksCounted: 1, clicksFiltered: 0, conversions: 1, sales: [{ currency: 'PLN', amount: 20_000 }], commission: [{ currency: 'PLN', amount: 1_000 }] },
      { day: day(0), ...zero, clicksCounted: 1 },
    ]);
    expect(r.json.totals).toEqual({
      clicksCounted: 11, clicksFiltered: 2, conversions: 4,
      sales: [{ currency: 'EUR', amount: 22_000 }, { currency: 'PLN', amount: 20_000 }],
      commission: [{ currency: 'EUR', amount: 2_900 }, { currency: 'PLN', amount: 1_000 }],
    });
  });

  it('defaults to the 30 days up to today', async () => {
    const r = await staff.call('GET', '/stats/daily');
    expect(r.status).toBe(200);
    expect(r.json.days).toHaveLength(30);
    expect(r.json.days.at(-1).day).toBe(day(0));
    expect(r.json.totals.clicksCounted).toBe(11);
  });

  it('filters by brand, channel, country, influencer and group label', async () => {
    const totals = async (query: string) => (await staff.call('GET', `/stats/daily?${range}&${query}`)).json.totals;
    expect(await totals(`brandId=${w.brandA1}`)).toMatchObject({ clicksCounted: 6, clicksFiltered: 2, conversions: 2, sales: [{ currency: 'EUR', amount: 15_000 }] });
    expect(await totals('channel=whatsapp')).toMatchObject({ clicksCounted: 2, conversions: 0, sales: [] });
    expect(await totals('country=pl')).toMatchObject({ clicksCounted: 3, conversions: 1, sales: [{ currency: 'PLN', amount: 20_000 }] });
    expect(await totals(`influencerId=${w.cleo}`)).toMatchObject({ clicksCounted: 4, conversions: 1, commission: [{ currency: 'EUR', amount: 1_400 }] });
    expect(await totals('groupLabel=Moms')).toMatchObject({ clicksCounted: 4, clicksFiltered: 2, conversions: 2 });
  });

  it("gives a vendor its own products' figures only, whatever the filter", async () => {
    const own = await vendorA.call('GET', `/stats/daily?${range}`);
    expect(own.json.totals).toMatchObject({ clicksCounted: 7, conversions: 3, sales: [{ currency: 'EUR', amount: 15_000 }, { currency: 'PLN', amount: 20_000 }] });
    const other = await vendorA.call('GET', `/stats/daily?${range}&brandId=${w.brandB}`);
    expect(other.json.totals).toEqual(zero);
    const cleo = await vendorA.call('GET', `/stats/daily?${range}&influencerId=${w.cleo}`);
    expect(cleo.json.totals).toEqual(zero);
    expect((await vendorB.call('GET', `/stats/daily?${range}`)).json.totals).toMatchObject({ clicksCounted: 4, conversions: 1 });
  });

  it('refuses a range backwards, too long or malformed, naming the field', async () => {
    const backwards = await staff.call('GET', `/stats/daily?from=${day(0)}&to=${day(-3)}`);
    expect(backwards.status).toBe(400);
    expect(backwards.json.error.details.field).toBe('from');
    const long = await staff.call('GET', `/stats/daily?from=${day(-400)}&to=${day(0)}`);
    expect(long.status).toBe(400);
    expect(long.json.error).toMatchObject({ code: 'validation_failed', details: { field: 'from', maxDays: 366 } });
    const future = await staff.call('GET', `/stats/daily?from=${day(3)}`);
    expect(future.status).toBe(400);
    expect(future.json.error.details.field).toBe('from');
    const country = await staff.call('GET', '/stats/daily?country=France');
    expect(country.status).toBe(400);
    expect(country.json.error.details[0].field).toBe('country');
  });
});

describe('GET /stats/leaders', () => {
  const leaders = async (client: AdminClient, query: string) => {
    const r = await client.call('GET', `/stats/leaders?${range}&${query}`);
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    return r.json;
  };

  it('ranks influencers by conversions, then counted clicks, with their money and a sparkline per day', async () => {
    const json = await leaders(staff, 'by=influencer');
    expect(json.days).toEqual([day(-5), day(-4), day(-3), day(-2), day(-1), day(0)]);
    expect(json.items.map((i: { label: string }) => i.label)).toEqual(['Ana Alpha', 'Cleo Bravo-only', 'Ben Both']);
    expect(json.items[0]).toEqual({
      key: w.ana, label: 'Ana Alpha', clicksCounted: 4, conversions: 2,
      sales: [{ currency: 'EUR', amount: 15_000 }], commission: [{ currency: 'EUR', amount: 1_500 }], sparkline: [3, 0, 0, 0, 0, 1],
    });
    expect(json.items[2].sparkline).toEqual([0, 0, 2, 0, 1, 0]);
    const byClicks = await leaders(staff, 'by=influencer&sort=clicks');
    expect(byClicks.items.map((i: { key: string }) => i.key)).toEqual([w.ana, w.cleo, w.ben]);
    expect((await leaders(staff, 'by=influencer&sort=clicks&limit=1')).items.map((i: { key: string }) => i.key)).toEqual([w.ana]);
  });

  it('ranks products, brands, group labels, channels and countries', async () => {
    const keys = async (by: string) => (await leaders(staff, `by=${by}`)).items.map((i: { key: string; label: string }) => [i.key, i.label]);
    expect((await keys('brand')).map(([, label]: string[]) => label)).toEqual(['Alpha Shoes', 'Bravo Hats', 'Alpha Bags']);
    expect((await keys('product'))[0]).toEqual([w.productA1, 'Runner']);
    expect(await keys('groupLabel')).toEqual([['Moms', 'Moms'], ['Bravo group', 'Bravo group'], ['', ''], ['Students', 'Students']]);
    expect(await keys('channel')).toEqual([['telegram', 'telegram'], ['instagram', 'instagram'], ['whatsapp', 'whatsapp']]);
    expect(await keys('country')).toEqual([['FR', 'FR'], ['PL', 'PL']]);
  });

  it("shows a vendor the influencers who sell its products, by display name, and none of another vendor's", async () => {
    const r = await vendorA.call('GET', `/stats/leaders?${range}&by=influencer`);
    expect(r.json.items.map((i: { label: string }) => i.label)).toEqual(['Ana Alpha', 'Ben Both']);
    expect(Object.keys(r.json.items[0]).sort()).toEqual(['clicksCounted', 'commission', 'conversions', 'key', 'label', 'sales', 'sparkline']);
    for (const by of ['influencer', 'product', 'brand', 'groupLabel', 'channel', 'country']) {
      const json = (await vendorA.call('GET', `/stats/leaders?${range}&by=${by}`)).json;
      for (const leak of ['Cleo', 'Bravo']) expect(JSON.stringify(json), `${by}: ${leak}`).not.toContain(leak);
      if (by === 'influencer') expect(json.items.map((i: { key: string }) => i.key)).not.toContain(w.cleo);
      if (by === 'brand') expect(json.items.map((i: { key: string }) => i.key)).toEqual([w.brandA1, w.brandA2]);
    }
    const filtered = await vendorA.call('GET', `/stats/leaders?${range}&by=brand&brandId=${w.brandB}`);
    expect(filtered.json.items).toEqual([]);
  });

  it('refuses an unknown dimension, sort or limit, naming the field', async () => {
    for (const [query, field] of [['by=colour', 'by'], ['sort=money', 'sort'], ['limit=101', 'limit']]) {
      const r = await staff.call('GET', `/stats/leaders?${query}`);
      expect(r.status, query).toBe(400);
      expect(r.json.error.details[0].field, query).toBe(field);
    }
  });
});

describe('GET /stats/overview', () => {
  it("gives staff today and 30 days, what is owed, and the alerts with the console page behind each", async () => {
    const db = t.database.db;
    const held = await db.selectFrom('commissions').select('id').where('influencer_id', '=', w.ana).orderBy('id').executeTakeFirstOrThrow();
    await db.updateTable('commissions').set({ held_at: new Date(), hold_reason: 'test', held_by: 'admin:1' }).where('id', '=', held.id).execute();
    await db.insertInto('payouts').values([
      { influencer_id: w.ana, currency: 'EUR', amount: 700, status: 'pending', run_key: 'r1' },
      { influencer_id: w.ben, currency: 'PLN', amount: 300, status: 'failed', run_key: 'r1', failed_at: new Date(), failure_reason: 'bank said no' },
    ]).execute();
    await t.clickQueue.queue.add('clicks.ingest', { clicks: [] }, { delay: 3_600_000 });
    whatsapp = { state: 'disconnected', since: new Date().toISOString(), qr: null, lastError: 'logged out', lastErrorAt: null, reconnectAttempt: 1, nextReconnectAt: null, phone: null, updatedAt: new Date().toISOString() };

    const r = await staff.call('GET', '/stats/overview');
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    expect(r.json.today).toMatchObject({ from: `${day(0)}T00:00:00.000Z`, to: `${day(1)}T00:00:00.000Z`, clicksCounted: 1, conversions: 0 });
    expect(r.json.last30Days).toMatchObject({
      from: `${day(-29)}T00:00:00.000Z`, clicksCounted: 11, conversions: 4,
      commissionOwed: [{ currency: 'EUR', amount: 2_900 }, { currency: 'PLN', amount: 1_000 }], payoutsDue: [{ currency: 'EUR', amount: 700 }],
    });
    expect(r.json.balances).toEqual({ commissionOwed: [{ currency: 'EUR', amount: 2_900 }, { currency: 'PLN', amount: 1_000 }], payoutsDue: [{ currency: 'EUR', amount: 700 }] });
    const alerts = Object.fromEntries(r.json.alerts.map((a: { kind: string }) => [a.kind, a]));
    expect(alerts.held_commissions).toEqual({ kind: 'held_commissions', raised: true, count: 1, state: null, path: '/console/conversions?held=1' });
    expect(alerts.failed_payouts).toMatchObject({ raised: true, count: 1, path: expect.stringMatching(/^\/console\/payouts\?status=failed&from=/) });
    expect(alerts.queue_backlog).toMatchObject({ raised: false, count: 1, path: '/console/queues' });
    expect(alerts.queue_backlog.queues).toContainEqual({ queue: 'clicks', waiting: 0, delayed: 1 });
    expect(alerts.whatsapp).toMatchObject({ raised: true, state: 'disconnected', path: '/console/whatsapp' });

    whatsapp = { ...whatsapp, state: 'ready' };
    const ready = await staff.call('GET', '/stats/overview');
    expect(ready.json.alerts.find((a: { kind: string }) => a.kind === 'whatsapp')).toMatchObject({ raised: false, state: 'ready' });
  });

  it('gives a vendor its own sales and what it owes, and no payouts or alerts', async () => {
    const r = await vendorA.call('GET', '/stats/overview');
    expect(r.status).toBe(200);
    expect(r.json.last30Days).toMatchObject({ clicksCounted: 7, conversions: 3, payoutsDue: null, commissionOwed: [{ currency: 'EUR', amount: 1_500 }, { currency: 'PLN', amount: 1_000 }] });
    expect(r.json.balances).toEqual({ commissionOwed: [{ currency: 'EUR', amount: 1_500 }, { currency: 'PLN', amount: 1_000 }], payoutsDue: null });
    expect(r.json.alerts).toEqual([]);
  });
});

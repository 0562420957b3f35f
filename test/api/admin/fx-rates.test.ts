import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { factories } from '../../factories/index.ts';
import { createTestApp, type TestApp } from '../../support/app.ts';
import { manualClock } from '../../support/manual-clock.ts';
import { sellThrough } from '../../support/money.ts';
import { adminClient, type AdminClient } from './admin-client.ts';

const clock = manualClock(new Date('2026-12-01T12:00:00Z'));
let t: TestApp;
let admin: AdminClient;

beforeAll(async () => {
  t = await createTestApp({ clock });
  admin = await adminClient(t, 'admin');
});
afterAll(async () => { await t?.close(); });

async function importCsv(text: string, token = admin.token) {
  const response = await t.app.inject({
    method: 'POST', url: '/api/v1/admin/fx-rates/import', payload: text,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
  });
  return { status: response.statusCode, json: response.json() };
}

describe('fx rates', () => {
  it('stores a rate exactly, lists the one in force, and keeps history', async () => {
    const created = await admin.call('POST', '/fx-rates', { base: 'eur', quote: 'PLN', rate: '4.2735', validFrom: '2026-11-01T00:00:00Z' });
    expect(created.status).toBe(201);
    expect(created.json).toEqual({ base: 'EUR', quote: 'PLN', rate: '4.2735', rateE9: '4273500000', validFrom: '2026-11-01T00:00:00.000Z' });
    await admin.call('POST', '/fx-rates', { base: 'EUR', quote: 'PLN', rate: '4.3' });
    // A rate from next week is stored but not yet in force.
    await admin.call('POST', '/fx-rates', { base: 'EUR', quote: 'PLN', rate: '9', validFrom: '2026-12-08T00:00:00Z' });
    expect((await admin.call('GET', '/fx-rates?base=EUR&quote=PLN')).json.items).toEqual([expect.objectContaining({ rate: '4.3', validFrom: clock.now().toISOString() })]);
    expect((await admin.call('GET', '/fx-rates?base=EUR&quote=PLN&history=true')).json.items.map((r: { rate: string }) => r.rate)).toEqual(['9', '4.3', '4.2735']);

    for (const body of [
      { base: 'EUR', quote: 'EUR', rate: '1' },
      { base: 'EUR', quote: 'XYZ', rate: '1' },
      { base: 'EUR', quote: 'PLN', rate: '0' },
      { base: 'EUR', quote: 'PLN', rate: '4.1234567891' },
      { base: 'EUR', quote: 'PLN', rate: 4.2 },
    ]) {
      const refused = await admin.call('POST', '/fx-rates', body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(refused.json.error.code).toBe('validation_failed');
    }
    expect((await (await adminClient(t, 'support')).call('POST', '/fx-rates', { base: 'EUR', quote: 'GBP', rate: '0.85' })).status).toBe(403);
  });

  it('imports a CSV all or nothing, with every problem by line', async () => {
    const bad = await importCsv('base,quote,rate,valid_from\nEUR,GBP,0.85,2026-11-01T00:00:00Z\nEUR,RUB,abc,\nEUR,USD,1.08,not-a-date\nEUR,GBP,0.86,2026-11-01T00:00:00Z\n');
    expect(bad.status).toBe(400);
    expect(bad.json.error.details.lines.map((l: { line: number; field: string }) => [l.line, l.field])).toEqual([[3, 'rate'], [4, 'validFrom'], [5, 'rate']]);
    expect((await admin.call('GET', '/fx-rates?base=EUR&quote=GBP')).json.items).toEqual([]);
    expect((await importCsv('from,to,price\nEUR,GBP,1\n')).status).toBe(400);
    expect((await importCsv('')).status).toBe(400);

    const good = await importCsv('\uFEFFBase, Quote ,Rate,valid_from\r\nEUR,GBP,0.85,2026-11-01T00:00:00Z\r\neur,rub,101.5,\r\nUSD,EUR,0.925925926,2026-11-15T00:00:00Z\r\n');
    expect(good.status, JSON.stringify(good.json)).toBe(200);
    expect(good.json.imported).toBe(3);
    expect(good.json.items.map((r: { base: string; quote: string; rateE9: string }) => `${r.base}/${r.quote}=${r.rateE9}`).sort())
      .toEqual(['EUR/GBP=850000000', 'EUR/RUB=101500000000', 'USD/EUR=925925926']);
  });

  it('converts a commission at the rate in force when the order arrives and stores it with the conversion', async () => {
    const make = factories(t.database.db, t.deps.secretBox);
    const vendor = await make.vendor();
    const product = await make.product(await make.brand(vendor.id, { commissionRateBps: 1000 }), { currency: 'RUB' });
    const influencer = await make.influencer({ payoutCurrency: 'RUB' });
    const changed = await admin.call('PUT', `/influencers/${influencer.id}/payout-currency`, { currency: 'eur' });
    expect(changed.json).toEqual({ influencerId: influencer.id, payoutCurrency: 'EUR', previous: 'RUB' });
    expect((await admin.call('PUT', `/influencers/${influencer.id}/payout-currency`, { currency: 'XYZ' })).status).toBe(400);
    expect((await admin.call('PUT', '/influencers/99999/payout-currency', { currency: 'EUR' })).status).toBe(404);
    const link = await make.link(influencer.id, product.id);
    // EUR→RUB 101.5 is stored; RUB→EUR is its inverse: 10^18 / 101500000000 = 9852216.7487… → 9852217.
    const sale = await sellThrough(t.database.db, clock, { vendorId: vendor.id, link, orderId: 'RUB-1', amount: 1_015_000, currency: 'RUB' });
    const conversion = await t.database.db.selectFrom('conversions').select(['payout_currency', 'fx_rate_e9', 'fx_rate_valid_from']).where('id', '=', sale.conversionId).executeTakeFirstOrThrow();
    expect(conversion).toEqual({ payout_currency: 'EUR', fx_rate_e9: '9852217', fx_rate_valid_from: clock.now() });
    // 101,500 kopecks × 0.009852217 = 1000.000026 → 1000 cents.
    const trail = await admin.call('GET', `/commissions/${sale.commission!.id}/trail`);
    expect(trail.json.commission).toMatchObject({ amount: 101_500, currency: 'RUB', payoutAmount: 1000, payoutCurrency: 'EUR', fxRate: '0.009852217' });
  });
});

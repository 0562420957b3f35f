import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { factories } from '../../factories/index.ts';
import { createTestApp, type TestApp } from '../../support/app.ts';
import { storeClick } from '../../support/clicks.ts';
import { manualClock } from '../../support/manual-clock.ts';
import { sendSigned } from '../../support/vendor.ts';
import { adminClient, type AdminClient } from './admin-client.ts';

// Support's question, "what happened to this influencer's sale?": the search that finds the sale
// from whatever support was told, and the money trail that tells it from click to payout.

const DAY = 86_400_000;
const clock = manualClock(new Date('2026-12-01T12:00:00Z'));
let t: TestApp;
let admin: AdminClient;
let support: AdminClient;
let vendorAccount: AdminClient;
let make: ReturnType<typeof factories>;
const w = {} as {
  vendor: Awaited<ReturnType<ReturnType<typeof factories>['vendor']>>; influencerId: string; linkId: string; linkCode: string;
  clickId: string; conversionId: string; commissionId: string; orderedAt: Date;
};

beforeAll(async () => {
  t = await createTestApp({ clock });
  admin = await adminClient(t, 'admin');
  support = await adminClient(t, 'support');
  make = factories(t.database.db, t.deps.secretBox);
  w.vendor = await make.vendor({ name: 'Trail Shop' });
  vendorAccount = await adminClient(t, 'vendor', w.vendor.id);
  const brand = await make.brand(w.vendor.id, { name: 'Trail Brand', commissionRateBps: 1000, lockDays: 14 });
  const product = await make.product(brand, { title: 'Trail Kettle', currency: 'EUR' });
  const gold = await make.tier({ name: 'Gold', multiplierBps: 12_500 });
  const influencer = await make.influencer({ displayName: 'Zofia Trail', tierId: gold.id, payoutCurrency: 'EUR' });
  w.influencerId = influencer.id;
  await t.database.db.insertInto('influencer_identities').values({
    influencer_id: influencer.id, channel: 'telegram', external_id: '880011', chat_id: '880011', username: 'zofia_trail',
  }).execute();
  const link = await make.link(influencer.id, product.id, { channel: 'telegram', groupLabel: 'Family' });
  w.linkId = link.id;
  w.linkCode = link.code;
  w.clickId = await storeClick(t.database.db, link, { clickedAt: new Date(clock.now().getTime() - 3_600_000) });
  w.orderedAt = clock.now();
  const answer = await order({ orderId: 'TRAIL-1', clickId: w.clickId, amount: 40_000, currency: 'EUR' });
  w.conversionId = answer.conversionId;
  w.commissionId = answer.commission.id;
});
afterAll(async () => { await t?.close(); });

async function order(body: Record<string, unknown>) {
  const response = await sendSigned(t.app, w.vendor.credentials, { method: 'POST', url: '/api/v1/conversions', body, t: Math.floor(clock.now().getTime() / 1000) });
  expect(response.statusCode, response.body).toBe(202);
  return response.json();
}

const trailOf = async (query = '') => support.call('GET', `/influencers/${w.influencerId}/money-trail${query}`);
const kinds = (entry: { steps: { kind: string }[] }) => entry.steps.map((s) => s.kind);

describe('the money trail', () => {
  it('tells a pending sale: the click, the order, the commission with its rate and tier, and the day it approves', async () => {
    const { status, json } = await trailOf();
    expect(status).toBe(200);
    const [entry] = json.items;
    expect(entry.click).toEqual({
      id: w.clickId, clickedAt: new Date(w.orderedAt.getTime() - 3_600_000).toISOString(), linkId: w.linkId, linkCode: w.linkCode,
      channel: 'telegram', groupLabel: 'Family', counted: true, notCountedBecause: null,
    });
    expect(entry.order).toMatchObject({ id: w.conversionId, orderId: 'TRAIL-1', vendorName: 'Trail Shop', productTitle: 'Trail Kettle', brandName: 'Trail Brand', amount: 40_000, currency: 'EUR', status: 'attributed' });
    expect(entry.commission).toMatchObject({
      id: w.commissionId, status: 'pending', baseAmount: 4000, baseRateBps: 1000, rateBps: 1250, tierName: 'Gold', tierMultiplierBps: 12_500,
      amount: 5000, payoutAmount: 5000, payoutCurrency: 'EUR', lockDays: 14, approvesAt: new Date(w.orderedAt.getTime() + 14 * DAY).toISOString(),
      approvedAt: null, heldAt: null,
    });
    expect(kinds(entry)).toEqual(['click', 'order', 'commission', 'approval']);
    const [click, sale, commission, approval] = entry.steps;
    expect(click).toMatchObject({ by: 'visitor', note: 'Family' });
    expect(sale).toMatchObject({ at: w.orderedAt.toISOString(), by: `vendor:${w.vendor.id}`, byName: 'Trail Shop' });
    expect(commission.ledger.map((l: { kind: string; account: string; amount: number }) => [l.kind, l.account, l.amount]))
      .toEqual(expect.arrayContaining([['commission_accrued', 'influencer_pending', -5000]]));
    expect(approval).toMatchObject({ expected: true, at: entry.commission.approvesAt, note: 'lock 14 d' });
  });

  it('follows it through approval, the payout and its payment, each step with who did it and its postings', async () => {
    clock.advanceDays(14);
    expect((await admin.call('POST', '/commissions/approvals')).json.approved).toBe(1);
    const approvedAt = clock.now().toISOString();
    clock.advance(60_000);
    const run = await admin.call('POST', '/payouts/runs', { runKey: 'trail-week' });
    const payoutId = run.json.payouts[0].id;
    clock.advance(60_000);
    await admin.call('POST', `/payouts/${payoutId}/approve`);
    clock.advance(60_000);
    await admin.call('POST', `/payouts/${payoutId}/paid`, { reference: 'SEPA-TRAIL' });

    const [entry] = (await trailOf()).json.items;
    expect(kinds(entry)).toEqual(['click', 'order', 'commission', 'approval', 'payout', 'payout_approved', 'payout_paid']);
    const step = (kind: string) => entry.steps.find((s: { kind: string }) => s.kind === kind);
    const adminEmail = (await t.database.db.selectFrom('admins').select('email').where('id', '=', admin.id).executeTakeFirstOrThrow()).email;
    expect(step('approval')).toMatchObject({ at: approvedAt, expected: false, by: `admin:${admin.id}`, byName: adminEmail });
    expect(step('approval').ledger.map((l: { account: string; amount: number }) => [l.account, l.amount]).sort())
      .toEqual([['influencer_available', -5000], ['influencer_pending', 5000]]);
    expect(step('payout')).toMatchObject({ note: 'trail-week', by: 'system' });
    expect(step('payout').ledger.length).toBeGreaterThan(0);
    expect(step('payout_approved')).toMatchObject({ by: `admin:${admin.id}`, byName: adminEmail });
    expect(step('payout_paid')).toMatchObject({ at: clock.now().toISOString(), note: 'SEPA-TRAIL', by: `admin:${admin.id}` });
    expect(entry.payout).toMatchObject({ id: payoutId, status: 'paid', reference: 'SEPA-TRAIL' });
    expect(entry.commission).toMatchObject({ status: 'paid', payoutId });
    const times = entry.steps.map((s: { at: string }) => Date.parse(s.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('pages newest first by cursor, and opens on one order', async () => {
    const click = await storeClick(t.database.db, { id: w.linkId, influencer_id: w.influencerId, product_id: (await t.database.db.selectFrom('links').select('product_id').where('id', '=', w.linkId).executeTakeFirstOrThrow()).product_id }, { clickedAt: new Date(clock.now().getTime() - 60_000) });
    const second = await order({ orderId: 'TRAIL-2', clickId: click, amount: 1000, currency: 'EUR' });
    const first = await trailOf('?limit=1');
    expect(first.json.items.map((e: { order: { orderId: string } }) => e.order.orderId)).toEqual(['TRAIL-2']);
    const next = await trailOf(`?limit=1&cursor=${first.json.nextCursor}`);
    expect(next.json.items.map((e: { order: { orderId: string } }) => e.order.orderId)).toEqual(['TRAIL-1']);
    expect(next.json.nextCursor).toBeNull();
    const one = await trailOf(`?conversionId=${second.conversionId}`);
    expect(one.json.items.map((e: { id: string }) => e.id)).toEqual([second.conversionId]);
    expect((await support.call('GET', '/influencers/99999/money-trail')).status).toBe(404);
  });
});

describe('the support search', () => {
  const search = async (q: string) => (await support.call('GET', `/search?q=${encodeURIComponent(q)}`)).json.results;

  it('finds the sale by its order id and opens the influencer on it', async () => {
    expect(await search('TRAIL-1')).toEqual([expect.objectContaining({
      kind: 'order', id: w.conversionId, orderId: 'TRAIL-1', vendorName: 'Trail Shop', influencerId: w.influencerId, influencerName: 'Zofia Trail',
      commission: expect.objectContaining({ id: w.commissionId, amount: 5000, currency: 'EUR' }),
      path: `/influencers/${w.influencerId}?conversion=${w.conversionId}`,
    })]);
  });

  it('finds the click and its order by the click id, in any case', async () => {
    const results = await search(w.clickId.toUpperCase());
    expect(results.map((r: { kind: string }) => r.kind)).toEqual(['order', 'click']);
    expect(results[1]).toMatchObject({
      id: w.clickId, influencerId: w.influencerId, linkCode: w.linkCode, groupLabel: 'Family', counted: true, orders: [w.conversionId],
      path: `/influencers/${w.influencerId}?conversion=${w.conversionId}`,
    });
  });

  it('finds a link by its code, and the influencer by id, handle, chat account or name', async () => {
    expect(await search(w.linkCode)).toEqual([expect.objectContaining({ kind: 'link', id: w.linkId, influencerName: 'Zofia Trail', productTitle: 'Trail Kettle', path: `/links?code=${w.linkCode}` })]);
    const influencer = (q: string) => search(q).then((r) => r.filter((x: { kind: string }) => x.kind === 'influencer').map((x: { id: string; matched: string }) => [x.id, x.matched]));
    expect(await influencer('@Zofia_t')).toEqual([[w.influencerId, 'handle']]);
    expect(await influencer('zofia tr')).toEqual([[w.influencerId, 'name']]);
    expect(await influencer('880011')).toEqual([[w.influencerId, 'chat_account']]);
    expect(await influencer(w.influencerId)).toEqual([[w.influencerId, 'id']]);
    expect((await search('@zofia'))[0]).toMatchObject({ handles: ['@zofia_trail'], path: `/influencers/${w.influencerId}` });
  });

  it('explains an order that earned nothing, and opens the click the vendor named', async () => {
    const late = await storeClick(t.database.db, { id: w.linkId, influencer_id: w.influencerId, product_id: (await t.database.db.selectFrom('links').select('product_id').where('id', '=', w.linkId).executeTakeFirstOrThrow()).product_id }, { clickedAt: new Date(clock.now().getTime() - 40 * DAY) });
    await order({ orderId: 'TRAIL-LATE', clickId: late, amount: 2000, currency: 'EUR' });
    expect(await search('TRAIL-LATE')).toEqual([expect.objectContaining({
      kind: 'order', status: 'unattributed', attributionReason: 'outside_window', commission: null, influencerId: w.influencerId,
      path: `/influencers/${w.influencerId}?click=${late}`,
    })]);
  });

  it('answers nothing found plainly, refuses a one-letter query, and is closed to vendor accounts', async () => {
    expect(await search('no-such-thing-anywhere')).toEqual([]);
    const short = await support.call('GET', '/search?q=x');
    expect(short.status).toBe(400);
    expect(short.json.error.details).toEqual({ field: 'q' });
    expect((await vendorAccount.call('GET', '/search?q=TRAIL-1')).status).toBe(403);
    expect((await vendorAccount.call('GET', `/influencers/${w.influencerId}/money-trail`)).status).toBe(403);
    expect((await vendorAccount.call('GET', `/influencers/${w.influencerId}/identities`)).status).toBe(403);
  });
});

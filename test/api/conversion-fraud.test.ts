import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ownerMarkToken } from '../../core/clicks/owner-mark.ts';
import { startClickWorker, type ClickWorker } from '../../queue/clicks.worker.ts';
import { factories } from '../factories/index.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { storeClick } from '../support/clicks.ts';
import { manualClock } from '../support/manual-clock.ts';
import { sendSigned } from '../support/vendor.ts';
import { adminClient, type AdminClient } from './admin/admin-client.ts';

// Orders that earn a commission but look wrong are held for an admin by the fraud rules
// (core/conversions/order-checks.ts), released or reversed with the admins' own actions.

const BROWSER_UA = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';
const LOCK_DAYS = 7;
const clock = manualClock(new Date());
let t: TestApp;
let worker: ClickWorker;
let admin: AdminClient;
let make: ReturnType<typeof factories>;
let vendor: Awaited<ReturnType<ReturnType<typeof factories>['vendor']>>;
let influencer: { id: string };
let link: { id: string; code: string; influencer_id: string; product_id: string };
let orders = 0;

beforeAll(async () => {
  t = await createTestApp({ clock });
  worker = await startClickWorker({ connection: t.redis, prefix: t.prefix, db: t.database.db, logger: t.deps.logger });
  admin = await adminClient(t, 'admin');
  make = factories(t.database.db, t.deps.secretBox);
  vendor = await make.vendor();
  const product = await make.product(await make.brand(vendor.id, { commissionRateBps: 1000, lockDays: LOCK_DAYS }), { currency: 'EUR' });
  influencer = await make.influencer();
  link = await make.link(influencer.id, product.id);
});
afterAll(async () => {
  await worker?.close();
  await t?.close();
});

/** A person's tap through the real redirect, stored by the real worker; answers the click id. */
async function tap(url: string, cookies?: Record<string, string>) {
  const response = await t.app.inject({
    method: 'GET', url, remoteAddress: `198.51.100.${10 + orders}`, headers: { 'user-agent': BROWSER_UA, 'accept-language': 'es-ES' }, cookies,
  });
  expect(response.statusCode).toBe(302);
  const clickId = new URL(response.headers.location as string).searchParams.get('dc_click')!;
  await expect.poll(async () => (await t.database.db.selectFrom('clicks').select('id').where('id', '=', clickId).execute()).length, { timeout: 20_000 }).toBe(1);
  return clickId;
}

async function order(body: { clickId: string; buyerRef?: string; orderId?: string; amount?: number }) {
  const orderId = body.orderId ?? `FR-${++orders}`;
  const response = await sendSigned(t.app, vendor.credentials, {
    method: 'POST', url: '/api/v1/conversions', body: { amount: 10_000, currency: 'EUR', ...body, orderId }, t: Math.floor(clock.now().getTime() / 1000),
  });
  expect(response.statusCode, response.body).toBe(202);
  return { orderId, ...response.json() as { conversionId: string; attributed: boolean; commission: { id: string; status: string } | null } };
}

const commission = async (id: string) => (await admin.call('GET', `/commissions/${id}`)).json;
const minuteAgo = () => new Date(clock.now().getTime() - 60_000);

describe('the fraud rules on orders', () => {
  let tooSoon: { commissionId: string };
  let repeat: { commissionId: string };

  it('holds the commission of an order placed 2 s after its click, tells the admins why, and tells the vendor nothing', async () => {
    const clickId = await tap(`/r/${link.code}`);
    clock.advance(2_000);
    const answer = await order({ clickId });
    expect(answer).toMatchObject({ attributed: true, commission: { status: 'pending' } });
    expect(JSON.stringify(answer)).not.toMatch(/held|fraud/i);
    tooSoon = { commissionId: answer.commission!.id };
    expect(await commission(tooSoon.commissionId)).toMatchObject({
      status: 'pending', held: true, heldBy: 'system:fraud-rules', holdReason: 'Fraud rules: ordered 2 s after its click (under 10 s)',
    });
    const listed = await admin.call('GET', '/conversions?held=true');
    expect(listed.json.items.find((c: { id: string }) => c.id === answer.conversionId)).toMatchObject({ held: true, holdReason: expect.stringContaining('2 s after') });

    // The same buyer's ordinary path: a click some minutes before the order is not held.
    const calm = await order({ clickId: await storeClick(t.database.db, link, { clickedAt: new Date(clock.now().getTime() - 5 * 60_000) }) });
    expect(await commission(calm.commission!.id)).toMatchObject({ held: false, holdReason: null });
  });

  it('holds a buyer\'s second order within 30 days, keeping the buyer reference only as a keyed hash', async () => {
    const first = await order({ clickId: await storeClick(t.database.db, link, { clickedAt: minuteAgo() }), buyerRef: 'customer-4711@shop.example' });
    expect(await commission(first.commission!.id)).toMatchObject({ held: false });
    clock.advanceDays(12);
    const second = await order({ clickId: await storeClick(t.database.db, link, { clickedAt: minuteAgo() }), buyerRef: 'customer-4711@shop.example' });
    repeat = { commissionId: second.commission!.id };
    expect(await commission(repeat.commissionId)).toMatchObject({
      held: true, heldBy: 'system:fraud-rules', holdReason: `Fraud rules: the same buyer's other order "${first.orderId}" is within 30 days`,
    });
    const other = await order({ clickId: await storeClick(t.database.db, link, { clickedAt: minuteAgo() }), buyerRef: 'customer-0815@shop.example' });
    expect(await commission(other.commission!.id)).toMatchObject({ held: false });

    const rows = await t.database.db.selectFrom('conversions').selectAll().where('order_id', 'in', [first.orderId, second.orderId]).execute();
    expect(rows[0]!.buyer_hash).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(rows[0]!.buyer_hash).toBe(rows[1]!.buyer_hash);
    expect(JSON.stringify(rows)).not.toContain('customer-4711');

    // The reference is part of the order: a retry with another one is a different body.
    const retry = await sendSigned(t.app, vendor.credentials, {
      method: 'POST', url: '/api/v1/conversions', t: Math.floor(clock.now().getTime() / 1000),
      body: { orderId: second.orderId, clickId: rows[1]!.click_id, amount: 10_000, currency: 'EUR', buyerRef: 'someone-else' },
    });
    expect(retry.statusCode).toBe(409);
  });

  it('credits an order through the influencer\'s own click, and holds it as a self-purchase', async () => {
    const token = ownerMarkToken('test-ip-hash-key', influencer.id);
    const response = await t.app.inject({
      method: 'GET', url: `/r/${link.code}/mine?t=${token}`, remoteAddress: '198.51.100.200', headers: { 'user-agent': BROWSER_UA, 'accept-language': 'es' },
    });
    const ownClick = new URL(response.headers.location as string).searchParams.get('dc_click')!;
    await expect.poll(async () => (await t.database.db.selectFrom('clicks').select('flag').where('id', '=', ownClick).executeTakeFirst())?.flag, { timeout: 20_000 }).toBe('self');
    clock.advance(60_000);
    const answer = await order({ clickId: ownClick });
    expect(answer).toMatchObject({ attributed: true });
    expect(await commission(answer.commission!.id)).toMatchObject({
      held: true, heldBy: 'system:fraud-rules', holdReason: 'Fraud rules: the click was the influencer\'s own (their device carries the owner mark)',
    });
    expect(await t.database.db.selectFrom('conversions').select(['self_purchase', 'influencer_id']).where('id', '=', answer.conversionId).executeTakeFirstOrThrow())
      .toEqual({ self_purchase: true, influencer_id: influencer.id });
  });

  it('leaves a held commission out of approvals until an admin releases it; released, it settles normally; reversed, it is gone', async () => {
    clock.advanceDays(LOCK_DAYS + 1);
    await admin.call('POST', '/commissions/approvals');
    expect(await commission(tooSoon.commissionId)).toMatchObject({ status: 'pending', held: true });

    const released = await admin.call('POST', `/commissions/${tooSoon.commissionId}/release`);
    expect(released.json).toMatchObject({ held: false, holdReason: null });
    await admin.call('POST', '/commissions/approvals');
    expect(await commission(tooSoon.commissionId)).toMatchObject({ status: 'approved', held: false });
    // Still held: the repeat order, until someone decides.
    expect(await commission(repeat.commissionId)).toMatchObject({ status: 'pending', held: true });

    const reversed = await admin.call('POST', `/commissions/${repeat.commissionId}/reverse`, { reason: 'the same buyer, twice: self-dealing' });
    expect(reversed.status).toBe(200);
    expect(await commission(repeat.commissionId)).toMatchObject({ status: 'reversed', held: false });
    expect((await admin.call('GET', '/ledger/check')).json.ok).toBe(true);
  });
});

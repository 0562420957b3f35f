import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { factories } from '../../factories/index.ts';
import { createTestApp, type TestApp } from '../../support/app.ts';
import { storeClick } from '../../support/clicks.ts';
import { manualClock } from '../../support/manual-clock.ts';
import { recordingNotifier } from '../../support/money.ts';
import { sendSigned } from '../../support/vendor.ts';
import { adminClient, type AdminClient } from './admin-client.ts';

// Review before money moves: a held commission stays pending past its lock and out of payouts
// until released; marking an order as fraud reverses all of it with balanced postings.

const clock = manualClock(new Date('2026-12-01T12:00:00Z'));
const notifier = recordingNotifier();
let t: TestApp;
let admin: AdminClient;
let support: AdminClient;
let make: ReturnType<typeof factories>;
let vendor: Awaited<ReturnType<ReturnType<typeof factories>['vendor']>>;
let recruiter: { id: string };
let recruit: { id: string };
let link: { id: string; influencer_id: string; product_id: string };
let orders = 0;

beforeAll(async () => {
  t = await createTestApp({ clock, notifier });
  admin = await adminClient(t, 'admin');
  support = await adminClient(t, 'support');
  make = factories(t.database.db, t.deps.secretBox);
  vendor = await make.vendor();
  const product = await make.product(await make.brand(vendor.id, { commissionRateBps: 1000, lockDays: 10 }), { currency: 'EUR' });
  recruiter = await make.influencer({ createdAt: clock.now() });
  recruit = await make.influencer({ recruitedBy: recruiter.id, createdAt: clock.now() });
  link = await make.link(recruit.id, product.id);
});
afterAll(async () => { await t?.close(); });

/** A sale of `amount` EUR cents through the recruit's link: its conversion and commission ids. */
async function sell(amount = 100_000): Promise<{ conversionId: string; commissionId: string; orderId: string }> {
  const orderId = `R-${++orders}`;
  const clickId = await storeClick(t.database.db, link, { clickedAt: new Date(clock.now().getTime() - 60_000) });
  const response = await sendSigned(t.app, vendor.credentials, {
    method: 'POST', url: '/api/v1/conversions', body: { orderId, clickId, amount, currency: 'EUR' }, t: Math.floor(clock.now().getTime() / 1000),
  });
  expect(response.statusCode, response.body).toBe(202);
  return { conversionId: response.json().conversionId, commissionId: response.json().commission.id, orderId };
}

const commission = async (id: string) => (await admin.call('GET', `/commissions/${id}`)).json;
const ledgerOk = async () => {
  const check = await support.call('GET', '/ledger/check');
  return check.json.ok ? true : check.json.checks.filter((c: { ok: boolean }) => !c.ok);
};

describe('holding a commission for review', () => {
  it('keeps a matured commission pending through approval runs until it is released; support may not hold', async () => {
    const sale = await sell();
    expect((await support.call('POST', `/commissions/${sale.commissionId}/hold`, { reason: 'looks scripted' })).status).toBe(403);
    expect((await admin.call('POST', `/commissions/${sale.commissionId}/hold`, { reason: ' ' })).status).toBe(400);
    const held = await admin.call('POST', `/commissions/${sale.commissionId}/hold`, { reason: 'velocity: 30 orders a minute' });
    expect(held.status).toBe(200);
    expect(held.json).toMatchObject({ commissionId: sale.commissionId, status: 'pending', held: true, holdReason: 'velocity: 30 orders a minute', heldBy: `admin:${admin.id}`, heldAt: clock.now().toISOString() });
    // Holding it again changes nothing: the first reason stands.
    expect((await admin.call('POST', `/commissions/${sale.commissionId}/hold`, { reason: 'another reason' })).json.holdReason).toBe('velocity: 30 orders a minute');

    expect(await commission(sale.commissionId)).toMatchObject({ held: true, holdReason: 'velocity: 30 orders a minute', status: 'pending' });
    const conversion = (await support.call('GET', `/conversions/${sale.conversionId}`)).json;
    expect(conversion).toMatchObject({ held: true, holdReason: 'velocity: 30 orders a minute', fraudAt: null });
    expect((await support.call('GET', '/conversions?held=true')).json.items.map((c: { id: string }) => c.id)).toEqual([sale.conversionId]);
    expect((await support.call('GET', '/commissions?held=true')).json.items.map((c: { id: string }) => c.id)).toEqual([sale.commissionId]);

    clock.advanceDays(10);
    await admin.call('POST', '/commissions/approvals');
    expect(await commission(sale.commissionId)).toMatchObject({ status: 'pending', held: true });

    const released = await admin.call('POST', `/commissions/${sale.commissionId}/release`);
    expect(released.json).toMatchObject({ held: false, holdReason: null, heldAt: null, status: 'pending' });
    expect((await support.call('GET', '/conversions?held=true')).json.items).toEqual([]);
    expect((await admin.call('POST', '/commissions/approvals')).json).toMatchObject({ approved: 1, overrides: 1 });
    expect(await commission(sale.commissionId)).toMatchObject({ status: 'approved', held: false });
    expect(await ledgerOk()).toBe(true);
  });

  it('holds every commission of an order, the override included, and no payout takes them until released', async () => {
    const held = await sell(50_000);
    const free = await sell(30_000);
    clock.advanceDays(10);
    await admin.call('POST', '/commissions/approvals');
    // Both approved; the recruiter earned an override on each.
    const ofOrder = (await support.call('GET', `/commissions?conversionId=${held.conversionId}`)).json.items;
    expect(ofOrder.map((c: { kind: string; status: string }) => [c.kind, c.status]).sort()).toEqual([['override', 'approved'], ['sale', 'approved']]);

    const hold = await admin.call('POST', `/conversions/${held.conversionId}/hold`, { reason: 'chargeback risk' });
    expect(hold.status).toBe(200);
    expect(hold.json.changed).toHaveLength(2);
    expect(hold.json.commissions.every((c: { held: boolean }) => c.held)).toBe(true);

    const run = await admin.call('POST', '/payouts/runs', { runKey: 'review-1' });
    const mine = run.json.payouts.filter((p: { influencerId: string }) => p.influencerId === recruit.id);
    // The first test's sale (10 000) and the free one (3 000) are paid out; the held 5 000 stays.
    expect(mine).toEqual([expect.objectContaining({ amount: 13_000, commissions: 2 })]);
    expect(await commission(held.commissionId)).toMatchObject({ status: 'approved', payoutId: null, held: true });
    expect((await admin.call('GET', `/influencers/${recruit.id}/money`)).json.balances[0]).toMatchObject({ available: 5000, inPayout: 13_000 });
    // Money in a payout cannot be held.
    const inPayout = await admin.call('POST', `/commissions/${free.commissionId}/hold`, { reason: 'too late' });
    expect(inPayout.status).toBe(409);
    expect(inPayout.json.error.message).toMatch(/in a payout/);

    const release = await admin.call('POST', `/conversions/${held.conversionId}/release`);
    expect(release.json.changed).toHaveLength(2);
    const next = await admin.call('POST', '/payouts/runs', { runKey: 'review-2' });
    expect(next.json.payouts.filter((p: { influencerId: string }) => p.influencerId === recruit.id)).toEqual([expect.objectContaining({ amount: 5000, commissions: 1 })]);
    expect(await ledgerOk()).toBe(true);
  });

  it('refuses to hold an order that earned nothing', async () => {
    const response = await sendSigned(t.app, vendor.credentials, {
      method: 'POST', url: '/api/v1/conversions', body: { orderId: 'NO-CLICK', amount: 1000, currency: 'EUR' }, t: Math.floor(clock.now().getTime() / 1000),
    });
    const hold = await admin.call('POST', `/conversions/${response.json().conversionId}/hold`, { reason: 'checking' });
    expect(hold.status).toBe(409);
    expect(hold.json.error.message).toMatch(/earned no commission/);
  });
});

describe('marking an order as fraud', () => {
  it('reverses a held pending sale with a balanced ledger, lifts the hold and tells the influencer', async () => {
    const sale = await sell(20_000);
    await admin.call('POST', `/conversions/${sale.conversionId}/hold`, { reason: 'suspicious' });
    expect((await support.call('POST', `/conversions/${sale.conversionId}/fraud`, { reason: 'stolen card' })).status).toBe(403);
    const fraud = await admin.call('POST', `/conversions/${sale.conversionId}/fraud`, { reason: 'stolen card' });
    expect(fraud.status).toBe(200);
    expect(fraud.json).toMatchObject({ fraudReason: 'stolen card', fraudBy: `admin:${admin.id}`, reversed: [{ commissionId: sale.commissionId, reversedNow: 2000, status: 'reversed' }] });
    expect(await commission(sale.commissionId)).toMatchObject({ status: 'reversed', reversedAmount: 2000, held: false });
    expect((await support.call('GET', `/conversions/${sale.conversionId}`)).json).toMatchObject({ held: false, fraudReason: 'stolen card', fraudAt: clock.now().toISOString() });
    expect(notifier.of('commission_reversed').at(-1)).toMatchObject({ influencerId: recruit.id, commissionId: sale.commissionId, amount: 2000 });
    expect(await ledgerOk()).toBe(true);
    // Again: nothing moves.
    expect((await admin.call('POST', `/conversions/${sale.conversionId}/fraud`, { reason: 'stolen card' })).json.reversed).toEqual([]);
  });

  it('claws back a sale already paid out, and the override it earned', async () => {
    const sale = await sell(40_000);
    clock.advanceDays(10);
    await admin.call('POST', '/commissions/approvals');
    const run = await admin.call('POST', '/payouts/runs', { runKey: 'fraud-run' });
    expect(run.json.payouts.find((p: { influencerId: string }) => p.influencerId === recruit.id)).toMatchObject({ amount: 4000 });
    const before = notifier.of('commission_reversed').length;

    const fraud = await admin.call('POST', `/conversions/${sale.conversionId}/fraud`, { reason: 'reseller abuse' });
    expect(fraud.status).toBe(200);
    const sold = fraud.json.reversed.find((r: { commissionId: string }) => r.commissionId === sale.commissionId);
    expect(sold).toEqual({ commissionId: sale.commissionId, reversedNow: 4000, status: 'in_payout' });
    expect(fraud.json.reversed).toHaveLength(2);
    expect(notifier.of('commission_reversed').length - before).toBe(2);
    expect((await admin.call('GET', `/influencers/${recruit.id}/money`)).json.balances[0]).toMatchObject({ available: -4000, inPayout: 22_000 });
    expect(await ledgerOk()).toBe(true);
  });
});

describe('payouts as the console lists them', () => {
  it('approves what a filtered list shows and exports that list as CSV', async () => {
    const pending = (await support.call('GET', '/payouts?status=pending&currency=EUR')).json.items as { id: string; amount: number }[];
    expect(pending.length).toBeGreaterThan(0);
    expect((await admin.call('POST', '/payouts/approve-batch', { payoutIds: [] })).status).toBe(400);
    const approved = await admin.call('POST', '/payouts/approve-batch', { payoutIds: pending.map((p) => p.id) });
    expect(approved.json.approved.map((p: { id: string }) => p.id).sort()).toEqual(pending.map((p) => p.id).sort());

    const csv = await t.app.inject({ method: 'GET', url: `/api/v1/admin/payouts/export?status=all&influencerId=${recruit.id}`, headers: { authorization: `Bearer ${admin.token}` } });
    expect(csv.statusCode).toBe(200);
    const rows = parse(csv.body, { columns: true }) as Record<string, string>[];
    expect(rows.length).toBeGreaterThanOrEqual(3);
    expect(new Set(rows.map((r) => r.influencer_id))).toEqual(new Set([recruit.id]));
    expect(rows.map((r) => r.amount)).toContain('130.00');
  });
});

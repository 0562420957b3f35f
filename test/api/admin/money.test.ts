import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { factories } from '../../factories/index.ts';
import { createTestApp, type TestApp } from '../../support/app.ts';
import { storeClick } from '../../support/clicks.ts';
import { manualClock } from '../../support/manual-clock.ts';
import { recordingNotifier } from '../../support/money.ts';
import { sendSigned } from '../../support/vendor.ts';
import { adminClient, type AdminClient } from './admin-client.ts';

const clock = manualClock(new Date('2026-12-01T12:00:00Z'));
const notifier = recordingNotifier();
let t: TestApp;
let admin: AdminClient;
let support: AdminClient;
let make: ReturnType<typeof factories>;

beforeAll(async () => {
  t = await createTestApp({ clock, notifier });
  admin = await adminClient(t, 'admin');
  support = await adminClient(t, 'support');
  make = factories(t.database.db, t.deps.secretBox);
});
afterAll(async () => { await t?.close(); });

/** A vendor's signed order report through HTTP, signed at the app's clock. */
async function order(vendor: Awaited<ReturnType<typeof make.vendor>>, body: Record<string, unknown>) {
  const t0 = Math.floor(clock.now().getTime() / 1000);
  const response = await sendSigned(t.app, vendor.credentials, { method: 'POST', url: '/api/v1/conversions', body, t: t0 });
  expect(response.statusCode, response.body).toBe(202);
  return response.json();
}

async function csvOf(url: string) {
  const response = await t.app.inject({ method: 'GET', url: `/api/v1/admin${url}`, headers: { authorization: `Bearer ${admin.token}` } });
  return { status: response.statusCode, headers: response.headers, text: response.body };
}

describe('following an influencer\'s money from click to payout', () => {
  it('shows the sale, its approval, the payout and its payment, every line traceable to the click', async () => {
    const vendor = await make.vendor();
    const product = await make.product(await make.brand(vendor.id, { commissionRateBps: 1200, lockDays: 30 }), { currency: 'EUR' });
    const influencer = await make.influencer({ displayName: '=HYPERLINK("x")' });
    const link = await make.link(influencer.id, product.id);
    const clickId = await storeClick(t.database.db, link, { clickedAt: new Date(clock.now().getTime() - 3_600_000) });
    const sale = await order(vendor, { orderId: 'M-1', clickId, amount: 40_000, currency: 'EUR' });
    expect(sale.commission).toMatchObject({ amount: 4800, status: 'pending' });

    clock.advanceDays(30);
    expect((await admin.call('POST', '/commissions/approvals')).json).toMatchObject({ approved: 1, totals: { EUR: 4800 } });
    const run = await admin.call('POST', '/payouts/runs', { runKey: 'week-49' });
    expect(run.status).toBe(201);
    expect(run.json.payouts).toEqual([{ id: expect.any(String), influencerId: influencer.id, currency: 'EUR', amount: 4800, commissions: 1 }]);
    const payoutId = run.json.payouts[0].id;

    // Nothing approved yet: the payment file of the batch is empty but for its header.
    expect((await csvOf('/payouts/export?runKey=week-49')).text.trim().split('\r\n')).toHaveLength(1);
    expect((await support.call('POST', `/payouts/${payoutId}/approve`)).status).toBe(403);
    expect((await admin.call('POST', `/payouts/${payoutId}/paid`, { reference: 'SEPA-77' })).status).toBe(409);
    expect((await admin.call('POST', '/payouts/approve-batch', { runKey: 'week-49' })).json.approved).toHaveLength(1);

    const csv = await csvOf('/payouts/export?runKey=week-49');
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toBe('attachment; filename="payouts-week-49.csv"');
    const rows = parse(csv.text, { columns: true }) as Record<string, string>[];
    expect(rows).toEqual([expect.objectContaining({
      payout_id: payoutId, influencer_id: influencer.id, influencer_name: `'=HYPERLINK("x")`, currency: 'EUR', amount: '48.00', amount_minor: '4800', status: 'approved',
    })]);

    const paid = await admin.call('POST', `/payouts/${payoutId}/paid`, { reference: 'SEPA-77' });
    expect(paid.json).toMatchObject({ status: 'paid', reference: 'SEPA-77', paidAt: clock.now().toISOString() });
    expect(notifier.of('payout_paid')).toEqual([{ kind: 'payout_paid', influencerId: influencer.id, payoutId, amount: 4800, currency: 'EUR', reference: 'SEPA-77' }]);

    const money = await support.call('GET', `/influencers/${influencer.id}/money`);
    expect(money.json).toMatchObject({
      influencerId: influencer.id, payoutCurrency: 'EUR',
      balances: [{ currency: 'EUR', pending: 0, available: 0, inPayout: 0, paid: 4800 }],
      commissions: [{ kind: 'sale', status: 'paid', currency: 'EUR', count: 1, net: 4800, reversed: 0 }],
      payouts: [expect.objectContaining({ id: payoutId, status: 'paid', reference: 'SEPA-77' })],
    });

    const statement = await support.call('GET', `/influencers/${influencer.id}/statement`);
    expect(statement.json.items.map((l: { kind: string; account: string; amount: number }) => [l.kind, l.account, l.amount])).toEqual([
      ['payout_paid', 'influencer_paid', 4800], ['payout_paid', 'influencer_in_payout', -4800],
      ['payout_created', 'influencer_in_payout', 4800], ['payout_created', 'influencer_available', -4800],
      ['commission_approved', 'influencer_available', 4800], ['commission_approved', 'influencer_pending', -4800],
      ['commission_accrued', 'influencer_pending', 4800],
    ]);
    expect(statement.json.items.at(-1)).toMatchObject({ orderId: 'M-1', clickId, commissionId: sale.commission.id });

    const trail = await support.call('GET', `/commissions/${sale.commission.id}/trail`);
    expect(trail.json).toMatchObject({
      commission: { status: 'paid', amount: 4800, payoutAmount: 4800, fxRate: '1', rateBps: 1200 },
      conversion: { orderId: 'M-1', clickId, amount: 40_000, currency: 'EUR', fxRate: '1', payoutCurrency: 'EUR' },
      payout: { id: payoutId, status: 'paid', reference: 'SEPA-77' },
    });
    expect(trail.json.ledger.map((l: { kind: string }) => l.kind)).toEqual(['commission_accrued', 'commission_accrued']);
    expect(trail.json.payoutLedger.map((l: { kind: string }) => l.kind)).toEqual(['payout_created', 'payout_created', 'payout_paid', 'payout_paid']);

    const detail = await support.call('GET', `/payouts/${payoutId}`);
    expect(detail.json).toMatchObject({ id: payoutId, influencerId: influencer.id, influencerName: '=HYPERLINK("x")' });
    expect((await support.call('GET', `/payouts?influencerId=${influencer.id}`)).json.items).toMatchObject([{ id: payoutId, influencerName: '=HYPERLINK("x")' }]);
    expect(detail.json.commissions).toEqual([expect.objectContaining({ id: sale.commission.id, status: 'paid', payoutAmount: 4800 })]);

    const check = await support.call('GET', '/ledger/check');
    expect(check.json.ok, JSON.stringify(check.json.checks.filter((c: { ok: boolean }) => !c.ok))).toBe(true);
    expect(check.json.checks.map((c: { name: string }) => c.name)).toContain('commission_postings');
  });

  it('fails a payout back to the balance, and reverses a commission for fraud with a clawback after payment', async () => {
    const vendor = await make.vendor();
    const product = await make.product(await make.brand(vendor.id, { commissionRateBps: 1000, lockDays: 1 }));
    const influencer = await make.influencer();
    const link = await make.link(influencer.id, product.id);
    const first = await order(vendor, { orderId: 'F-1', clickId: await storeClick(t.database.db, link, { clickedAt: new Date(clock.now().getTime() - 60_000) }), amount: 30_000, currency: 'EUR' });
    clock.advanceDays(1);
    await admin.call('POST', '/commissions/approvals');
    const payout = (await admin.call('POST', '/payouts/runs', {})).json.payouts.find((p: { influencerId: string }) => p.influencerId === influencer.id);
    expect(payout).toMatchObject({ amount: 3000 });

    expect((await admin.call('POST', `/payouts/${payout.id}/failed`, { reason: ' ' })).status).toBe(400);
    const failed = await admin.call('POST', `/payouts/${payout.id}/failed`, { reason: 'account closed' });
    expect(failed.json).toMatchObject({ status: 'failed', failureReason: 'account closed' });
    expect((await admin.call('GET', `/influencers/${influencer.id}/money`)).json.balances).toEqual([{ currency: 'EUR', pending: 0, available: 3000, inPayout: 0, paid: 0 }]);

    const again = (await admin.call('POST', '/payouts/runs', {})).json.payouts.find((p: { influencerId: string }) => p.influencerId === influencer.id);
    await admin.call('POST', `/payouts/${again.id}/approve`);
    await admin.call('POST', `/payouts/${again.id}/paid`, { reference: 'SEPA-78' });

    const reversed = await admin.call('POST', `/commissions/${first.commission.id}/reverse`, { reason: 'fraudulent order' });
    expect(reversed.json).toEqual({ commissionId: first.commission.id, reversedNow: 3000, status: 'paid', overridesReversed: [] });
    expect((await admin.call('POST', `/commissions/${first.commission.id}/reverse`, { reason: 'again' })).json.reversedNow).toBe(0);
    expect((await admin.call('GET', `/influencers/${influencer.id}/money`)).json.balances).toEqual([{ currency: 'EUR', pending: 0, available: -3000, inPayout: 0, paid: 3000 }]);
    expect(notifier.of('commission_reversed').at(-1)).toMatchObject({ influencerId: influencer.id, amount: 3000 });
    expect((await admin.call('GET', '/ledger/check')).json.ok).toBe(true);

    const list = await support.call('GET', `/payouts?influencerId=${influencer.id}`);
    expect(list.json.items.map((p: { status: string }) => p.status)).toEqual(['paid', 'failed']);
    expect((await support.call('GET', '/payouts/runs')).json.items.length).toBeGreaterThan(0);
    const accounts = (await support.call('GET', '/ledger/accounts')).json.items;
    expect(accounts).toContainEqual(expect.objectContaining({ account: 'influencer_paid', currency: 'EUR' }));
  });

  it('keeps vendor accounts out of influencers\' money', async () => {
    const vendor = await make.vendor();
    const asVendor = await adminClient(t, 'vendor', vendor.id);
    expect((await asVendor.call('GET', '/payouts')).status).toBe(403);
    expect((await asVendor.call('GET', '/ledger/check')).status).toBe(403);
    expect((await asVendor.call('GET', '/influencers/1/money')).status).toBe(403);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { factories } from '../../factories/index.ts';
import { createTestApp, type TestApp } from '../../support/app.ts';
import { manualClock } from '../../support/manual-clock.ts';
import { sellThrough } from '../../support/money.ts';
import { adminClient, type AdminClient } from './admin-client.ts';

// Every money write of the admin API leaves one audit row, written with the change: who, what,
// the object before (absent on a creation) and after; runs and batches one row with counts.

const clock = manualClock(new Date('2026-12-01T12:00:00Z'));
let t: TestApp;
let admin: AdminClient;
let make: ReturnType<typeof factories>;

beforeAll(async () => {
  t = await createTestApp({ clock });
  admin = await adminClient(t, 'admin');
  make = factories(t.database.db, t.deps.secretBox);
});
afterAll(async () => { await t?.close(); });

const actor = () => `admin:${admin.id}`;

/** The audit rows of one action (and entity id, when given), oldest first. */
async function auditOf(action: string, entityId?: string | null) {
  let query = t.database.db.selectFrom('audit_log').selectAll().where('action', '=', action);
  if (entityId !== undefined) query = entityId === null ? query.where('entity_id', 'is', null) : query.where('entity_id', '=', entityId);
  return query.orderBy('id').execute();
}

async function call(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, body?: unknown) {
  const response = await t.app.inject({
    method, url: `/api/v1/admin${url}`, headers: { authorization: `Bearer ${admin.token}` }, ...(body === undefined ? {} : { payload: body as object }),
  });
  expect(response.statusCode, `${method} ${url}: ${response.body}`).toBeLessThan(300);
  return response.body === '' ? null : response.json();
}

describe('audit of money writes', () => {
  it('records payout currency, reversal, approvals, payout runs and every payout decision with before and after', async () => {
    const vendor = await make.vendor();
    const product = await make.product(await make.brand(vendor.id, { commissionRateBps: 1000, lockDays: 1 }));
    const influencer = await make.influencer({ payoutCurrency: 'EUR' });
    const link = await make.link(influencer.id, product.id);

    await call('PUT', `/influencers/${influencer.id}/payout-currency`, { currency: 'PLN' });
    await call('PUT', `/influencers/${influencer.id}/payout-currency`, { currency: 'EUR' });
    const currency = await auditOf('influencer.payout_currency', influencer.id);
    expect(currency).toHaveLength(2);
    expect(currency[0]).toMatchObject({
      actor: actor(), entity: 'influencer',
      before: { influencerId: influencer.id, payoutCurrency: 'EUR' }, after: { influencerId: influencer.id, payoutCurrency: 'PLN' },
    });

    const fraud = await sellThrough(t.database.db, clock, { vendorId: vendor.id, link, orderId: 'AU-1', amount: 20_000, currency: 'EUR' });
    await call('POST', `/commissions/${fraud.commission!.id}/reverse`, { reason: 'fraud ring' });
    expect(await auditOf('commission.reverse', fraud.commission!.id)).toEqual([expect.objectContaining({
      actor: actor(), entity: 'commission',
      before: expect.objectContaining({ status: 'pending', reversedAmount: 0 }), after: expect.objectContaining({ status: 'reversed', reversedAmount: 2000 }),
      details: expect.objectContaining({ reason: 'fraud ring', reversedNow: 2000 }),
    })]);

    const sales = [];
    for (const orderId of ['AU-2', 'AU-3']) sales.push(await sellThrough(t.database.db, clock, { vendorId: vendor.id, link, orderId, amount: 30_000, currency: 'EUR' }));
    clock.advanceDays(1);
    await call('POST', '/commissions/approvals');
    expect(await auditOf('commission.approve_matured', null)).toEqual([expect.objectContaining({
      actor: actor(), entity: 'commission', details: expect.objectContaining({ approved: 2, totals: { EUR: 6000 } }),
    })]);

    const run = await call('POST', '/payouts/runs', { runKey: 'audit-1' });
    expect(await auditOf('payout.run', null)).toEqual([expect.objectContaining({
      actor: actor(), entity: 'payout', details: expect.objectContaining({ runKey: 'audit-1', payouts: 1, commissions: 2, totals: { EUR: 6000 } }),
    })]);
    const payoutId = run.payouts[0].id;
    await call('POST', `/payouts/${payoutId}/approve`);
    expect(await auditOf('payout.approve', payoutId)).toEqual([expect.objectContaining({
      actor: actor(), before: expect.objectContaining({ status: 'pending' }), after: expect.objectContaining({ status: 'approved' }),
    })]);
    await call('POST', `/payouts/${payoutId}/failed`, { reason: 'account closed' });
    expect(await auditOf('payout.failed', payoutId)).toEqual([expect.objectContaining({
      before: expect.objectContaining({ status: 'approved' }), after: expect.objectContaining({ status: 'failed', failureReason: 'account closed' }),
      details: { commissions: 2 },
    })]);

    const again = (await call('POST', '/payouts/runs', { runKey: 'audit-2' })).payouts[0].id;
    await call('POST', '/payouts/approve-batch', { runKey: 'audit-2' });
    expect(await auditOf('payout.approve_batch', null)).toEqual([expect.objectContaining({
      actor: actor(), entity: 'payout', details: { runKey: 'audit-2', approved: 1, payoutIds: [again] },
    })]);
    await call('POST', `/payouts/${again}/paid`, { reference: 'SEPA-9' });
    expect(await auditOf('payout.paid', again)).toEqual([expect.objectContaining({
      before: expect.objectContaining({ status: 'approved', reference: null }), after: expect.objectContaining({ status: 'paid', reference: 'SEPA-9' }),
    })]);
  });

  it('records tier writes, assignments, pins and FX rates', async () => {
    const tier = await call('POST', '/tiers', { name: 'Audited', minClicks30d: 0, minSales30d: 0, multiplierBps: 10000 });
    expect(await auditOf('tier.create', tier.id)).toEqual([expect.objectContaining({ actor: actor(), entity: 'tier', before: null, after: tier })]);
    const changed = await call('PATCH', `/tiers/${tier.id}`, { multiplierBps: 11000 });
    expect(await auditOf('tier.update', tier.id)).toEqual([expect.objectContaining({ before: tier, after: changed })]);

    const influencer = await make.influencer();
    await call('POST', '/tiers/assignments');
    expect(await auditOf('tier.assign', null)).toEqual([expect.objectContaining({ actor: actor(), details: expect.objectContaining({ changed: expect.any(Number) }) })]);
    await call('PUT', `/influencers/${influencer.id}/tier`, { tierId: null });
    expect(await auditOf('influencer.tier_pin', influencer.id)).toEqual([expect.objectContaining({
      before: { influencerId: influencer.id, tierId: tier.id, tierPinned: false }, after: { influencerId: influencer.id, tierId: null, tierPinned: true },
    })]);
    await call('DELETE', `/influencers/${influencer.id}/tier/pin`);
    expect(await auditOf('influencer.tier_unpin', influencer.id)).toEqual([expect.objectContaining({ after: { influencerId: influencer.id, tierId: null, tierPinned: false } })]);

    const unused = await call('POST', '/tiers', { name: 'Short-lived', minClicks30d: 99, minSales30d: 99, multiplierBps: 9000 });
    await call('DELETE', `/tiers/${unused.id}`);
    expect(await auditOf('tier.delete', unused.id)).toEqual([expect.objectContaining({ before: unused, after: null })]);

    await call('POST', '/fx-rates', { base: 'EUR', quote: 'SEK', rate: '11.5', validFrom: '2026-11-01T00:00:00Z' });
    await call('POST', '/fx-rates', { base: 'EUR', quote: 'SEK', rate: '11.6', validFrom: '2026-11-01T00:00:00Z' });
    const set = await auditOf('fx_rate.set', 'EUR/SEK');
    expect(set.map((r) => [(r.before as { rateE9: number } | null)?.rateE9 ?? null, (r.after as { rateE9: number }).rateE9])).toEqual([[null, 11_500_000_000], [11_500_000_000, 11_600_000_000]]);
    const response = await t.app.inject({
      method: 'POST', url: '/api/v1/admin/fx-rates/import', payload: 'base,quote,rate\nEUR,NOK,11.7\nEUR,DKK,7.46\n',
      headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'text/csv' },
    });
    expect(response.statusCode).toBe(200);
    expect(await auditOf('fx_rate.import', null)).toEqual([expect.objectContaining({ actor: actor(), details: { lines: 2, pairs: ['EUR/DKK', 'EUR/NOK'] } })]);
  });
});

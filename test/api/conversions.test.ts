import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../core/shared/clock.ts';
import { recordConversion } from '../../core/conversions/conversions.service.ts';
import { createConversionStore } from '../../db/conversions.repository.ts';
import { accountBalances, findUnbalancedLedgerTransactions, ledgerBalancesByCurrency } from '../../db/ledger.repository.ts';
import { factories } from '../factories/index.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { storeClick } from '../support/clicks.ts';
import { sendSigned, type VendorCredentials } from '../support/vendor.ts';

const MINUTE = 60 * 1000;
const DAY = 24 * 60 * MINUTE;

let t: TestApp;
let make: ReturnType<typeof factories>;

beforeAll(async () => {
  t = await createTestApp();
  make = factories(t.database.db, t.deps.secretBox);
});
afterAll(async () => { await t?.close(); });

interface ShopOptions { brandRateBps?: number; productRateBps?: number | null; lockDays?: number; windowDays?: number; tierMultiplierBps?: number }

/** A vendor with a brand, a product, an influencer (with a tier, if asked) and the influencer's link to the product. */
async function shop(options: ShopOptions = {}) {
  const vendor = await make.vendor();
  const brand = await make.brand(vendor.id, { commissionRateBps: options.brandRateBps ?? 1000, lockDays: options.lockDays ?? 30, attributionWindowDays: options.windowDays ?? 30 });
  const product = await make.product(brand, { commissionRateBps: options.productRateBps ?? null });
  const influencer = await make.influencer();
  let tierId: string | null = null;
  if (options.tierMultiplierBps !== undefined) {
    tierId = (await t.database.db.insertInto('tiers').values({ name: `Tier of ${influencer.id}`, multiplier_bps: options.tierMultiplierBps }).returning('id').executeTakeFirstOrThrow()).id;
    await t.database.db.updateTable('influencers').set({ tier_id: tierId }).where('id', '=', influencer.id).execute();
  }
  const link = await make.link(influencer.id, product.id);
  return { vendor, brand, product, influencer, link, tierId, credentials: vendor.credentials };
}

const postConversion = (credentials: VendorCredentials, body: unknown, rawBody?: string) =>
  sendSigned(t.app, credentials, { method: 'POST', url: '/api/v1/conversions', body, ...(rawBody === undefined ? {} : { rawBody }) });
const postRefund = (credentials: VendorCredentials, orderId: string, body: unknown) =>
  sendSigned(t.app, credentials, { method: 'POST', url: `/api/v1/conversions/${encodeURIComponent(orderId)}/refunds`, body });

/** A whole second some minutes ago: what a vendor's order timestamp looks like. */
const minutesAgo = (n: number) => new Date(Math.floor((Date.now() - n * MINUTE) / 1000) * 1000);

async function conversionOf(vendorId: string, orderId: string) {
  return t.database.db.selectFrom('conversions').selectAll().where('vendor_id', '=', vendorId).where('order_id', '=', orderId).executeTakeFirstOrThrow();
}
async function commissionsOf(conversionId: string) {
  return t.database.db.selectFrom('commissions').selectAll().where('conversion_id', '=', conversionId).execute();
}
async function ledgerLinesOf(conversionId: string) {
  return t.database.db.selectFrom('ledger_entries').innerJoin('commissions', 'commissions.id', 'ledger_entries.commission_id')
    .select(['ledger_entries.transaction_id', 'ledger_entries.account', 'ledger_entries.amount', 'ledger_entries.kind'])
    .where('commissions.conversion_id', '=', conversionId).orderBy('ledger_entries.id').execute();
}

describe('the money part of the loop over HTTP', () => {
  it('attributes a signed order exactly, answers a replay identically, and reverses refunds to the last minor unit', async () => {
    const { credentials, vendor, influencer, link } = await shop({ brandRateBps: 1000, productRateBps: 1250, lockDays: 30 });
    const clickId = await storeClick(t.database.db, link, { clickedAt: minutesAgo(60) });
    const occurredAt = minutesAgo(10);
    const order = { orderId: 'A-1001', clickId, amount: 12345, currency: 'EUR', occurredAt: occurredAt.toISOString() };

    // 12345 × 12.5 % = 1543.125 → 1543: the product's rate beats the brand's 10 %.
    const first = await postConversion(credentials, order);
    expect(first.statusCode, first.body).toBe(202);
    const answer = first.json();
    expect(answer).toEqual({
      conversionId: expect.any(String),
      status: 'attributed',
      attributed: true,
      attributionReason: null,
      commission: {
        id: expect.any(String), amount: 1543, currency: 'EUR', rateBps: 1250, status: 'pending',
        approvesAt: new Date(occurredAt.getTime() + 30 * DAY).toISOString(),
      },
    });

    // The same postback again, even with its keys in another order: byte for byte the first answer, still one commission.
    const reordered = `{"currency":"EUR","amount":12345,  "occurredAt":"${order.occurredAt}","clickId":"${clickId.toUpperCase()}","orderId":"A-1001"}`;
    const replay = await postConversion(credentials, undefined, reordered);
    expect(replay.statusCode).toBe(202);
    expect(replay.body).toBe(first.body);
    const [commission, ...others] = await commissionsOf(answer.conversionId);
    expect(others).toHaveLength(0);
    expect(commission).toMatchObject({
      influencer_id: influencer.id, base_rate_bps: 1250, rate_bps: 1250, tier_id: null, tier_multiplier_bps: 10000,
      base_amount: '1543', amount: '1543', reversed_amount: '0', currency: 'EUR', status: 'pending',
    });
    const conversion = await conversionOf(vendor.id, 'A-1001');
    expect(conversion).toMatchObject({ click_id: clickId, link_id: link.id, influencer_id: influencer.id, status: 'attributed', amount: '12345' });

    // The accrual: the vendor owes 15.43, the influencer holds it as pending.
    expect(await accountBalances(t.database.db, 'vendor_receivable', { vendorId: vendor.id })).toEqual({ EUR: 1543n });
    expect(await accountBalances(t.database.db, 'influencer_pending', { influencerId: influencer.id })).toEqual({ EUR: -1543n });

    // A third is refunded: 1543 × 4115 / 12345 = 514.33 → 514 reversed.
    const partial = await postRefund(credentials, 'A-1001', { amount: 4115, reason: 'one of three returned' });
    expect(partial.statusCode, partial.body).toBe(201);
    expect(partial.json()).toMatchObject({
      orderId: 'A-1001', amount: 4115, currency: 'EUR', refundedAmount: 4115, remainingAmount: 8230, status: 'partially_refunded',
      commission: { id: commission!.id, amount: 1543, reversedAmount: 514, reversedNow: 514, status: 'pending' },
    });

    // Another third: the cumulative share is 1028.67 → 1029, so this one reverses 515, not 514 again.
    const second = await postRefund(credentials, 'A-1001', { amount: 4115 });
    expect(second.json()).toMatchObject({ refundedAmount: 8230, commission: { reversedAmount: 1029, reversedNow: 515 } });

    // No amount: the rest. The commission is reversed in full, exactly.
    const rest = await postRefund(credentials, 'A-1001', {});
    expect(rest.statusCode, rest.body).toBe(201);
    expect(rest.json()).toMatchObject({
      amount: 4115, refundedAmount: 12345, remainingAmount: 0, status: 'refunded',
      commission: { reversedAmount: 1543, reversedNow: 514, status: 'reversed' },
    });
    expect(await conversionOf(vendor.id, 'A-1001')).toMatchObject({ status: 'refunded', refunded_amount: '12345' });
    const [reversed] = await commissionsOf(answer.conversionId);
    expect(reversed).toMatchObject({ status: 'reversed', reversed_amount: '1543' });
    expect(reversed!.reversed_at).toBeInstanceOf(Date);

    // Nothing more to refund.
    const tooMuch = await postRefund(credentials, 'A-1001', { amount: 1 });
    expect(tooMuch.statusCode).toBe(422);
    expect(tooMuch.json().error.code).toBe('refund_exceeds_amount');

    // Every movement was a balanced transaction; what the influencer held is gone; per currency the ledger is zero.
    const lines = await ledgerLinesOf(answer.conversionId);
    expect(lines.map((l) => [l.kind, l.account, l.amount])).toEqual([
      ['commission_accrued', 'vendor_receivable', '1543'], ['commission_accrued', 'influencer_pending', '-1543'],
      ['commission_reversed', 'vendor_receivable', '-514'], ['commission_reversed', 'influencer_pending', '514'],
      ['commission_reversed', 'vendor_receivable', '-515'], ['commission_reversed', 'influencer_pending', '515'],
      ['commission_reversed', 'vendor_receivable', '-514'], ['commission_reversed', 'influencer_pending', '514'],
    ]);
    expect(new Set(lines.map((l) => l.transaction_id)).size).toBe(4);
    expect(await accountBalances(t.database.db, 'influencer_pending', { influencerId: influencer.id })).toEqual({ EUR: 0n });
    expect(await findUnbalancedLedgerTransactions(t.database.db)).toEqual([]);
    for (const total of Object.values(await ledgerBalancesByCurrency(t.database.db))) expect(total).toBe(0n);
  });

  it('applies the brand rate when the product has none, times the influencer\'s tier multiplier, and stores how', async () => {
    const { credentials, link, tierId } = await shop({ brandRateBps: 1000, productRateBps: null, tierMultiplierBps: 12500 });
    const clickId = await storeClick(t.database.db, link);
    // 10 % × 1.25 = 12.5 %; 9999 × 12.5 % = 1249.875 → 1250. Without the tier: 999.9 → 1000.
    const response = await postConversion(credentials, { orderId: 'T-1', clickId, amount: 9999, currency: 'PLN' });
    expect(response.statusCode, response.body).toBe(202);
    expect(response.json().commission).toMatchObject({ amount: 1250, currency: 'PLN', rateBps: 1250 });
    const [commission] = await commissionsOf(response.json().conversionId);
    expect(commission).toMatchObject({ base_rate_bps: 1000, base_amount: '1000', tier_id: tierId, tier_multiplier_bps: 12500, rate_bps: 1250, amount: '1250', currency: 'PLN' });
  });

  it('rounds a commission half up to the minor unit', async () => {
    const { credentials, link } = await shop({ brandRateBps: 1000 });
    const up = await postConversion(credentials, { orderId: 'R-1', clickId: await storeClick(t.database.db, link), amount: 10005, currency: 'EUR' });
    expect(up.json().commission.amount).toBe(1001); // 1000.5 → 1001
    const down = await postConversion(credentials, { orderId: 'R-2', clickId: await storeClick(t.database.db, link), amount: 10004, currency: 'EUR' });
    expect(down.json().commission.amount).toBe(1000); // 1000.4 → 1000
  });

  it('records exactly one conversion and one commission for 200 concurrent copies of one postback', async () => {
    const { credentials, vendor, link } = await shop({ brandRateBps: 800 });
    const clickId = await storeClick(t.database.db, link);
    const order = { orderId: 'C-200', clickId, amount: 5000, currency: 'EUR' };
    const responses = await Promise.all(Array.from({ length: 200 }, () => postConversion(credentials, order)));
    expect(new Set(responses.map((r) => r.statusCode))).toEqual(new Set([202]));
    expect(new Set(responses.map((r) => r.body)).size).toBe(1);
    const conversions = await t.database.db.selectFrom('conversions').select('id').where('vendor_id', '=', vendor.id).where('order_id', '=', 'C-200').execute();
    expect(conversions).toHaveLength(1);
    expect(await commissionsOf(conversions[0]!.id)).toHaveLength(1);
    expect(await ledgerLinesOf(conversions[0]!.id)).toHaveLength(2);
  });

  it('gives a report that loses the race to insert the winner\'s answer, or 409 if its body differs', async () => {
    const { vendor, link } = await shop();
    const clickId = await storeClick(t.database.db, link);
    const store = createConversionStore(t.database.db);
    // As if each report had checked for the order just before the other one committed it.
    const late = { ...store, findConversionAnswer: async () => undefined };
    const order = { orderId: 'RACE-1', clickId, amount: 5000, currency: 'EUR' };
    const winner = await recordConversion(late, systemClock, vendor.id, order);
    expect(await recordConversion(late, systemClock, vendor.id, order)).toEqual(winner);
    await expect(recordConversion(late, systemClock, vendor.id, { ...order, amount: 5001 })).rejects.toMatchObject({ code: 'idempotency_conflict' });
    expect(await commissionsOf(winner.conversionId)).toHaveLength(1);
  });

  it('refuses a different body for an order already reported, and changes nothing', async () => {
    const { credentials, vendor, link } = await shop();
    const clickId = await storeClick(t.database.db, link);
    const first = await postConversion(credentials, { orderId: 'D-1', clickId, amount: 5000, currency: 'EUR' });
    expect(first.statusCode).toBe(202);
    for (const changed of [{ amount: 5001 }, { currency: 'USD' }, { clickId: undefined }, { occurredAt: minutesAgo(1).toISOString() }]) {
      const response = await postConversion(credentials, { orderId: 'D-1', clickId, amount: 5000, currency: 'EUR', ...changed });
      expect(response.statusCode, JSON.stringify(changed)).toBe(409);
      expect(response.json().error).toMatchObject({ code: 'idempotency_conflict', details: { orderId: 'D-1' } });
    }
    expect(await conversionOf(vendor.id, 'D-1')).toMatchObject({ amount: '5000', currency: 'EUR', click_id: clickId });
    expect(await commissionsOf(first.json().conversionId)).toHaveLength(1);
  });

  it('keeps one vendor\'s order ids apart from another\'s', async () => {
    const a = await shop();
    const b = await shop();
    const ra = await postConversion(a.credentials, { orderId: 'SAME-1', clickId: await storeClick(t.database.db, a.link), amount: 1000, currency: 'EUR' });
    const rb = await postConversion(b.credentials, { orderId: 'SAME-1', amount: 2000, currency: 'EUR' });
    expect([ra.statusCode, rb.statusCode]).toEqual([202, 202]);
    expect(ra.json().conversionId).not.toBe(rb.json().conversionId);
    // B cannot refund A's order: to B it does not exist beyond its own.
    const refund = await postRefund(b.credentials, 'SAME-1', { amount: 1500 });
    expect(refund.json()).toMatchObject({ conversionId: rb.json().conversionId, refundedAmount: 1500, commission: null });
    expect(await conversionOf(a.vendor.id, 'SAME-1')).toMatchObject({ refunded_amount: '0', status: 'attributed' });
  });
});

describe('attribution', () => {
  it('records an order without a click as unattributed, with the reason and no commission', async () => {
    const { credentials, vendor } = await shop();
    const response = await postConversion(credentials, { orderId: 'U-1', amount: 4200, currency: 'EUR' });
    expect(response.statusCode).toBe(202);
    expect(response.json()).toEqual({ conversionId: expect.any(String), status: 'unattributed', attributed: false, attributionReason: 'no_click', commission: null });
    expect(await conversionOf(vendor.id, 'U-1')).toMatchObject({ status: 'unattributed', attribution_reason: 'no_click', influencer_id: null, click_id: null });
    expect(await commissionsOf(response.json().conversionId)).toHaveLength(0);
  });

  it.each([
    ['a click older than the brand\'s window', { clickedAt: new Date(Date.now() - 31 * DAY) }, 'outside_window'],
    ['a click made after the order', { clickedAt: new Date(Date.now() + 10 * MINUTE) }, 'outside_window'],
    ['a bot\'s click', { bot: true, counted: false }, 'not_counted'],
    ['a duplicate with no counted click before it', { duplicate: true, counted: false }, 'not_counted'],
  ] as const)('does not attribute %s', async (_label, click, reason) => {
    const { credentials, vendor, link } = await shop({ windowDays: 30 });
    const clickId = await storeClick(t.database.db, link, click);
    const response = await postConversion(credentials, { orderId: `W-${reason}-${clickId}`, clickId, amount: 1000, currency: 'EUR' });
    expect(response.statusCode).toBe(202);
    expect(response.json()).toMatchObject({ status: 'unattributed', attributed: false, attributionReason: reason, commission: null });
    expect(await conversionOf(vendor.id, `W-${reason}-${clickId}`)).toMatchObject({ click_id: clickId, influencer_id: null, link_id: null });
    expect(await commissionsOf(response.json().conversionId)).toHaveLength(0);
  });

  it('attributes a click just inside the window', async () => {
    const { credentials, link } = await shop({ windowDays: 7 });
    const clickId = await storeClick(t.database.db, link, { clickedAt: new Date(Date.now() - 7 * DAY + 10 * MINUTE) });
    const response = await postConversion(credentials, { orderId: 'IN-1', clickId, amount: 1000, currency: 'EUR' });
    expect(response.json()).toMatchObject({ attributed: true, attributionReason: null });
  });

  it('credits a visitor\'s repeated tap (a duplicate) to the counted click that brought them', async () => {
    const { credentials, vendor, link, influencer } = await shop();
    const counted = await storeClick(t.database.db, link, { visitorId: 'visitor-1', clickedAt: minutesAgo(120) });
    const duplicate = await storeClick(t.database.db, link, { visitorId: 'visitor-1', clickedAt: minutesAgo(30), counted: false, duplicate: true });
    const response = await postConversion(credentials, { orderId: 'DUP-1', clickId: duplicate, amount: 2000, currency: 'EUR' });
    expect(response.json()).toMatchObject({ attributed: true, commission: { amount: 200 } });
    expect(await conversionOf(vendor.id, 'DUP-1')).toMatchObject({ click_id: counted, influencer_id: influencer.id });
  });
});

describe('refunds', () => {
  it('never over-refunds, however many refunds arrive at once', async () => {
    const { credentials, vendor, link } = await shop({ brandRateBps: 1000 });
    const order = await postConversion(credentials, { orderId: 'CR-1', clickId: await storeClick(t.database.db, link), amount: 10000, currency: 'EUR' });
    const responses = await Promise.all(Array.from({ length: 10 }, () => postRefund(credentials, 'CR-1', { amount: 3000 })));
    expect(responses.filter((r) => r.statusCode === 201)).toHaveLength(3);
    expect(responses.filter((r) => r.statusCode === 422)).toHaveLength(7);
    expect(await conversionOf(vendor.id, 'CR-1')).toMatchObject({ refunded_amount: '9000', status: 'partially_refunded' });
    const [commission] = await commissionsOf(order.json().conversionId);
    expect(commission).toMatchObject({ amount: '1000', reversed_amount: '900', status: 'pending' });
    expect(await t.database.db.selectFrom('refunds').select('id').where('conversion_id', '=', order.json().conversionId).execute()).toHaveLength(3);
  });

  it('answers a retried refund (same refundId) with the first answer and refunds once', async () => {
    const { credentials, link } = await shop();
    const order = await postConversion(credentials, { orderId: 'RK-1', clickId: await storeClick(t.database.db, link), amount: 10000, currency: 'EUR' });
    const body = { amount: 2500, reason: 'damaged', refundId: 'rf_77' };
    const responses = await Promise.all(Array.from({ length: 20 }, () => postRefund(credentials, 'RK-1', body)));
    expect(new Set(responses.map((r) => r.statusCode))).toEqual(new Set([201]));
    expect(new Set(responses.map((r) => r.body)).size).toBe(1);
    expect(responses[0]!.json()).toMatchObject({ refundId: 'rf_77', refundedAmount: 2500, commission: { reversedAmount: 250 } });
    const conflict = await postRefund(credentials, 'RK-1', { ...body, amount: 2600 });
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json().error.code).toBe('idempotency_conflict');
    expect(await t.database.db.selectFrom('refunds').select('amount').where('conversion_id', '=', order.json().conversionId).execute()).toEqual([{ amount: '2500' }]);
  });

  it('refunds an unattributed order without touching any commission', async () => {
    const { credentials } = await shop();
    await postConversion(credentials, { orderId: 'UR-1', amount: 3000, currency: 'EUR' });
    const response = await postRefund(credentials, 'UR-1', {});
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ amount: 3000, status: 'refunded', commission: null });
  });

  it('finds order ids that need escaping in the URL', async () => {
    const { credentials } = await shop();
    await postConversion(credentials, { orderId: 'SO/2026 #7?x=1', amount: 3000, currency: 'EUR' });
    const response = await postRefund(credentials, 'SO/2026 #7?x=1', { amount: 1000 });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({ orderId: 'SO/2026 #7?x=1', refundedAmount: 1000 });
  });

  it('reaches the longest order id a vendor may report', async () => {
    const { credentials } = await shop();
    const orderId = `${'é'.repeat(60)}/${'x'.repeat(39)}`;
    expect((await postConversion(credentials, { orderId, amount: 3000, currency: 'EUR' })).statusCode).toBe(202);
    const response = await postRefund(credentials, orderId, { amount: 3000 });
    expect(response.statusCode, response.body).toBe(201);
  });

  it('answers 404 for an order the vendor never reported', async () => {
    const { credentials } = await shop();
    const response = await postRefund(credentials, 'NOPE-1', { amount: 100 });
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('not_found');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSecretBox } from '../../core/shared/secret-box.ts';
import { checkLedger } from '../../core/ledger/ledger-check.ts';
import { approvePayout, markPayoutFailed, markPayoutPaid, requestPayout, runPayouts } from '../../core/payouts/payouts.service.ts';
import { refundConversion } from '../../core/conversions/refunds.service.ts';
import { approveMaturedCommissions, reverseCommission } from '../../core/settlement/settlement.service.ts';
import { createConversionStore } from '../../db/conversions.repository.ts';
import { accountBalances } from '../../db/ledger.repository.ts';
import { createLedgerCheckStore } from '../../db/ledger-check.repository.ts';
import { createPayoutStore } from '../../db/payouts.repository.ts';
import { createSettlementStore } from '../../db/settlement.repository.ts';
import { factories } from '../factories/index.ts';
import { manualClock } from '../support/manual-clock.ts';
import { TEST_CALLER, recordingNotifier, sellThrough } from '../support/money.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';

let database: TestDatabase;
let make: ReturnType<typeof factories>;
const clock = manualClock(new Date('2026-12-01T12:00:00Z'));
const notifier = recordingNotifier();

beforeAll(async () => {
  database = await createTestDatabase();
  make = factories(database.db, createSecretBox('test-secret-key-test-secret-key-0000'));
});
afterAll(async () => { await database?.close(); });

const db = () => database.db;
const settlement = () => ({ store: createSettlementStore(db()), clock, notifier });
const payouts = () => ({ store: createPayoutStore(db()), clock, notifier });
let orders = 0;

async function shop(options: { currency?: string; rateBps?: number; lockDays?: number } = {}) {
  const vendor = await make.vendor();
  const brand = await make.brand(vendor.id, { commissionRateBps: options.rateBps ?? 1000, lockDays: options.lockDays ?? 30 });
  const product = await make.product(brand, { currency: options.currency ?? 'EUR' });
  return { vendor, brand, product };
}

async function seller(s: Awaited<ReturnType<typeof shop>>, overrides: Parameters<typeof make.influencer>[0] = {}) {
  const influencer = await make.influencer(overrides);
  const link = await make.link(influencer.id, s.product.id);
  const sell = (amount: number, currency = 'EUR') => sellThrough(db(), clock, { vendorId: s.vendor.id, link, orderId: `O-${++orders}`, amount, currency }, notifier);
  return { influencer, link, sell };
}

async function expectLedgerClean() {
  const report = await checkLedger(createLedgerCheckStore(db()), clock.now());
  expect(report.checks.filter((c) => !c.ok)).toEqual([]);
}

const orderOf = async (conversionId: string) =>
  (await db().selectFrom('conversions').select('order_id').where('id', '=', conversionId).executeTakeFirstOrThrow()).order_id;

const balance = async (account: Parameters<typeof accountBalances>[1], influencerId: string) =>
  Object.fromEntries(Object.entries(await accountBalances(db(), account, { influencerId })).map(([c, v]) => [c, 0 - Number(v) || 0]));

describe('from sale to paid', () => {
  it('holds a commission through the lock, approves it once, pays it once, and every step reconciles', async () => {
    const s = await shop({ rateBps: 1000, lockDays: 30 });
    const ana = await seller(s);
    const sale = await ana.sell(25_000);
    expect(sale.commission).toMatchObject({ amount: 2500, status: 'pending' });
    expect(notifier.of('sale_pending').at(-1)).toMatchObject({ influencerId: ana.influencer.id, amount: 2500, currency: 'EUR' });

    expect((await approveMaturedCommissions(settlement(), TEST_CALLER)).approved).toBe(0);
    clock.advanceDays(30);
    const run = await approveMaturedCommissions(settlement(), TEST_CALLER);
    expect(run.approved).toBeGreaterThanOrEqual(1);
    expect(await approveMaturedCommissions(settlement(), TEST_CALLER)).toMatchObject({ approved: 0 });
    expect(await balance('influencer_available', ana.influencer.id)).toEqual({ EUR: 2500 });
    expect(await balance('influencer_pending', ana.influencer.id)).toEqual({ EUR: 0 });

    const first = await runPayouts(payouts(), TEST_CALLER, { runKey: 'week-1' });
    const mine = first.payouts.find((p) => p.influencerId === ana.influencer.id)!;
    expect(mine).toMatchObject({ amount: 2500, currency: 'EUR', commissions: 1 });
    expect((await runPayouts(payouts(), TEST_CALLER, { runKey: 'week-1' })).payouts).toEqual([]);
    expect((await runPayouts(payouts(), TEST_CALLER, { runKey: 'week-1b' })).payouts.find((p) => p.influencerId === ana.influencer.id)).toBeUndefined();

    await expect(markPayoutPaid(payouts(), TEST_CALLER, { payoutId: mine.id, reference: 'SEPA-1' })).rejects.toMatchObject({ code: 'conflict' });
    await approvePayout(payouts(), TEST_CALLER, { payoutId: mine.id });
    const paid = await markPayoutPaid(payouts(), TEST_CALLER, { payoutId: mine.id, reference: 'SEPA-1' });
    expect(paid).toMatchObject({ status: 'paid', reference: 'SEPA-1' });
    expect(await markPayoutPaid(payouts(), TEST_CALLER, { payoutId: mine.id, reference: 'SEPA-1' })).toMatchObject({ status: 'paid' });
    await expect(markPayoutPaid(payouts(), TEST_CALLER, { payoutId: mine.id, reference: 'OTHER' })).rejects.toMatchObject({ code: 'conflict' });
    await expect(markPayoutFailed(payouts(), TEST_CALLER, { payoutId: mine.id, reason: 'late' })).rejects.toMatchObject({ code: 'conflict' });
    expect(notifier.of('payout_paid').filter((n) => n.influencerId === ana.influencer.id)).toHaveLength(1);
    expect(await balance('influencer_paid', ana.influencer.id)).toEqual({ EUR: 2500 });
    const commission = await db().selectFrom('commissions').selectAll().where('id', '=', sale.commission!.id).executeTakeFirstOrThrow();
    expect(commission).toMatchObject({ status: 'paid', payout_id: mine.id });
    await expectLedgerClean();
  });

  it('converts a commission into the influencer\'s payout currency at the stored rate, and reverses it exactly', async () => {
    const s = await shop({ rateBps: 1000, currency: 'PLN' });
    await make.fxRate('EUR', 'PLN', 4_273_500_000);
    const ana = await seller(s, { payoutCurrency: 'EUR' });
    // 10,001 PLN × 10 % = 1000.10 PLN = 100010 grosze; PLN→EUR is 1/4.2735 = 0.234000234 → 23402.36 → 23402 cents.
    const sale = await ana.sell(1_000_100, 'PLN');
    expect(sale.commission).toMatchObject({ amount: 100_010, currency: 'PLN' });
    const row = await db().selectFrom('commissions').selectAll().where('id', '=', sale.commission!.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ currency: 'PLN', amount: '100010', payout_currency: 'EUR', payout_amount: '23402', fx_rate_e9: '234000234' });
    const conversion = await db().selectFrom('conversions').selectAll().where('id', '=', sale.conversionId).executeTakeFirstOrThrow();
    expect(conversion).toMatchObject({ payout_currency: 'EUR', fx_rate_e9: '234000234' });
    expect(await balance('influencer_pending', ana.influencer.id)).toEqual({ EUR: 23402 });

    const store = createConversionStore(db());
    await refundConversion(store, clock, s.vendor.id, await orderOf(sale.conversionId), {}, notifier);
    expect(await balance('influencer_pending', ana.influencer.id)).toEqual({ EUR: 0 });
    await expectLedgerClean();
  });
});

describe('recruitment overrides', () => {
  it('pays a recruiter 5 % of a recent recruit\'s approved commission, reversed with its source', async () => {
    const s = await shop({ rateBps: 1000, lockDays: 10 });
    const boss = await seller(s);
    const recruit = await seller(s, { recruitedBy: boss.influencer.id, createdAt: clock.now() });
    const old = await seller(s, { recruitedBy: boss.influencer.id, createdAt: new Date(clock.now().getTime() - 91 * 86_400_000) });
    const sale = await recruit.sell(33_333);
    await old.sell(50_000);
    clock.advanceDays(10);
    const run = await approveMaturedCommissions(settlement(), TEST_CALLER);
    // 3333 × 5 % = 166.65 → 167 for the recent recruit; nothing on the old one's.
    const overrides = await db().selectFrom('commissions').selectAll().where('influencer_id', '=', boss.influencer.id).where('kind', '=', 'override').execute();
    expect(overrides).toHaveLength(1);
    expect(overrides[0]).toMatchObject({ amount: '167', source_commission_id: sale.commission!.id, status: 'approved', rate_bps: 500 });
    expect(run.overrides).toBeGreaterThanOrEqual(1);
    expect(await balance('influencer_available', boss.influencer.id)).toEqual({ EUR: 167 });

    await refundConversion(createConversionStore(db()), clock, s.vendor.id, await orderOf(sale.conversionId), { amount: 11_111 }, notifier);
    // The recruit keeps 3333 − 1111 = 2222; the override is 5 % of that: 111.1 → 111, so 56 is reversed.
    expect(await balance('influencer_available', boss.influencer.id)).toEqual({ EUR: 111 });
    await reverseCommission(settlement(), TEST_CALLER, { commissionId: sale.commission!.id, reason: 'fraud ring' });
    expect(await balance('influencer_available', boss.influencer.id)).toEqual({ EUR: 0 });
    expect(await balance('influencer_available', recruit.influencer.id)).toEqual({ EUR: 0 });
    await expectLedgerClean();
  });
});

describe('refunds after payout, failed payouts, requests', () => {
  it('claws a refund after payout back from the next payout, and returns a failed payout to the balance', async () => {
    const s = await shop({ rateBps: 1000, lockDays: 5 });
    const ana = await seller(s);
    const a = await ana.sell(20_000);
    const b = await ana.sell(30_000);
    clock.advanceDays(5);
    await approveMaturedCommissions(settlement(), TEST_CALLER);
    const run = await runPayouts(payouts(), TEST_CALLER);
    const payout = run.payouts.find((p) => p.influencerId === ana.influencer.id)!;
    expect(payout).toMatchObject({ amount: 5000, commissions: 2 });

    // Refund of a after payout: 2000 clawed back; available goes to −2000.
    await refundConversion(createConversionStore(db()), clock, s.vendor.id, await orderOf(a.conversionId), {}, notifier);
    expect(await balance('influencer_available', ana.influencer.id)).toEqual({ EUR: -2000 });
    await expectLedgerClean();

    // The payout fails: its 5000 return, net 3000 available, commissions approved again (a reversed: nothing left of it).
    await markPayoutFailed(payouts(), TEST_CALLER, { payoutId: payout.id, reason: 'IBAN closed' });
    expect(await balance('influencer_available', ana.influencer.id)).toEqual({ EUR: 3000 });
    const statuses = await db().selectFrom('commissions').select(['id', 'status', 'payout_id']).where('id', 'in', [a.commission!.id, b.commission!.id]).orderBy('id').execute();
    expect(statuses).toEqual([{ id: a.commission!.id, status: 'reversed', payout_id: null }, { id: b.commission!.id, status: 'approved', payout_id: null }]);
    await expectLedgerClean();

    // The influencer asks from chat: 3000 become a payout; asking again finds nothing.
    const answer = await requestPayout(payouts(), ana.influencer.id);
    expect(answer.created).toEqual([expect.objectContaining({ amount: 3000, currency: 'EUR', commissions: 1 })]);
    expect(await requestPayout(payouts(), ana.influencer.id)).toEqual({ created: [], belowMinimum: [] });
    await expectLedgerClean();
  });

  it('leaves a balance below the minimum for later, and says so', async () => {
    const s = await shop({ rateBps: 1000, lockDays: 1 });
    const ana = await seller(s);
    await ana.sell(9_994); // 999.4 → 999: one cent short of 10.00
    clock.advanceDays(1);
    await approveMaturedCommissions(settlement(), TEST_CALLER);
    expect((await runPayouts(payouts(), TEST_CALLER)).payouts.filter((p) => p.influencerId === ana.influencer.id)).toEqual([]);
    expect(await requestPayout(payouts(), ana.influencer.id)).toEqual({ created: [], belowMinimum: [{ currency: 'EUR', available: 999, minimum: 1000 }] });
  });
});

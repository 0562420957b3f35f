import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkLedger } from '../../core/ledger/ledger-check.ts';
import { requestPayout, runPayouts } from '../../core/payouts/payouts.service.ts';
import { refundConversion } from '../../core/conversions/refunds.service.ts';
import { createSecretBox } from '../../core/shared/secret-box.ts';
import { approveMaturedCommissions, reverseCommission } from '../../core/settlement/settlement.service.ts';
import { DEFAULT_SETTLEMENT_POLICY } from '../../core/settlement/settlement.ts';
import { connectPostgres, type DatabaseHandle } from '../../db/connect.ts';
import { createConversionStore } from '../../db/conversions.repository.ts';
import { createLedgerCheckStore } from '../../db/ledger-check.repository.ts';
import { createPayoutStore } from '../../db/payouts.repository.ts';
import { createSettlementStore } from '../../db/settlement.repository.ts';
import { factories } from '../factories/index.ts';
import { manualClock } from '../support/manual-clock.ts';
import { TEST_CALLER, recordingNotifier, sellThrough } from '../support/money.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';

// Two workers are two processes: each gets its own connection pool to the same database.

let database: TestDatabase;
let second: DatabaseHandle;
const clock = manualClock(new Date('2026-12-01T10:00:00Z'));
const smallBatches = { ...DEFAULT_SETTLEMENT_POLICY, approveChunkSize: 3 };

beforeAll(async () => {
  database = await createTestDatabase();
  second = connectPostgres(database.url);
});
afterAll(async () => {
  await second?.close();
  await database?.close();
});

/** `count` sales spread over `influencers` new influencers (a recruiter among them), all in the lock of one brand. */
async function manySales(count: number, influencers: number) {
  const make = factories(database.db, createSecretBox('test-secret-key-test-secret-key-0000'));
  const vendor = await make.vendor();
  const product = await make.product(await make.brand(vendor.id, { commissionRateBps: 1500, lockDays: 2 }));
  const boss = await make.influencer({ createdAt: clock.now() });
  const people = [boss];
  for (let i = 1; i < influencers; i++) people.push(await make.influencer({ recruitedBy: i % 2 === 0 ? boss.id : undefined, createdAt: clock.now() }));
  const links = await Promise.all(people.map((p) => make.link(p.id, product.id)));
  const orders: string[] = [];
  for (let i = 0; i < count; i++) {
    const orderId = `C-${vendor.id}-${i}`;
    await sellThrough(database.db, clock, { vendorId: vendor.id, link: links[i % links.length]!, orderId, amount: 1_000 + (i * 7919) % 90_000, currency: 'EUR' });
    orders.push(orderId);
  }
  return { vendor, people, orders };
}

async function expectLedgerClean() {
  const report = await checkLedger(createLedgerCheckStore(database.db), clock.now());
  expect(report.checks.filter((c) => !c.ok)).toEqual([]);
}

describe('two settlement workers at once', () => {
  it('approves every matured commission exactly once, in interleaved batches, with refunds landing meanwhile', async () => {
    const { vendor, orders } = await manySales(240, 24);
    clock.advanceDays(2);
    const notifier = recordingNotifier();
    const worker = (db: typeof database.db) => approveMaturedCommissions({ store: createSettlementStore(db), clock, notifier, policy: smallBatches }, TEST_CALLER);
    const refunds = orders.slice(0, 30).map((orderId, i) =>
      refundConversion(createConversionStore(second.db), clock, vendor.id, orderId, i % 2 === 0 ? {} : { amount: 500 }));
    const [a, b] = await Promise.all([worker(database.db), worker(second.db)]).then(async (runs) => { await Promise.all(refunds); return runs; });

    const sales = await database.db.selectFrom('commissions').select(['commissions.id', 'commissions.status', 'commissions.approved_at'])
      .innerJoin('conversions', 'conversions.id', 'commissions.conversion_id').where('conversions.vendor_id', '=', vendor.id)
      .where('commissions.kind', '=', 'sale').execute();
    expect(sales).toHaveLength(240);
    expect(sales.filter((c) => c.status === 'pending')).toEqual([]);
    // Each commission was approved by exactly one of the two runs (one fully refunded first, by neither).
    const everApproved = sales.filter((c) => c.approved_at !== null).length;
    expect(a!.approved + b!.approved).toBe(everApproved);
    expect(new Set(notifier.of('commission_approved').map((n) => (n as { commissionId: string }).commissionId)).size).toBe(notifier.of('commission_approved').length);
    expect(a.batches).toBeGreaterThan(0);
    expect(b.batches).toBeGreaterThan(0);
    await expectLedgerClean();
  });

  it('pays each balance once when two payout runs (and a chat request) start together', async () => {
    const { people } = await manySales(120, 12);
    clock.advanceDays(2);
    await approveMaturedCommissions({ store: createSettlementStore(database.db), clock, notifier: recordingNotifier() }, TEST_CALLER);
    const available = await database.db.selectFrom('ledger_entries').select(['influencer_id', database.db.fn.sum<string>('amount').as('sum')])
      .where('account', '=', 'influencer_available').where('influencer_id', 'in', people.map((p) => p.id)).groupBy('influencer_id').execute();
    const owed = new Map(available.map((r) => [r.influencer_id!, -Number(r.sum)]));

    const ctx = (db: typeof database.db) => ({ store: createPayoutStore(db), clock, notifier: recordingNotifier() });
    const [one, two, same, asked] = await Promise.all([
      runPayouts(ctx(database.db), TEST_CALLER, { runKey: 'together-a' }),
      runPayouts(ctx(second.db), TEST_CALLER, { runKey: 'together-b' }),
      runPayouts(ctx(second.db), TEST_CALLER, { runKey: 'together-a' }),
      requestPayout(ctx(database.db), people[0]!.id),
    ]);
    const created = [...one.payouts, ...two.payouts, ...same.payouts, ...asked.created].filter((p) => owed.has(p.influencerId));
    const perInfluencer = new Map<string, number>();
    for (const p of created) perInfluencer.set(p.influencerId, (perInfluencer.get(p.influencerId) ?? 0) + p.amount);
    for (const [influencerId, amount] of owed) if (amount >= 1000) expect(perInfluencer.get(influencerId), influencerId).toBe(amount);
    expect(new Set(created.map((p) => p.influencerId)).size).toBe(created.length);
    const stored = await database.db.selectFrom('payouts').select(['influencer_id']).where('influencer_id', 'in', people.map((p) => p.id)).execute();
    expect(stored).toHaveLength(created.length);
    await expectLedgerClean();
  });

  it('keeps refunds and fraud reversals that race payout runs either in the payout or clawed back after it', async () => {
    const { vendor, people, orders } = await manySales(150, 15);
    clock.advanceDays(2);
    await approveMaturedCommissions({ store: createSettlementStore(database.db), clock, notifier: recordingNotifier() }, TEST_CALLER);
    const tinyChunks = { ...DEFAULT_SETTLEMENT_POLICY, payoutChunkSize: 2 };
    const ctx = (db: typeof database.db) => ({ store: createPayoutStore(db), clock, notifier: recordingNotifier(), policy: tinyChunks });
    const sales = await database.db.selectFrom('commissions').innerJoin('conversions', 'conversions.id', 'commissions.conversion_id')
      .select(['commissions.id']).where('conversions.vendor_id', '=', vendor.id).where('commissions.kind', '=', 'sale').orderBy('commissions.id').execute();
    await Promise.all([
      runPayouts(ctx(database.db), TEST_CALLER, { runKey: 'race-a' }),
      runPayouts(ctx(second.db), TEST_CALLER, { runKey: 'race-b' }),
      ...orders.slice(0, 40).map((orderId, i) => refundConversion(createConversionStore(i % 2 ? second.db : database.db), clock, vendor.id, orderId, i % 3 ? { amount: 700 } : {})),
      ...sales.slice(60, 70).map((c) => reverseCommission({ store: createSettlementStore(second.db), clock, notifier: recordingNotifier() }, TEST_CALLER, { commissionId: c.id, reason: 'fraud ring' })),
    ]);
    const payouts = await database.db.selectFrom('payouts').select(['influencer_id']).where('influencer_id', 'in', people.map((p) => p.id)).execute();
    expect(new Set(payouts.map((p) => p.influencer_id)).size).toBe(payouts.length);
    await expectLedgerClean();
  });
});

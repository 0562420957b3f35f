import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSecretBox } from '../../core/shared/secret-box.ts';
import { runLedgerCheck } from '../../cli/ledger-check.ts';
import { convertMinor } from '../../core/money/fx.ts';
import type { LedgerCheckReport } from '../../core/ledger/ledger-check.ts';
import { overrideAmount } from '../../core/settlement/settlement.ts';
import { manualClock } from '../support/manual-clock.ts';
import { createMoneyWorld, type MoneyStep } from '../support/money-world.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';

// Seeded random histories of clicks, sales, refunds, lock expiries, tier changes, payout runs,
// payments and failures, holds, releases and fraud, against a controlled clock, on one fresh
// database for this file. After every step: the ledger balances per currency, no balance is
// negative but for a recorded clawback, commissions and payouts reconcile with their postings
// (the whole ledger check), nothing paid is paid again, and no held money is in a payout.

const SEED = 20_261_201;
const secretBox = createSecretBox('test-secret-key-test-secret-key-0000');
let database: TestDatabase;
const clock = manualClock(new Date('2026-12-01T09:00:00Z'));

beforeAll(async () => { database = await createTestDatabase(); });
afterAll(async () => { await database?.close(); });

const step: fc.Arbitrary<MoneyStep> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ do: fc.constant('click' as const), link: fc.nat(7), duplicate: fc.boolean() }) },
  {
    weight: 6,
    arbitrary: fc.record({
      do: fc.constant('sale' as const), link: fc.nat(7),
      // 1-cent orders, small odd amounts, and ordinary baskets.
      amount: fc.oneof(fc.constant(1), fc.integer({ min: 1, max: 99 }), fc.integer({ min: 100, max: 60_000 })),
    }),
  },
  { weight: 3, arbitrary: fc.record({ do: fc.constant('refund' as const), sale: fc.nat(50), part: fc.oneof(fc.constant('all' as const), fc.double({ min: 0.01, max: 0.99, noNaN: true })) }) },
  { weight: 3, arbitrary: fc.record({ do: fc.constant('advance' as const), days: fc.integer({ min: 1, max: 10 }) }) },
  { weight: 3, arbitrary: fc.constant({ do: 'approve' as const }) },
  { weight: 1, arbitrary: fc.constant({ do: 'tiers' as const }) },
  { weight: 1, arbitrary: fc.record({ do: fc.constant('pin' as const), influencer: fc.nat(3), tier: fc.option(fc.nat(1), { nil: null }) }) },
  { weight: 2, arbitrary: fc.constant({ do: 'payouts' as const }) },
  { weight: 1, arbitrary: fc.record({ do: fc.constant('request' as const), influencer: fc.nat(3) }) },
  { weight: 2, arbitrary: fc.record({ do: fc.constant('pay' as const), payout: fc.nat(20) }) },
  { weight: 1, arbitrary: fc.record({ do: fc.constant('fail' as const), payout: fc.nat(20) }) },
  { weight: 1, arbitrary: fc.record({ do: fc.constant('fraud' as const), sale: fc.nat(50) }) },
  { weight: 2, arbitrary: fc.record({ do: fc.constant('hold' as const), sale: fc.nat(50) }) },
  { weight: 1, arbitrary: fc.record({ do: fc.constant('release' as const), sale: fc.nat(50) }) },
  { weight: 1, arbitrary: fc.record({ do: fc.constant('fraudOrder' as const), sale: fc.nat(50) }) },
);

function failures(report: LedgerCheckReport) {
  return report.checks.filter((c) => !c.ok).map((c) => ({ check: c.name, examples: c.examples.slice(0, 3) }));
}

/** Plays a history, checking every invariant after each step; returns the number of steps played. */
async function play(steps: MoneyStep[]): Promise<number> {
  const world = await createMoneyWorld(database.db, secretBox, clock);
  const paidOnce = new Map<string, string>();
  for (const [i, s] of steps.entries()) {
    await world.step(s);
    const report = await world.check();
    expect(failures(report), `after step ${i} ${JSON.stringify(s)}`).toEqual([]);
    for (const total of Object.values(report.figures.totals)) expect(total).toBe('0');

    // Nothing paid is paid again: a paid commission stays paid in the payout that paid it.
    const paid = await database.db.selectFrom('commissions').select(['id', 'status', 'payout_id'])
      .where('influencer_id', 'in', world.influencers.map((x) => x.id)).where('payout_id', 'is not', null).execute();
    const now = new Map(paid.map((c) => [c.id, c]));
    for (const [commissionId, payoutId] of paidOnce) expect(now.get(commissionId), `commission ${commissionId} was paid by ${payoutId}`).toMatchObject({ status: 'paid', payout_id: payoutId });
    for (const c of paid) if (c.status === 'paid') paidOnce.set(c.id, c.payout_id!);
    // Held money stays out of payouts (and only money that can still move is held).
    const heldInPayout = await database.db.selectFrom('commissions').select(['id', 'status'])
      .where('held_at', 'is not', null).where((eb) => eb.or([eb('payout_id', 'is not', null), eb('status', 'not in', ['pending', 'approved'])])).execute();
    expect(heldInPayout, `after step ${i} ${JSON.stringify(s)}`).toEqual([]);
  }
  await expectComputedAsCoreRules();
  return steps.length;
}

/** The set-based SQL computed every override and every conversion exactly as the core rules do. */
async function expectComputedAsCoreRules() {
  const rows = await database.db.selectFrom('commissions')
    .select(['id', 'kind', 'amount', 'currency', 'payout_amount', 'payout_currency', 'fx_rate_e9', 'base_amount', 'rate_bps']).execute();
  for (const c of rows) {
    expect(Number(c.payout_amount), `commission ${c.id}`).toBe(convertMinor(Number(c.amount), Number(c.fx_rate_e9), c.currency, c.payout_currency));
    if (c.kind === 'override') expect(Number(c.amount), `override ${c.id}`).toBe(overrideAmount(Number(c.base_amount), c.rate_bps));
  }
}

describe('settlement under random histories (property)', () => {
  it('keeps the ledger balanced, reconciled, and pays nothing twice', async () => {
    await fc.assert(fc.asyncProperty(fc.array(step, { minLength: 10, maxLength: 50, size: 'max' }), async (steps) => { await play(steps); }), {
      seed: SEED, numRuns: 50, endOnFailure: true,
    });
  }, 180_000);

  it('passes `dealcast ledger check` after the heaviest history', async () => {
    // The heaviest: 400 steps from a fixed seed, then every lock expired, everything approved, paid out and paid.
    const [steps] = fc.sample(fc.array(step, { minLength: 400, maxLength: 400 }), { seed: SEED + 1, numRuns: 1 });
    await play([...steps!, { do: 'advance', days: 31 }, { do: 'approve' }, { do: 'payouts' }, ...Array.from({ length: 20 }, (_, i) => ({ do: 'pay' as const, payout: i }))]);
    const output: string[] = [];
    const report = await runLedgerCheck(database.db, { write: (text) => output.push(text) }, clock);
    expect(report.ok, output.join('')).toBe(true);
    expect(report.figures.commissions).toBeGreaterThan(50);
    expect(report.figures.payouts).toBeGreaterThan(0);
    expect(output.join('')).toContain('ledger is balanced and reconciles with commissions and payouts');
    // The histories did reach every kind of movement, conversions between currencies included.
    const kinds = new Set((await database.db.selectFrom('ledger_entries').select('kind').distinct().execute()).map((r) => r.kind));
    for (const kind of ['commission_accrued', 'commission_approved', 'commission_reversed', 'commission_clawback', 'override_accrued', 'override_reversed', 'payout_created', 'payout_paid', 'payout_failed']) {
      expect(kinds, kind).toContain(kind);
    }
    const converted = await database.db.selectFrom('commissions').select('id').whereRef('currency', '<>', 'payout_currency').limit(1).execute();
    expect(converted).toHaveLength(1);
  }, 180_000);
});

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommissionStatus } from '../../core/commissions/commission.ts';
import { createSecretBox } from '../../core/shared/secret-box.ts';
import { earnedOverride, isMatured } from '../../core/settlement/approval.ts';
import { DEFAULT_SETTLEMENT_POLICY } from '../../core/settlement/settlement.ts';
import { approveMaturedCommissions } from '../../core/settlement/settlement.service.ts';
import { createSettlementStore } from '../../db/settlement.repository.ts';
import { factories } from '../factories/index.ts';
import { manualClock } from '../support/manual-clock.ts';
import { TEST_CALLER, recordingNotifier } from '../support/money.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';

// The approval of a chunk is one set-based statement (db/settlement.repository.ts): which
// commissions it approves and which overrides it creates, for how much, must be exactly what
// the core rules say one commission at a time (core/settlement/approval.ts), holds included.

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const clock = manualClock(new Date('2026-12-01T12:00:00Z'));
const terms = { overrideBps: DEFAULT_SETTLEMENT_POLICY.overrideBps, overrideDays: DEFAULT_SETTLEMENT_POLICY.overrideDays };
let database: TestDatabase;
let make: ReturnType<typeof factories>;
let brand: { id: string; vendor_id: string };
let orders = 0;

beforeAll(async () => {
  database = await createTestDatabase();
  make = factories(database.db, createSecretBox('test-secret-key-test-secret-key-0000'));
  brand = await make.brand((await make.vendor()).id);
});
afterAll(async () => { await database?.close(); });

const personArb = fc.record({
  signedUpDaysAgo: fc.integer({ min: 0, max: 200 }),
  status: fc.oneof({ weight: 4, arbitrary: fc.constant('active' as const) }, { weight: 1, arbitrary: fc.constant('suspended' as const) }),
  // Picks among the people before this one and this one itself; null: recruited by nobody.
  recruiter: fc.option(fc.nat(4), { nil: null, freq: 8 }),
});
const commissionArb = fc.record({
  person: fc.nat(4),
  kind: fc.oneof({ weight: 4, arbitrary: fc.constant('sale' as const) }, { weight: 1, arbitrary: fc.constant('override' as const) }),
  status: fc.oneof(
    { weight: 6, arbitrary: fc.constant<CommissionStatus>('pending') },
    { weight: 1, arbitrary: fc.constantFrom<CommissionStatus>('approved', 'reversed', 'in_payout', 'paid') },
  ),
  // Around `now`, to the hour: exactly now matures.
  approvesInHours: fc.oneof(fc.constant(0), fc.integer({ min: -72, max: -1 }), fc.integer({ min: 1, max: 72 })),
  // When it was earned, after the recruit signed up: often at the edge of the override window.
  earnedDaysAfterSignUp: fc.oneof(
    { weight: 2, arbitrary: fc.constantFrom(terms.overrideDays - 1, terms.overrideDays, terms.overrideDays + 1) },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 150 }) },
  ),
  // Mostly enough to earn an override (5 % of under 10 rounds to nothing).
  payoutAmount: fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 100, max: 50_000 }) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 99 }) }),
  reversedShare: fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 2, arbitrary: fc.double({ min: 0, max: 1, noNaN: true }) }, { weight: 1, arbitrary: fc.constant(1) }),
  // On hold for review (only money that can still move is ever held: pending or approved).
  held: fc.oneof({ weight: 3, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
});

type Generated<A> = A extends fc.Arbitrary<infer T> ? T : never;

async function play(peopleSpecs: Generated<typeof personArb>[], commissionSpecs: Generated<typeof commissionArb>[]) {
  const db = database.db;
  const now = clock.now();
  const people: { id: string; createdAt: Date; status: 'active' | 'suspended'; recruitedBy: string | null }[] = [];
  for (const spec of peopleSpecs) {
    const createdAt = new Date(now.getTime() - spec.signedUpDaysAgo * DAY);
    const row = await make.influencer({ createdAt });
    // Picking this person itself is a self-referral, which the rules refuse.
    const recruitedBy = spec.recruiter === null ? null : (people[spec.recruiter % (people.length + 1)] ?? row).id;
    await db.updateTable('influencers').set({ status: spec.status, recruited_by: recruitedBy }).where('id', '=', row.id).execute();
    people.push({ id: row.id, createdAt, status: spec.status, recruitedBy });
  }
  const commissions = [];
  for (const spec of commissionSpecs) {
    const person = people[spec.person % people.length]!;
    const conversion = await db.insertInto('conversions').values({
      vendor_id: brand.vendor_id, order_id: `A-${++orders}`, influencer_id: person.id, amount: 100_000, currency: 'EUR', status: 'attributed',
      occurred_at: now, request_hash: 'x', response: '{}',
    }).returning('id').executeTakeFirstOrThrow();
    const reversed = Math.round(spec.payoutAmount * spec.reversedShare);
    const heldAt = spec.held && (spec.status === 'pending' || spec.status === 'approved') ? new Date(now.getTime() - HOUR) : null;
    const row = {
      kind: spec.kind, status: spec.status, approvesAt: new Date(now.getTime() + spec.approvesInHours * HOUR), heldAt,
      createdAt: new Date(person.createdAt.getTime() + spec.earnedDaysAfterSignUp * DAY), payoutAmount: spec.payoutAmount, reversed, person,
    };
    const inserted = await db.insertInto('commissions').values({
      conversion_id: conversion.id, influencer_id: person.id, brand_id: brand.id, kind: row.kind, base_amount: row.payoutAmount,
      amount: row.payoutAmount, reversed_amount: String(reversed), currency: 'EUR', payout_currency: 'EUR', payout_amount: row.payoutAmount,
      reversed_payout_amount: String(reversed), rate_bps: 1000, base_rate_bps: 1000, status: row.status, approves_at: row.approvesAt, created_at: row.createdAt,
      held_at: heldAt, hold_reason: heldAt && 'property: under review', held_by: heldAt && 'test',
    }).returning('id').executeTakeFirstOrThrow();
    commissions.push({ ...row, id: inserted.id });
  }

  await approveMaturedCommissions({ store: createSettlementStore(db), clock, notifier: recordingNotifier() }, TEST_CALLER);

  const ids = commissions.map((c) => c.id);
  const after = new Map((await db.selectFrom('commissions').select(['id', 'status', 'approved_at', 'held_at']).where('id', 'in', ids).execute()).map((r) => [r.id, r]));
  const overrides = await db.selectFrom('commissions').select(['source_commission_id', 'influencer_id', 'amount', 'currency', 'base_amount', 'status'])
    .where('kind', '=', 'override').where('source_commission_id', 'in', ids).execute();
  const overrideOf = new Map(overrides.map((o) => [o.source_commission_id!, o]));
  for (const c of commissions) {
    const matured = isMatured(c, now);
    const row = after.get(c.id)!;
    expect(row.status === 'approved' && row.approved_at?.getTime() === now.getTime(), `commission ${JSON.stringify(c)}`).toBe(matured);
    // A hold outlives the run: a held commission is still held, and pending, after it.
    expect(row.held_at?.getTime() ?? null, `hold of ${c.id}`).toBe(c.heldAt?.getTime() ?? null);
    const recruiter = c.person.recruitedBy === null ? null : people.find((p) => p.id === c.person.recruitedBy)!;
    const expected = matured ? earnedOverride({ kind: c.kind, netPayout: c.payoutAmount - c.reversed, createdAt: c.createdAt }, c.person, recruiter, terms) : 0;
    const override = overrideOf.get(c.id);
    expect(override === undefined ? 0 : Number(override.amount), `override on ${JSON.stringify({ c, recruiter })}`).toBe(expected);
    if (override) expect(override).toMatchObject({ influencer_id: recruiter!.id, currency: 'EUR', base_amount: String(c.payoutAmount - c.reversed), status: 'approved' });
  }
}

describe('approval in SQL', () => {
  it('approves exactly the commissions isMatured names (never a held one) and creates exactly the overrides earnedOverride earns (property)', async () => {
    await fc.assert(fc.asyncProperty(
      fc.array(personArb, { minLength: 2, maxLength: 5, size: 'max' }), fc.array(commissionArb, { minLength: 4, maxLength: 12, size: 'max' }),
      async (people, commissions) => { await play(people, commissions); },
    ), { seed: 31_337, numRuns: 30, endOnFailure: true });
  }, 120_000);
});

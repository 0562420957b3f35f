import type { Clock } from '../shared/clock.ts';
import { DomainError, NotFoundError } from '../shared/errors.ts';
import { CURRENCY_EXPONENTS } from '../money/money.ts';
import type { Notifier } from '../notifications/notifications.ts';
import { notifyAfterCommit } from '../notifications/notify-after-commit.ts';
import { payoutFailedPosting, payoutPaidPosting } from './payout-postings.ts';
import type { CreatedPayout, Payout, PayoutStore } from './payouts.ports.ts';
import { DEFAULT_SETTLEMENT_POLICY, payoutMinimum, type SettlementPolicy } from '../settlement/settlement.ts';

export interface PayoutContext {
  store: PayoutStore;
  clock: Clock;
  notifier: Notifier;
  policy?: SettlementPolicy;
  onNotifyError?: (error: unknown) => void;
}

/** The smallest payout of every currency we settle in, in minor units. */
export function payoutMinimums(policy: SettlementPolicy = DEFAULT_SETTLEMENT_POLICY): Record<string, number> {
  return Object.fromEntries(Object.keys(CURRENCY_EXPONENTS).map((c) => [c, payoutMinimum(c, policy)]));
}

export interface PayoutRun {
  runKey: string;
  payouts: CreatedPayout[];
  /** Paid out by this run, per currency. */
  totals: Record<string, number>;
}

/**
 * `payouts.run`: one payout per influencer and currency whose available balance reaches the
 * minimum (10.00 of the currency by default), for the whole balance: approved commissions,
 * overrides, and any clawback netted. Influencers are taken in chunks by id, each chunk its own
 * transaction. Idempotent and safe with two runs at once: chunks take the settlement lock in
 * turn, a balance committed to a payout is no longer available, and a repeated `runKey`
 * creates nothing twice.
 */
export async function runPayouts(ctx: PayoutContext, options: { runKey?: string } = {}): Promise<PayoutRun> {
  const now = ctx.clock.now();
  const policy = ctx.policy ?? DEFAULT_SETTLEMENT_POLICY;
  const runKey = options.runKey ?? `run:${now.toISOString()}`;
  const minimums = payoutMinimums(policy);
  const payouts: CreatedPayout[] = [];
  for (let afterId: string | null = null; ;) {
    const chunk = await ctx.store.createPayouts({ runKey, now, minimums, influencers: { afterId, limit: policy.payoutChunkSize } });
    payouts.push(...chunk.payouts);
    if (chunk.lastInfluencerId === null) break;
    afterId = chunk.lastInfluencerId;
  }
  const totals: Record<string, number> = {};
  for (const p of payouts) totals[p.currency] = (totals[p.currency] ?? 0) + p.amount;
  return { runKey, payouts, totals };
}

export interface PayoutRequestAnswer {
  /** The payouts created now, awaiting an admin's approval. */
  created: CreatedPayout[];
  /** Balances that stay, below the minimum (or nothing at all). */
  belowMinimum: { currency: string; available: number; minimum: number }[];
}

/**
 * An influencer asks for their money from chat: every available balance that reaches the
 * minimum becomes a payout at once (the same rules as the weekly run, for this influencer
 * only); the answer also names every balance that stays (below the minimum, or negative
 * after a clawback). Both lists empty: there is nothing to pay. A second request finds nothing
 * left to pay. `busy` when a payout run holds the settlement lock for longer than a chat
 * answer may wait.
 */
export async function requestPayout(ctx: PayoutContext, influencerId: string, options: { lockTimeoutMs?: number } = {}): Promise<PayoutRequestAnswer> {
  const status = await ctx.store.findInfluencerStatus(influencerId);
  if (!status) throw new NotFoundError('influencer', influencerId);
  if (status !== 'active') throw new DomainError('conflict', `Influencer ${influencerId} is ${status} and cannot be paid out`, { influencerId, status });
  const now = ctx.clock.now();
  const minimums = payoutMinimums(ctx.policy);
  const { payouts: created } = await ctx.store.createPayouts({
    runKey: `request:${influencerId}:${now.toISOString()}`, now, minimums, influencers: { id: influencerId }, lockTimeoutMs: options.lockTimeoutMs ?? 10_000,
  });
  const belowMinimum = (await ctx.store.availableBalances(influencerId))
    .filter((b) => b.amount !== 0)
    .map((b) => ({ currency: b.currency, available: b.amount, minimum: minimums[b.currency] ?? payoutMinimum(b.currency, ctx.policy) }));
  return { created, belowMinimum };
}

/** An admin approves a payout for payment; approving it again changes nothing. */
export async function approvePayout(ctx: PayoutContext, input: { payoutId: string; actor: string }): Promise<Payout> {
  const now = ctx.clock.now();
  return ctx.store.transaction(async (tx) => {
    const payout = await lockOrFail(tx, input.payoutId);
    if (payout.status === 'approved') return payout;
    if (payout.status !== 'pending') throw wrongStatus(payout, 'approved');
    const approved = await tx.updatePayout(payout.id, { status: 'approved', approvedAt: now });
    await tx.audit({ actor: input.actor, action: 'payout.approve', entity: 'payout', entityId: payout.id });
    return approved;
  });
}

/** An admin approves every pending payout of one run (a batch) at once. */
export async function approvePayoutBatch(ctx: PayoutContext, input: { runKey: string; actor: string }): Promise<Payout[]> {
  const now = ctx.clock.now();
  return ctx.store.transaction(async (tx) => {
    const approved = await tx.approvePendingPayouts(input.runKey, now);
    await tx.audit({ actor: input.actor, action: 'payout.approve_batch', entity: 'payout_run', entityId: input.runKey, details: { approved: approved.length } });
    return approved;
  });
}

/**
 * An approved payout was paid (bank transfer done, with its reference): the money leaves the
 * influencer's in-payout balance for good, its commissions become `paid`, the influencer is
 * told. Marking it paid again with the same reference changes nothing; a payout is never paid
 * twice.
 */
export async function markPayoutPaid(ctx: PayoutContext, input: { payoutId: string; reference: string; actor: string }): Promise<Payout> {
  const now = ctx.clock.now();
  const reference = input.reference.trim();
  if (reference === '') throw new DomainError('validation_failed', 'A paid payout needs the payment reference', { field: 'reference' });
  let paid: Payout | undefined;
  const payout = await ctx.store.transaction(async (tx) => {
    const current = await lockOrFail(tx, input.payoutId);
    if (current.status === 'paid') {
      if (current.reference === reference) return current;
      throw new DomainError('conflict', `Payout ${current.id} is already paid with reference ${JSON.stringify(current.reference)}`, { payoutId: current.id, reference: current.reference });
    }
    if (current.status !== 'approved') throw wrongStatus(current, 'paid');
    const updated = await tx.updatePayout(current.id, { status: 'paid', reference, paidAt: now });
    await tx.postLedger(payoutPaidPosting({ payoutId: current.id, influencerId: current.influencerId, amount: current.amount, currency: current.currency }));
    const commissions = await tx.markCommissionsPaid(current.id);
    await tx.audit({ actor: input.actor, action: 'payout.paid', entity: 'payout', entityId: current.id, details: { reference, commissions } });
    paid = updated;
    return updated;
  });
  if (paid) {
    await notifyAfterCommit(ctx.notifier, [{
      kind: 'payout_paid', influencerId: paid.influencerId, payoutId: paid.id, amount: paid.amount, currency: paid.currency, reference: paid.reference,
    }], ctx.onNotifyError);
  }
  return payout;
}

/**
 * A payout could not be paid (rejected transfer, wrong account): its money returns to the
 * available balance and its commissions to `approved`, for a later payout. Failing it again
 * changes nothing; a paid payout cannot fail.
 */
export async function markPayoutFailed(ctx: PayoutContext, input: { payoutId: string; reason: string; actor: string }): Promise<Payout> {
  const now = ctx.clock.now();
  const reason = input.reason.trim();
  if (reason === '') throw new DomainError('validation_failed', 'Say why the payout failed', { field: 'reason' });
  return ctx.store.transaction(async (tx) => {
    // Returning money to the available balance must not interleave with a payout run reading it.
    await tx.takeSettlementLock();
    const current = await lockOrFail(tx, input.payoutId);
    if (current.status === 'failed') return current;
    if (current.status === 'paid') throw wrongStatus(current, 'failed');
    const updated = await tx.updatePayout(current.id, { status: 'failed', failedAt: now, failureReason: reason });
    await tx.postLedger(payoutFailedPosting({ payoutId: current.id, influencerId: current.influencerId, amount: current.amount, currency: current.currency }));
    const commissions = await tx.releaseCommissions(current.id, now);
    await tx.audit({ actor: input.actor, action: 'payout.failed', entity: 'payout', entityId: current.id, details: { reason, commissions } });
    return updated;
  });
}

async function lockOrFail(tx: { lockPayout(id: string): Promise<Payout | undefined> }, id: string): Promise<Payout> {
  const payout = await tx.lockPayout(id);
  if (!payout) throw new NotFoundError('payout', id);
  return payout;
}

function wrongStatus(payout: Payout, wanted: string): DomainError {
  const hint = wanted === 'paid' && payout.status === 'pending' ? '; approve it first' : '';
  return new DomainError('conflict', `Payout ${payout.id} is ${payout.status} and cannot become ${wanted}${hint}`, { payoutId: payout.id, status: payout.status });
}

import crypto from 'node:crypto';
import type { Caller } from '../access/access.ts';
import type { Clock } from '../shared/clock.ts';
import { DomainError, NotFoundError } from '../shared/errors.ts';
import { CURRENCY_EXPONENTS } from '../money/money.ts';
import type { Notifier } from '../notifications/notifications.ts';
import { notifyAfterCommit } from '../notifications/notify-after-commit.ts';
import { payoutFailedPosting, payoutPaidPosting } from './payout-postings.ts';
import type { CreatedPayout, Payout, PayoutChunk, PayoutSelection, PayoutStore, PayoutTx } from './payouts.ports.ts';
import { DEFAULT_SETTLEMENT_POLICY, payoutMinimum, type SettlementPolicy } from '../settlement/settlement.ts';

export interface PayoutContext {
  store: PayoutStore;
  clock: Clock;
  notifier: Notifier;
  policy?: SettlementPolicy;
  onNotifyError?: (error: unknown) => void;
}

/** How long a chat request waits for a payout run's chunk before answering `busy`. */
const REQUEST_LOCK_TIMEOUT_MS = 10_000;

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
 * creates nothing twice. The run writes one audit row (run key and counts) with its last chunk.
 */
export async function runPayouts(ctx: PayoutContext, caller: Caller, options: { runKey?: string } = {}): Promise<PayoutRun> {
  const now = ctx.clock.now();
  const policy = ctx.policy ?? DEFAULT_SETTLEMENT_POLICY;
  const runKey = options.runKey ?? `run:${now.toISOString()}`;
  const minimums = payoutMinimums(policy);
  const payouts: CreatedPayout[] = [];
  for (let afterId: string | null = null; ;) {
    const chunk: PayoutChunk = await ctx.store.unitOfWork(async (stores) => {
      await stores.payouts.takeSettlementLock();
      const created = await stores.payouts.createPayouts({ runKey, now, minimums, influencers: { afterId, limit: policy.payoutChunkSize } });
      if (created.lastInfluencerId === null) {
        const all = [...payouts, ...created.payouts];
        await stores.audit.record({
          actor: caller.actor, action: 'payout.run', entity: 'payout', entityId: null,
          details: { runKey, payouts: all.length, commissions: all.reduce((n, p) => n + p.commissions, 0), totals: totalsOf(all) },
        });
      }
      return created;
    });
    payouts.push(...chunk.payouts);
    if (chunk.lastInfluencerId === null) break;
    afterId = chunk.lastInfluencerId;
  }
  return { runKey, payouts, totals: totalsOf(payouts) };
}

/** An admin runs payouts now. Without a key every manual run is a run of its own: a balance is still paid once (the lock and the ledger see to it). */
export function runPayoutsNow(ctx: PayoutContext, caller: Caller, options: { runKey?: string } = {}): Promise<PayoutRun> {
  const runKey = options.runKey ?? `manual:${ctx.clock.now().toISOString()}:${crypto.randomBytes(3).toString('hex')}`;
  return runPayouts(ctx, caller, { runKey });
}

function totalsOf(payouts: readonly CreatedPayout[]): Record<string, number> {
  const totals: Record<string, number> = {};
  for (const p of payouts) totals[p.currency] = (totals[p.currency] ?? 0) + p.amount;
  return totals;
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
  const now = ctx.clock.now();
  const minimums = payoutMinimums(ctx.policy);
  const runKey = `request:${influencerId}:${now.toISOString()}`;
  const { payouts: created } = await ctx.store.unitOfWork(async ({ payouts, audit }) => {
    const status = await payouts.findInfluencerStatus(influencerId);
    if (!status) throw new NotFoundError('influencer', influencerId);
    if (status !== 'active') throw new DomainError('conflict', `Influencer ${influencerId} is ${status} and cannot be paid out`, { influencerId, status });
    await payouts.takeSettlementLock({ timeoutMs: options.lockTimeoutMs ?? REQUEST_LOCK_TIMEOUT_MS });
    const chunk = await payouts.createPayouts({ runKey, now, minimums, influencers: { id: influencerId } });
    if (chunk.payouts.length > 0) {
      await audit.record({
        actor: `influencer:${influencerId}`, action: 'payout.request', entity: 'influencer', entityId: influencerId,
        details: { runKey, payouts: chunk.payouts.map((p) => p.id), totals: totalsOf(chunk.payouts) },
      });
    }
    return chunk;
  });
  const belowMinimum = (await ctx.store.balances.influencerBalances(influencerId))
    .filter((b) => b.available !== 0)
    .map((b) => ({ currency: b.currency, available: b.available, minimum: minimums[b.currency] ?? payoutMinimum(b.currency, ctx.policy) }));
  return { created, belowMinimum };
}

/** An admin approves a payout for payment; approving it again changes nothing. */
export async function approvePayout(ctx: PayoutContext, caller: Caller, input: { payoutId: string }): Promise<Payout> {
  const now = ctx.clock.now();
  return ctx.store.unitOfWork(async ({ payouts, audit }) => {
    const payout = await lockOrFail(payouts, input.payoutId);
    if (payout.status === 'approved') return payout;
    if (payout.status !== 'pending') throw wrongStatus(payout, 'approved');
    const approved = await payouts.updatePayout(payout.id, { status: 'approved', approvedAt: now });
    await audit.record({ actor: caller.actor, action: 'payout.approve', entity: 'payout', entityId: payout.id, before: payout, after: approved });
    return approved;
  });
}

/**
 * An admin approves every pending payout of one run (a batch), or of a list of ids (what a
 * filtered list shows), at once: one audit row with the count. Payouts of the list that are
 * no longer pending are left as they are.
 */
export async function approvePayoutBatch(ctx: PayoutContext, caller: Caller, input: PayoutSelection): Promise<Payout[]> {
  const now = ctx.clock.now();
  if ('payoutIds' in input && input.payoutIds.length === 0) throw new DomainError('validation_failed', 'Name the payouts to approve', { field: 'payoutIds' });
  return ctx.store.unitOfWork(async ({ payouts, audit }) => {
    const approved = await payouts.approvePendingPayouts(input, now);
    await audit.record({
      actor: caller.actor, action: 'payout.approve_batch', entity: 'payout', entityId: null,
      details: { ...('runKey' in input ? { runKey: input.runKey } : { asked: input.payoutIds.length }), approved: approved.length, payoutIds: approved.map((p) => p.id) },
    });
    return approved;
  });
}

/**
 * An approved payout was paid (bank transfer done, with its reference): the money leaves the
 * influencer's in-payout balance for good, its commissions become `paid`, the influencer is
 * told. Marking it paid again with the same reference changes nothing; a payout is never paid
 * twice.
 */
export async function markPayoutPaid(ctx: PayoutContext, caller: Caller, input: { payoutId: string; reference: string }): Promise<Payout> {
  const now = ctx.clock.now();
  const reference = input.reference.trim();
  if (reference === '') throw new DomainError('validation_failed', 'A paid payout needs the payment reference', { field: 'reference' });
  let paid: Payout | undefined;
  const payout = await ctx.store.unitOfWork(async ({ payouts, audit }) => {
    const current = await lockOrFail(payouts, input.payoutId);
    if (current.status === 'paid') {
      if (current.reference === reference) return current;
      throw new DomainError('conflict', `Payout ${current.id} is already paid with reference ${JSON.stringify(current.reference)}`, { payoutId: current.id, reference: current.reference });
    }
    if (current.status !== 'approved') throw wrongStatus(current, 'paid');
    const updated = await payouts.updatePayout(current.id, { status: 'paid', reference, paidAt: now });
    await payouts.postLedger(payoutPaidPosting({ payoutId: current.id, influencerId: current.influencerId, amount: current.amount, currency: current.currency }));
    const commissions = await payouts.markCommissionsPaid(current.id);
    await audit.record({ actor: caller.actor, action: 'payout.paid', entity: 'payout', entityId: current.id, before: current, after: updated, details: { commissions } });
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
export async function markPayoutFailed(ctx: PayoutContext, caller: Caller, input: { payoutId: string; reason: string }): Promise<Payout> {
  const now = ctx.clock.now();
  const reason = input.reason.trim();
  if (reason === '') throw new DomainError('validation_failed', 'Say why the payout failed', { field: 'reason' });
  return ctx.store.unitOfWork(async ({ payouts, audit }) => {
    // Returning money to the available balance must not interleave with a payout run reading it.
    await payouts.takeSettlementLock();
    const current = await lockOrFail(payouts, input.payoutId);
    if (current.status === 'failed') return current;
    if (current.status === 'paid') throw wrongStatus(current, 'failed');
    const updated = await payouts.updatePayout(current.id, { status: 'failed', failedAt: now, failureReason: reason });
    await payouts.postLedger(payoutFailedPosting({ payoutId: current.id, influencerId: current.influencerId, amount: current.amount, currency: current.currency }));
    const commissions = await payouts.releaseCommissions(current.id, now);
    await audit.record({ actor: caller.actor, action: 'payout.failed', entity: 'payout', entityId: current.id, before: current, after: updated, details: { commissions } });
    return updated;
  });
}

async function lockOrFail(payouts: Pick<PayoutTx, 'lockPayout'>, id: string): Promise<Payout> {
  const payout = await payouts.lockPayout(id);
  if (!payout) throw new NotFoundError('payout', id);
  return payout;
}

function wrongStatus(payout: Payout, wanted: string): DomainError {
  const hint = wanted === 'paid' && payout.status === 'pending' ? '; approve it first' : '';
  return new DomainError('conflict', `Payout ${payout.id} is ${payout.status} and cannot become ${wanted}${hint}`, { payoutId: payout.id, status: payout.status });
}

import type { Caller } from '../access/access.ts';
import type { AuditLog } from '../audit/audit.ports.ts';
import { applyReversal, netPayoutAfter, planOverrideReversal, planReversal, reversedCommission } from '../commissions/reversal.ts';
import type { InfluencerNotification, Notifier } from '../notifications/notifications.ts';
import { notifyAfterCommit } from '../notifications/notify-after-commit.ts';
import type { Clock } from '../shared/clock.ts';
import { DomainError, NotFoundError } from '../shared/errors.ts';
import { canHold, cannotHold, checkHoldReason, NOT_HELD } from './holds.ts';
import type { HoldState, ReviewedCommission, ReviewedConversion, ReviewStore, ReviewTx } from './review.ports.ts';
import { checkReversalReason } from './settlement.service.ts';

// Reviewing money before it moves: an admin holds a commission (or every commission of an
// order) so that approval and payouts leave it alone, releases it, or marks the order as fraud,
// which reverses its commissions as a full refund would. One transaction and one audit row each.

export interface ReviewContext {
  store: ReviewStore;
  clock: Clock;
  notifier: Notifier;
  /** Told when a notifier fails; the reversal stands. */
  onNotifyError?: (error: unknown) => void;
}

/** A commission's review state, as the routes answer it. */
export interface CommissionReview extends HoldState {
  commissionId: string;
  conversionId: string;
  kind: ReviewedCommission['kind'];
  status: ReviewedCommission['status'];
  influencerId: string;
  held: boolean;
}

/** An order's review state: its fraud mark and every commission of it. */
export interface ConversionReview {
  conversionId: string;
  orderId: string;
  fraudAt: Date | null;
  fraudReason: string | null;
  fraudBy: string | null;
  commissions: CommissionReview[];
  /** The commissions this call changed. */
  changed: string[];
}

export interface FraudResult extends ConversionReview {
  /** What the fraud reversal moved, per commission (0 for what was reversed already). */
  reversed: { commissionId: string; reversedNow: number; status: ReviewedCommission['status'] }[];
}

const reviewOf = (c: ReviewedCommission): CommissionReview => ({
  commissionId: c.id, conversionId: c.conversionId, kind: c.kind, status: c.status, influencerId: c.influencerId,
  held: c.heldAt !== null, heldAt: c.heldAt, holdReason: c.holdReason, heldBy: c.heldBy,
});

/** What the audit log keeps of a commission under review. */
const auditView = (c: ReviewedCommission) => ({
  id: c.id, kind: c.kind, status: c.status, influencerId: c.influencerId, payoutAmount: c.payoutAmount,
  reversedPayoutAmount: c.reversedPayoutAmount, payoutCurrency: c.payoutCurrency, heldAt: c.heldAt, holdReason: c.holdReason, heldBy: c.heldBy,
});

/**
 * Holds a commission for review: approval skips it past its lock date, a payout run leaves it
 * out; it stays pending (or approved) until released or reversed. Holding a held one changes
 * nothing (its first reason stands). Money in a payout, paid or reversed cannot be held (409).
 */
export function holdCommission(ctx: ReviewContext, caller: Caller, input: { commissionId: string; reason: string }): Promise<CommissionReview> {
  const reason = checkHoldReason(input.reason);
  const hold: HoldState = { heldAt: ctx.clock.now(), holdReason: reason, heldBy: caller.actor };
  return ctx.store.unitOfWork(async ({ review, audit }) => {
    const commission = await lockCommission(review, caller, input.commissionId);
    if (commission.heldAt !== null) return reviewOf(commission);
    if (!canHold(commission.status)) throw cannotHold(commission);
    return reviewOf(await changeHold(review, audit, caller, commission, hold, 'commission.hold', { reason, conversionId: commission.conversionId }));
  });
}

/** Releases a held commission: the next approval run approves it if its lock has ended. Releasing one not held changes nothing. */
export function releaseCommission(ctx: ReviewContext, caller: Caller, input: { commissionId: string }): Promise<CommissionReview> {
  return ctx.store.unitOfWork(async ({ review, audit }) => {
    const commission = await lockCommission(review, caller, input.commissionId);
    if (commission.heldAt === null) return reviewOf(commission);
    return reviewOf(await changeHold(review, audit, caller, commission, NOT_HELD, 'commission.release', { heldFor: commission.holdReason, conversionId: commission.conversionId }));
  });
}

/**
 * Holds every commission of an order that can still move: its sales and the recruiters'
 * overrides earned on them. 409 when the order earned nothing, or nothing of it can be held.
 */
export function holdConversion(ctx: ReviewContext, caller: Caller, input: { conversionId: string; reason: string }): Promise<ConversionReview> {
  const reason = checkHoldReason(input.reason);
  const hold: HoldState = { heldAt: ctx.clock.now(), holdReason: reason, heldBy: caller.actor };
  return ctx.store.unitOfWork(async ({ review, audit }) => {
    const { conversion, commissions } = await lockConversion(review, caller, input.conversionId);
    const holdable = commissions.filter((c) => c.heldAt === null && canHold(c.status));
    if (holdable.length === 0 && !commissions.some((c) => c.heldAt !== null)) {
      throw new DomainError('conflict', commissions.length === 0
        ? `Conversion ${conversion.id} earned no commission: there is nothing to hold`
        : `Nothing of conversion ${conversion.id} can be held: its commissions are in a payout, paid or reversed (reverse them, or mark the order as fraud)`,
      { conversionId: conversion.id, statuses: commissions.map((c) => c.status) });
    }
    return changeConversionHolds(review, audit, caller, conversion, commissions, holdable, hold, 'conversion.hold', { reason });
  });
}

/** Releases every held commission of an order; none held: nothing changes. */
export function releaseConversion(ctx: ReviewContext, caller: Caller, input: { conversionId: string }): Promise<ConversionReview> {
  return ctx.store.unitOfWork(async ({ review, audit }) => {
    const { conversion, commissions } = await lockConversion(review, caller, input.conversionId);
    const held = commissions.filter((c) => c.heldAt !== null);
    return changeConversionHolds(review, audit, caller, conversion, commissions, held, NOT_HELD, 'conversion.release', { heldFor: [...new Set(held.map((c) => c.holdReason))] });
  });
}

/**
 * Marks an order as fraud: every commission of it is reversed in full with the overrides it
 * earned, as a full refund would (balanced postings; money already in a payout is clawed back
 * from the available balance), holds are lifted, the influencers hear of each reversal, and
 * the order keeps when, why and who. Marking it again changes nothing.
 */
export async function markConversionFraud(ctx: ReviewContext, caller: Caller, input: { conversionId: string; reason: string }): Promise<FraudResult> {
  const reason = checkReversalReason(input.reason);
  const now = ctx.clock.now();
  const notifications: InfluencerNotification[] = [];
  const result = await ctx.store.unitOfWork(async ({ review, audit }): Promise<FraudResult> => {
    const { conversion, commissions } = await lockConversion(review, caller, input.conversionId);
    if (conversion.fraudAt !== null) return { ...conversionReviewOf(conversion, commissions, []), reversed: [] };
    const reversed: FraudResult['reversed'] = [];
    const after = new Map(commissions.map((c) => [c.id, c]));
    for (const sale of commissions.filter((c) => c.kind === 'sale')) {
      const plan = planReversal(sale, sale.amount, { vendorId: conversion.vendorId, fully: true });
      await applyReversal(review, sale, plan, now, notifications);
      reversed.push({ commissionId: sale.id, reversedNow: plan.reversedNow, status: plan.status });
      after.set(sale.id, { ...reversedCommission(sale, plan), ...NOT_HELD });
      for (const override of commissions.filter((c) => c.kind === 'override' && c.sourceCommissionId === sale.id)) {
        const overridePlan = planOverrideReversal(override, netPayoutAfter(sale, plan), conversion.vendorId);
        await applyReversal(review, override, overridePlan, now, notifications);
        reversed.push({ commissionId: override.id, reversedNow: overridePlan.reversedNow, status: overridePlan.status });
        after.set(override.id, { ...reversedCommission(override, overridePlan), ...NOT_HELD });
      }
    }
    // Whatever a reversal left movable (an override its source still pays for) is no longer under review either.
    const stillHeld = [...after.values()].filter((c) => c.heldAt !== null && c.status !== 'reversed').map((c) => c.id);
    if (stillHeld.length > 0) await review.setHold(stillHeld, NOT_HELD);
    for (const id of stillHeld) after.set(id, { ...after.get(id)!, ...NOT_HELD });
    const fraud = { at: now, reason, by: caller.actor };
    await review.markFraud(conversion.id, fraud);
    const marked: ReviewedConversion = { ...conversion, fraudAt: now, fraudReason: reason, fraudBy: caller.actor };
    const afterList = [...after.values()];
    await audit.record({
      actor: caller.actor, action: 'conversion.fraud', entity: 'conversion', entityId: conversion.id,
      before: { orderId: conversion.orderId, fraudAt: null, commissions: commissions.map(auditView) },
      after: { orderId: conversion.orderId, fraudAt: now, fraudReason: reason, commissions: afterList.map(auditView) },
      details: { reason, reversed },
    });
    return { ...conversionReviewOf(marked, afterList, reversed.filter((r) => r.reversedNow > 0).map((r) => r.commissionId)), reversed };
  });
  await notifyAfterCommit(ctx.notifier, notifications, ctx.onNotifyError);
  return result;
}

async function lockCommission(review: ReviewTx, caller: Caller, id: string): Promise<ReviewedCommission> {
  await review.waitForSettlement();
  const locked = await review.lockCommission(caller.scope, id);
  if (!locked) throw new NotFoundError('commission', id);
  return locked.commission;
}

async function lockConversion(review: ReviewTx, caller: Caller, id: string) {
  await review.waitForSettlement();
  const conversion = await review.lockConversion(caller.scope, id);
  if (!conversion) throw new NotFoundError('conversion', id);
  return { conversion, commissions: await review.lockCommissionsOf(conversion.id) };
}

async function changeHold(
  review: ReviewTx, audit: AuditLog, caller: Caller, commission: ReviewedCommission, hold: HoldState, action: string, details: Record<string, unknown>,
): Promise<ReviewedCommission> {
  await review.setHold([commission.id], hold);
  const after = { ...commission, ...hold };
  await audit.record({ actor: caller.actor, action, entity: 'commission', entityId: commission.id, before: auditView(commission), after: auditView(after), details });
  return after;
}

async function changeConversionHolds(
  review: ReviewTx, audit: AuditLog, caller: Caller, conversion: ReviewedConversion, commissions: ReviewedCommission[],
  changing: ReviewedCommission[], hold: HoldState, action: string, details: Record<string, unknown>,
): Promise<ConversionReview> {
  if (changing.length === 0) return conversionReviewOf(conversion, commissions, []);
  const ids = changing.map((c) => c.id);
  await review.setHold(ids, hold);
  const after = commissions.map((c) => (ids.includes(c.id) ? { ...c, ...hold } : c));
  await audit.record({
    actor: caller.actor, action, entity: 'conversion', entityId: conversion.id,
    before: { orderId: conversion.orderId, commissions: commissions.map(auditView) },
    after: { orderId: conversion.orderId, commissions: after.map(auditView) },
    details: { ...details, commissions: ids },
  });
  return conversionReviewOf(conversion, after, ids);
}

function conversionReviewOf(conversion: ReviewedConversion, commissions: ReviewedCommission[], changed: string[]): ConversionReview {
  return {
    conversionId: conversion.id, orderId: conversion.orderId, fraudAt: conversion.fraudAt, fraudReason: conversion.fraudReason, fraudBy: conversion.fraudBy,
    commissions: commissions.map(reviewOf), changed,
  };
}

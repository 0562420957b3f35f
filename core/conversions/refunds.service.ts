import type { Clock } from '../shared/clock.ts';
import { reversedAmountAfterRefund } from '../commissions/commission.ts';
import type { ConversionStore, LockedCommission, RefundAnswer } from './conversions.ports.ts';
import { DomainError, NotFoundError } from '../shared/errors.ts';
import { replayOrConflict, requestHash } from '../shared/idempotency.ts';
import { assertMinorUnits } from '../money/money.ts';
import { notifyAfterCommit } from '../notifications/notify-after-commit.ts';
import { silentNotifier, type InfluencerNotification, type Notifier } from '../notifications/notifications.ts';
import { applyReversal, netPayoutAfter, planOverrideReversal, planReversal } from '../commissions/reversal.ts';
import { bonusReversedAfterRefund } from '../campaigns/campaign.ts';

/** A vendor's refund of (part of) an order, already shape-checked by the adapter. */
export interface RefundInput {
  /** Minor units; absent means everything not yet refunded. */
  amount?: number;
  reason?: string;
  /** The vendor's id of this refund: a retry with the same id gets the first answer back. */
  refundId?: string;
}

/**
 * Refunds part or all of an order and reverses the same share of its commissions, each with
 * a balanced ledger posting. The order's row is locked for the whole transaction, so that
 * concurrent refunds take turns and their total can never exceed the order
 * (`refund_exceeds_amount`). The reversed amount is recomputed from the cumulative refund each
 * time, so several partial refunds reverse exactly what one refund of their sum would.
 * A recruiter's override on a reversed commission is reversed with it, in the same transaction.
 * The refunded share of a campaign bonus is given back to the campaign's spend cap.
 * Without a `refundId`, every call is a new refund. Influencers hear of reversals once committed.
 */
export async function refundConversion(
  store: ConversionStore, clock: Clock, vendorId: string, orderId: string, input: RefundInput, notifier: Notifier = silentNotifier,
): Promise<RefundAnswer> {
  if (input.amount !== undefined) assertMinorUnits(input.amount, 'amount', { allowZero: false });
  const now = clock.now();
  const hash = requestHash({ orderId, amount: input.amount ?? null, reason: input.reason ?? null, refundId: input.refundId ?? null });

  const notifications: InfluencerNotification[] = [];
  const answer = await store.transaction(async (tx) => {
    await tx.waitForSettlement();
    const conversion = await tx.lockConversionByOrder(vendorId, orderId);
    if (!conversion) throw new NotFoundError('Order', orderId);
    if (input.refundId !== undefined) {
      const earlier = await tx.findRefundAnswer(conversion.id, input.refundId);
      if (earlier) {
        return replayOrConflict(earlier, hash, {
          message: `Refund ${JSON.stringify(input.refundId)} of order ${JSON.stringify(orderId)} was already made with a different body`,
          details: { orderId, refundId: input.refundId },
        });
      }
    }

    const remaining = conversion.amount - conversion.refundedAmount;
    const amount = input.amount ?? remaining;
    if (amount === 0 || amount > remaining) {
      throw new DomainError('refund_exceeds_amount', remaining === 0
        ? `Order ${JSON.stringify(orderId)} is already fully refunded`
        : `A refund of ${amount} exceeds what is left to refund on order ${JSON.stringify(orderId)} (${remaining})`,
      { orderId, requested: amount, orderAmount: conversion.amount, refundedAmount: conversion.refundedAmount, remainingAmount: remaining });
    }
    const refundedAmount = conversion.refundedAmount + amount;
    const fullyRefunded = refundedAmount === conversion.amount;
    const status = fullyRefunded ? 'refunded' : 'partially_refunded';
    await tx.updateConversionRefunds(conversion.id, { refundedAmount, status });

    const reversals: CommissionReversal[] = [];
    const sales = (await tx.lockCommissions(conversion.id)).filter((c) => c.kind === 'sale');
    const overrides = await tx.lockOverrides(sales.map((c) => c.id));
    for (const commission of sales) {
      const plan = planReversal(commission, reversedAmountAfterRefund(commission, refundedAmount, conversion.amount), { vendorId, fully: fullyRefunded });
      await applyReversal(tx, commission, plan, now, notifications);
      // The refunded share of a campaign bonus goes back to the campaign's budget.
      if (commission.campaignId && commission.bonusAmount) {
        const released = bonusReversedAfterRefund(commission.bonusAmount, refundedAmount, conversion.amount)
          - bonusReversedAfterRefund(commission.bonusAmount, conversion.refundedAmount, conversion.amount);
        if (released > 0) await tx.releaseBudget(commission.campaignId, released, now);
      }
      reversals.push({ id: commission.id, kind: commission.kind, amount: commission.amount, reversedAmount: plan.reversedAmount, reversedNow: plan.reversedNow, status: plan.status });
      for (const override of overrides.filter((o) => o.sourceCommissionId === commission.id)) {
        await applyReversal(tx, override, planOverrideReversal(override, netPayoutAfter(commission, plan), vendorId), now, notifications);
      }
    }

    const id = await tx.insertRefund({ conversionId: conversion.id, amount, reason: input.reason ?? null, refundKey: input.refundId ?? null, requestHash: hash, createdAt: now });
    const sale = reversals.find((r) => r.kind === 'sale');
    const answer: RefundAnswer = {
      id,
      refundId: input.refundId ?? null,
      orderId,
      conversionId: conversion.id,
      amount,
      currency: conversion.currency,
      refundedAmount,
      remainingAmount: conversion.amount - refundedAmount,
      status,
      commission: sale ? { id: sale.id, amount: sale.amount, reversedAmount: sale.reversedAmount, reversedNow: sale.reversedNow, status: sale.status } : null,
    };
    await tx.saveRefundAnswer(id, answer);
    return answer;
  });
  await notifyAfterCommit(notifier, notifications);
  return answer;
}

interface CommissionReversal {
  id: string;
  kind: LockedCommission['kind'];
  amount: number;
  reversedAmount: number;
  reversedNow: number;
  status: LockedCommission['status'];
}

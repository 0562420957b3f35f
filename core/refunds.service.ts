import type { Clock } from './clock.ts';
import { reversedAmountAfterRefund } from './commission.ts';
import type { ConversionStore, ConversionTx, LockedCommission, RefundAnswer } from './conversions.ports.ts';
import { DomainError, NotFoundError } from './errors.ts';
import { replayOrConflict, requestHash } from './idempotency.ts';
import { accountHoldingCommission, commissionReversalPosting } from './ledger.ts';
import { assertMinorUnits } from './money.ts';

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
 * Without a `refundId`, every call is a new refund.
 */
export async function refundConversion(store: ConversionStore, clock: Clock, vendorId: string, orderId: string, input: RefundInput): Promise<RefundAnswer> {
  if (input.amount !== undefined) assertMinorUnits(input.amount, 'amount', { allowZero: false });
  const now = clock.now();
  const hash = requestHash({ orderId, amount: input.amount ?? null, reason: input.reason ?? null, refundId: input.refundId ?? null });

  return store.transaction(async (tx) => {
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
    for (const commission of await tx.lockCommissions(conversion.id)) {
      // Recruiters' overrides are funded and posted by settlement, which reverses its own.
      if (commission.kind !== 'sale') continue;
      reversals.push(await reverseShare(tx, { vendorId, commission, refundedAmount, orderAmount: conversion.amount, fullyRefunded, now }));
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
}

interface CommissionReversal {
  id: string;
  kind: LockedCommission['kind'];
  amount: number;
  reversedAmount: number;
  reversedNow: number;
  status: LockedCommission['status'];
}

async function reverseShare(
  tx: ConversionTx,
  r: { vendorId: string; commission: LockedCommission; refundedAmount: number; orderAmount: number; fullyRefunded: boolean; now: Date },
): Promise<CommissionReversal> {
  const { commission } = r;
  const reversedAmount = reversedAmountAfterRefund(commission, r.refundedAmount, r.orderAmount);
  const reversedNow = reversedAmount - commission.reversedAmount;
  // Money already in a payout stays "in_payout"/"paid": the clawback shows in the ledger and
  // in reversed_amount, and the next payout nets it.
  const status = r.fullyRefunded && (commission.status === 'pending' || commission.status === 'approved') ? 'reversed' : commission.status;
  if (reversedNow > 0) {
    await tx.postLedger(commissionReversalPosting({
      commissionId: commission.id, vendorId: r.vendorId, influencerId: commission.influencerId,
      amount: reversedNow, currency: commission.currency, from: accountHoldingCommission(commission.status),
    }));
  }
  if (reversedNow > 0 || status !== commission.status) {
    await tx.updateCommissionReversal(commission.id, { reversedAmount, status, reversedAt: status === 'reversed' ? r.now : null });
  }
  return { id: commission.id, kind: commission.kind, amount: commission.amount, reversedAmount, reversedNow, status };
}

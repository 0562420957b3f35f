import { Type } from 'typebox';
import { PAYOUT_STATUSES, type Payout } from '../../core/payouts/payouts.ports.ts';
import { Id, MinorUnits, Nullable, StringEnum, Timestamp } from './schemas.ts';

// Schemas of the money read models shared by the payouts, money and ledger routes.

/** A ledger line as the platform books it: a debit is positive, a credit negative. */
export const LedgerLine = Type.Object({
  id: Id, at: Timestamp, transactionId: Type.String({ format: 'uuid' }), kind: Type.String(), account: Type.String(),
  amount: Type.Integer({ description: 'Minor units; debit positive, credit negative' }), currency: Type.String(),
  influencerId: Nullable(Id), vendorId: Nullable(Id),
});

/** An influencer's four balances in one currency, as what the platform owes them. */
export const Balances = Type.Object({
  currency: Type.String(),
  pending: Type.Integer({ description: 'Earned, inside the brand\'s lock (return window)' }),
  available: Type.Integer({ description: 'Approved, waiting for a payout; negative after a refund of money already paid (netted by the next payout)' }),
  inPayout: Type.Integer({ description: 'In a payout not paid yet' }),
  paid: Type.Integer({ description: 'Paid out, all time' }),
});

export const PayoutSchema = Type.Object({
  id: Id, influencerId: Id, currency: Type.String(), amount: MinorUnits, status: StringEnum(PAYOUT_STATUSES), runKey: Type.String(),
  reference: Nullable(Type.String()), createdAt: Timestamp, approvedAt: Nullable(Timestamp), paidAt: Nullable(Timestamp),
  failedAt: Nullable(Timestamp), failureReason: Nullable(Type.String()),
});

export function presentPayout(p: Payout) {
  return {
    id: p.id, influencerId: p.influencerId, currency: p.currency, amount: p.amount, status: p.status, runKey: p.runKey, reference: p.reference,
    createdAt: p.createdAt.toISOString(), approvedAt: p.approvedAt?.toISOString() ?? null, paidAt: p.paidAt?.toISOString() ?? null,
    failedAt: p.failedAt?.toISOString() ?? null, failureReason: p.failureReason,
  };
}

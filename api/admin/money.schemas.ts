import { withIsoDates } from './present.ts';
import { Type } from 'typebox';
import type { CommissionTrail } from '../../core/commissions/commission-trail.service.ts';
import type { LedgerEntry } from '../../core/ledger/ledger-reads.ports.ts';
import { formatRateE9 } from '../../core/money/fx.ts';
import { PAYOUT_STATUSES, type Payout } from '../../core/payouts/payouts.ports.ts';
import { Id, MinorUnits, Nullable, StringEnum, Timestamp } from './schemas.ts';

// Schemas of the money read models shared by the payouts, money and ledger routes, and their presenters.

/** An id inside an array: as `Id`, without `examples` (which OpenAPI 3.0 refuses there). */
export const IdItem = Type.String({ pattern: '^[0-9]{1,18}$', description: 'Numeric id, as a string' });

/** A ledger line as the platform books it: a debit is positive, a credit negative. */
export const LedgerLine = Type.Object({
  id: Id, at: Timestamp, transactionId: Type.String({ format: 'uuid' }), kind: Type.String(), account: Type.String(),
  amount: Type.Integer({ description: 'Minor units; debit positive, credit negative' }), currency: Type.String(),
  influencerId: Nullable(Id), vendorId: Nullable(Id),
});

export const presentLedgerEntry = (e: LedgerEntry) => withIsoDates(e);

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

export const presentPayout = (p: Payout) => withIsoDates(p);

/** One commission from the click to the payout. */
export const CommissionTrailSchema = Type.Object({
  commission: Type.Object({
    id: Id, kind: Type.String(), status: Type.String(), influencerId: Id, amount: MinorUnits, reversedAmount: MinorUnits, currency: Type.String(),
    payoutAmount: MinorUnits, reversedPayoutAmount: MinorUnits, payoutCurrency: Type.String(), fxRate: Type.String(),
    rateBps: Type.Integer(), tierId: Nullable(Id), tierMultiplierBps: Type.Integer(), sourceCommissionId: Nullable(Id),
    createdAt: Timestamp, approvesAt: Timestamp, approvedAt: Nullable(Timestamp), reversedAt: Nullable(Timestamp),
  }),
  conversion: Type.Object({
    id: Id, orderId: Type.String(), clickId: Nullable(Type.String()), linkId: Nullable(Id), amount: MinorUnits, refundedAmount: MinorUnits,
    currency: Type.String(), occurredAt: Timestamp, receivedAt: Timestamp, fxRate: Nullable(Type.String()), payoutCurrency: Nullable(Type.String()),
  }),
  ledger: Type.Array(LedgerLine),
  payout: Nullable(PayoutSchema),
  payoutLedger: Type.Array(LedgerLine),
});

export function presentCommissionTrail({ commission: c, conversion: v, ledger, payout, payoutLedger }: CommissionTrail) {
  return {
    commission: {
      id: c.id, kind: c.kind, status: c.status, influencerId: c.influencerId, amount: c.amount, reversedAmount: c.reversedAmount,
      currency: c.currency, payoutAmount: c.payoutAmount, reversedPayoutAmount: c.reversedPayoutAmount, payoutCurrency: c.payoutCurrency,
      fxRate: formatRateE9(c.fxRateE9), rateBps: c.rateBps, tierId: c.tierId, tierMultiplierBps: c.tierMultiplierBps,
      sourceCommissionId: c.sourceCommissionId, createdAt: c.createdAt.toISOString(), approvesAt: c.approvesAt.toISOString(),
      approvedAt: c.approvedAt?.toISOString() ?? null, reversedAt: c.reversedAt?.toISOString() ?? null,
    },
    conversion: {
      id: v.id, orderId: v.orderId, clickId: v.clickId, linkId: v.linkId, amount: v.amount, refundedAmount: v.refundedAmount,
      currency: v.currency, occurredAt: v.occurredAt.toISOString(), receivedAt: v.receivedAt.toISOString(),
      fxRate: v.fxRateE9 === null ? null : formatRateE9(v.fxRateE9), payoutCurrency: v.payoutCurrency,
    },
    ledger: ledger.map(presentLedgerEntry),
    payout: payout ? presentPayout(payout) : null,
    payoutLedger: payoutLedger.map(presentLedgerEntry),
  };
}

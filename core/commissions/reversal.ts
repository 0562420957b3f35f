import type { CommissionStatus } from './commission.ts';
import type { ConversionTx, LockedCommission } from '../conversions/conversions.ports.ts';
import { convertedReversal } from '../money/fx.ts';
import { accountHoldingCommission, commissionReversalPosting, overrideReversalPosting, reversalKind, type LedgerTransaction } from '../ledger/ledger.ts';
import type { InfluencerNotification } from '../notifications/notifications.ts';
import { overrideReversedAmount } from '../settlement/settlement.ts';

/** Everything a reversal changes on one commission, decided before anything is written. */
export interface ReversalPlan {
  commissionId: string;
  /** Cumulative, in the commission's currency and in the payout currency. */
  reversedAmount: number;
  reversedPayoutAmount: number;
  /** What this reversal adds. */
  reversedNow: number;
  reversedPayoutNow: number;
  status: CommissionStatus;
  /** Null when nothing moves (already reversed that far). */
  posting: LedgerTransaction | null;
  notification: InfluencerNotification | null;
}

/**
 * Plans reversing `commission` up to `targetReversedAmount` (cumulative, in its own currency),
 * from the account its status holds it in. A commission still pending or approved becomes
 * `reversed` when `fully` is set; money already in a payout (`in_payout`, `paid`) keeps its
 * status and is clawed back from the available balance, which the next payout nets.
 * `vendorId` funds a sale; the platform funds an override.
 */
export function planReversal(commission: LockedCommission, targetReversedAmount: number, options: { vendorId: string; fully: boolean }): ReversalPlan {
  const c = commission;
  const reversedAmount = Math.min(c.amount, Math.max(c.reversedAmount, targetReversedAmount));
  const reversedPayoutAmount = Math.max(c.reversedPayoutAmount, convertedReversal(c, reversedAmount));
  const reversedNow = reversedAmount - c.reversedAmount;
  const reversedPayoutNow = reversedPayoutAmount - c.reversedPayoutAmount;
  const status: CommissionStatus = options.fully && (c.status === 'pending' || c.status === 'approved') ? 'reversed' : c.status;

  let posting: LedgerTransaction | null = null;
  if (reversedNow > 0 || reversedPayoutNow > 0) {
    const movement = {
      commissionId: c.id, influencerId: c.influencerId, amount: reversedNow, currency: c.currency,
      payout: { amount: reversedPayoutNow, currency: c.payoutCurrency }, from: accountHoldingCommission(c.status),
    };
    const clawback = reversalKind(c.status) === 'clawback';
    posting = c.kind === 'sale'
      ? commissionReversalPosting({ ...movement, vendorId: options.vendorId, kind: clawback ? 'commission_clawback' : 'commission_reversed' })
      : overrideReversalPosting({ ...movement, kind: clawback ? 'override_clawback' : 'override_reversed' });
  }
  const notification: InfluencerNotification | null = reversedPayoutNow > 0
    ? { kind: 'commission_reversed', influencerId: c.influencerId, commissionId: c.id, amount: reversedPayoutNow, currency: c.payoutCurrency }
    : null;
  return { commissionId: c.id, reversedAmount, reversedPayoutAmount, reversedNow, reversedPayoutNow, status, posting, notification };
}

/**
 * Plans reversing an override along with its source, which after its own reversal keeps
 * `sourceNetPayout` (see `overrideReversedAmount`). The override is fully reversed when its
 * source keeps nothing.
 */
export function planOverrideReversal(override: LockedCommission, sourceNetPayout: number, vendorId: string): ReversalPlan {
  const target = overrideReversedAmount(override, sourceNetPayout);
  return planReversal(override, target, { vendorId, fully: target >= override.amount });
}

/** What the influencer keeps of a commission after a plan (payout side). */
export function netPayoutAfter(commission: LockedCommission, plan: ReversalPlan): number {
  return commission.payoutAmount - plan.reversedPayoutAmount;
}

/** The commission as a plan leaves it. */
export function reversedCommission<C extends LockedCommission>(commission: C, plan: ReversalPlan): C {
  return { ...commission, reversedAmount: plan.reversedAmount, reversedPayoutAmount: plan.reversedPayoutAmount, status: plan.status };
}

/** Writes a planned reversal: its balanced posting and the commission's new amounts and status. */
export async function applyReversal(
  tx: Pick<ConversionTx, 'postLedger' | 'updateCommissionReversal'>,
  commission: LockedCommission,
  plan: ReversalPlan,
  now: Date,
  notifications: InfluencerNotification[],
): Promise<void> {
  if (plan.posting) await tx.postLedger(plan.posting);
  if (plan.posting || plan.status !== commission.status) {
    await tx.updateCommissionReversal(commission.id, {
      reversedAmount: plan.reversedAmount, reversedPayoutAmount: plan.reversedPayoutAmount, status: plan.status,
      reversedAt: plan.status === 'reversed' ? now : null,
    });
  }
  if (plan.notification) notifications.push(plan.notification);
}

import type { Clock } from '../shared/clock.ts';
import { DomainError, NotFoundError } from '../shared/errors.ts';
import type { InfluencerNotification, Notifier } from '../notifications/notifications.ts';
import { notifyAfterCommit } from '../notifications/notify-after-commit.ts';
import { applyReversal, netPayoutAfter, planOverrideReversal, planReversal } from '../commissions/reversal.ts';
import { DEFAULT_SETTLEMENT_POLICY, type SettlementPolicy } from './settlement.ts';
import type { ApprovalBatch, SettlementStore } from './settlement.ports.ts';

export interface ApprovalRun {
  approved: number;
  /** What moved to available balances, per payout currency (overrides included). */
  totals: Record<string, number>;
  overrides: number;
  /** Transactions (chunks of influencers) the run took. */
  batches: number;
}

export interface SettlementContext {
  store: SettlementStore;
  clock: Clock;
  notifier: Notifier;
  policy?: SettlementPolicy;
  /** Told when a notifier fails; the approvals stand. */
  onNotifyError?: (error: unknown) => void;
}

/**
 * `settlement.approve`: approves every commission whose brand's lock period has ended, in
 * chunks of influencers (each its own transaction under the settlement lock), and creates the
 * recruiters' overrides they earn. Idempotent and safe to run twice at once: chunks take the
 * lock in turn and only take rows still pending, so a commission leaves `pending` exactly
 * once. Influencers hear `commission_approved` per commission.
 */
export async function approveMaturedCommissions(ctx: SettlementContext): Promise<ApprovalRun> {
  const policy = ctx.policy ?? DEFAULT_SETTLEMENT_POLICY;
  const now = ctx.clock.now();
  const run: ApprovalRun = { approved: 0, totals: {}, overrides: 0, batches: 0 };
  for (let afterId: string | null = null; ;) {
    const batch: ApprovalBatch = await ctx.store.approveMaturedBatch(now, { afterId, limit: policy.approveChunkSize }, { overrideBps: policy.overrideBps, overrideDays: policy.overrideDays });
    run.batches += 1;
    run.approved += batch.approved.length;
    run.overrides += batch.overrides.length;
    const notifications: InfluencerNotification[] = [];
    for (const c of [...batch.approved, ...batch.overrides]) {
      run.totals[c.currency] = (run.totals[c.currency] ?? 0) + c.amount;
      if (c.amount > 0) notifications.push({ kind: 'commission_approved', influencerId: c.influencerId, commissionId: c.id, amount: c.amount, currency: c.currency });
    }
    await notifyAfterCommit(ctx.notifier, notifications, ctx.onNotifyError);
    if (batch.lastInfluencerId === null) break;
    afterId = batch.lastInfluencerId;
  }
  return run;
}

export interface CommissionReversalResult {
  commissionId: string;
  reversedNow: number;
  status: string;
  overridesReversed: string[];
}

/**
 * An admin reverses a commission in full (fraud, a cancelled order the vendor never
 * refunded), with the override it earned a recruiter. At any point: pending or approved
 * money is reversed; money already in a payout is clawed back from the available balance
 * (the status stays `in_payout`/`paid`, `reversedAmount` shows it). Reversing it again
 * changes nothing.
 */
export async function reverseCommission(ctx: SettlementContext, input: { commissionId: string; reason: string; actor: string }): Promise<CommissionReversalResult> {
  const now = ctx.clock.now();
  const notifications: InfluencerNotification[] = [];
  const result = await ctx.store.transaction(async (tx) => {
    await tx.waitForSettlement();
    const locked = await tx.lockCommission(input.commissionId);
    if (!locked) throw new NotFoundError('commission', input.commissionId);
    const { commission, vendorId } = locked;
    if (commission.status === 'reversed') {
      return { commissionId: commission.id, reversedNow: 0, status: commission.status, overridesReversed: [] };
    }
    const plan = planReversal(commission, commission.amount, { vendorId, fully: true });
    await applyReversal(tx, commission, plan, now, notifications);
    const overridesReversed: string[] = [];
    if (commission.kind === 'sale') {
      for (const override of await tx.lockOverrides([commission.id])) {
        const overridePlan = planOverrideReversal(override, netPayoutAfter(commission, plan), vendorId);
        await applyReversal(tx, override, overridePlan, now, notifications);
        if (overridePlan.posting) overridesReversed.push(override.id);
      }
    }
    await tx.audit({
      actor: input.actor, action: 'commission.reverse', entity: 'commission', entityId: commission.id,
      details: { reason: input.reason, reversedNow: plan.reversedNow, statusBefore: commission.status, overridesReversed },
    });
    return { commissionId: commission.id, reversedNow: plan.reversedNow, status: plan.status, overridesReversed };
  });
  await notifyAfterCommit(ctx.notifier, notifications, ctx.onNotifyError);
  return result;
}

/** Refuses a reason nobody could act on later. */
export function checkReversalReason(reason: string): string {
  const trimmed = reason.trim();
  if (trimmed.length < 3) throw new DomainError('validation_failed', 'Give a reason for the reversal (at least 3 characters)', { field: 'reason' });
  return trimmed;
}

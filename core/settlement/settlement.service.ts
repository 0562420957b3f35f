import type { Caller } from '../access/access.ts';
import type { Clock } from '../shared/clock.ts';
import { DomainError, NotFoundError } from '../shared/errors.ts';
import type { InfluencerNotification, Notifier } from '../notifications/notifications.ts';
import { notifyAfterCommit } from '../notifications/notify-after-commit.ts';
import { applyReversal, netPayoutAfter, planOverrideReversal, planReversal, reversedCommission } from '../commissions/reversal.ts';
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
 * once. Influencers hear `commission_approved` per commission. The run writes one audit row
 * with its counts, in the transaction of its last chunk.
 */
export async function approveMaturedCommissions(ctx: SettlementContext, caller: Caller): Promise<ApprovalRun> {
  const policy = ctx.policy ?? DEFAULT_SETTLEMENT_POLICY;
  const now = ctx.clock.now();
  const terms = { overrideBps: policy.overrideBps, overrideDays: policy.overrideDays };
  let run: ApprovalRun = { approved: 0, totals: {}, overrides: 0, batches: 0 };
  for (let afterId: string | null = null; ;) {
    const { batch, counted } = await ctx.store.unitOfWork(async ({ settlement, audit }) => {
      await settlement.lockSettlement();
      const chunk = await settlement.approveMaturedChunk(now, { afterId, limit: policy.approveChunkSize }, terms);
      const next = withBatch(run, chunk);
      if (chunk.lastInfluencerId === null) {
        await audit.record({ actor: caller.actor, action: 'commission.approve_matured', entity: 'commission', entityId: null, details: { ...next, at: now.toISOString() } });
      }
      return { batch: chunk, counted: next };
    });
    run = counted;
    const notifications: InfluencerNotification[] = [...batch.approved, ...batch.overrides]
      .filter((c) => c.amount > 0)
      .map((c) => ({ kind: 'commission_approved', influencerId: c.influencerId, commissionId: c.id, amount: c.amount, currency: c.currency }));
    await notifyAfterCommit(ctx.notifier, notifications, ctx.onNotifyError);
    if (batch.lastInfluencerId === null) break;
    afterId = batch.lastInfluencerId;
  }
  return run;
}

function withBatch(run: ApprovalRun, batch: ApprovalBatch): ApprovalRun {
  const totals = { ...run.totals };
  for (const c of [...batch.approved, ...batch.overrides]) totals[c.currency] = (totals[c.currency] ?? 0) + c.amount;
  return { approved: run.approved + batch.approved.length, totals, overrides: run.overrides + batch.overrides.length, batches: run.batches + 1 };
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
 * changes nothing. A commission outside the caller's scope is `not_found`.
 */
export async function reverseCommission(ctx: SettlementContext, caller: Caller, input: { commissionId: string; reason: string }): Promise<CommissionReversalResult> {
  const reason = checkReversalReason(input.reason);
  const now = ctx.clock.now();
  const notifications: InfluencerNotification[] = [];
  const result = await ctx.store.unitOfWork(async ({ settlement, audit }) => {
    await settlement.waitForSettlement();
    const locked = await settlement.lockCommission(caller.scope, input.commissionId);
    if (!locked) throw new NotFoundError('commission', input.commissionId);
    const { commission, vendorId } = locked;
    if (commission.status === 'reversed') {
      return { commissionId: commission.id, reversedNow: 0, status: commission.status, overridesReversed: [] };
    }
    const plan = planReversal(commission, commission.amount, { vendorId, fully: true });
    await applyReversal(settlement, commission, plan, now, notifications);
    const overridesReversed: string[] = [];
    if (commission.kind === 'sale') {
      for (const override of await settlement.lockOverrides([commission.id])) {
        const overridePlan = planOverrideReversal(override, netPayoutAfter(commission, plan), vendorId);
        await applyReversal(settlement, override, overridePlan, now, notifications);
        if (overridePlan.posting) overridesReversed.push(override.id);
      }
    }
    await audit.record({
      actor: caller.actor, action: 'commission.reverse', entity: 'commission', entityId: commission.id,
      before: commission, after: reversedCommission(commission, plan),
      details: { reason, reversedNow: plan.reversedNow, overridesReversed },
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

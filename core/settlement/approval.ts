import type { CommissionKind, CommissionStatus } from '../commissions/commission.ts';
import type { InfluencerStatus } from '../influencers/influencer-accounts.service.ts';
import { earnsOverride, overrideAmount } from './settlement.ts';

// The approval rules one commission at a time. db/settlement.repository.ts applies them to a
// chunk of influencers in one statement; test/db/approval.property.test.ts holds the SQL to them.

/**
 * True when an approval run at `now` approves the commission: still pending, not on hold for
 * review (a held one waits until an admin releases it; then the next run approves it), and its
 * lock ended at or before `now`.
 */
export function isMatured(commission: { status: CommissionStatus; approvesAt: Date; heldAt: Date | null }, now: Date): boolean {
  return commission.status === 'pending' && commission.heldAt === null && commission.approvesAt.getTime() <= now.getTime();
}

/**
 * The override a recruiter earns when a recruit's commission is approved, in the recruit's
 * payout currency; 0 when none is earned. Only a sale that still nets something earns one, for
 * a recruiter who is active and not the recruit, on commissions of the recruit's first
 * `overrideDays` days (`earnsOverride`); the amount is `overrideAmount` of the net.
 */
export function earnedOverride(
  source: { kind: CommissionKind; netPayout: number; createdAt: Date },
  recruit: { id: string; createdAt: Date },
  recruiter: { id: string; status: InfluencerStatus } | null,
  terms: { overrideBps: number; overrideDays: number },
): number {
  if (source.kind !== 'sale' || source.netPayout <= 0) return 0;
  if (recruiter === null || recruiter.id === recruit.id || recruiter.status !== 'active') return 0;
  if (!earnsOverride(recruit.createdAt, source.createdAt, terms.overrideDays)) return 0;
  return overrideAmount(source.netPayout, terms.overrideBps);
}

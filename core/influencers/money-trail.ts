import type { CommissionRecord } from '../commissions/commission-reads.ports.ts';
import type { ConversionStatus } from '../conversions/conversions.ports.ts';
import type { LedgerEntry } from '../ledger/ledger-reads.ports.ts';
import type { LinkChannel } from '../links/links.service.ts';
import type { Payout } from '../payouts/payouts.ports.ts';

// The money trail of one order: click → order → commission (rate, tier, multiplier) →
// approval (or when it will approve, or why it is held) → payout → ledger postings, each step
// with its time and who or what caused it. Built from the commission's trail
// (core/commissions/commission-trail.service.ts) and what support needs around it.

/** The click that earned the order. */
export interface TrailClick {
  id: string;
  clickedAt: Date;
  linkId: string;
  linkCode: string;
  channel: LinkChannel;
  groupLabel: string;
  counted: boolean;
  /** Why a click did not count (a duplicate resolves to the visitor's earlier counted click). */
  notCountedBecause: 'duplicate' | 'bot' | 'self_click' | null;
}

/** The vendor's order, as reported. */
export interface TrailOrder {
  id: string;
  orderId: string;
  vendorId: string;
  vendorName: string;
  productId: string | null;
  productTitle: string | null;
  brandName: string | null;
  amount: number;
  refundedAmount: number;
  currency: string;
  status: ConversionStatus;
  attributionReason: string | null;
  /** How the order was credited: the vendor's click, or a campaign member's promo code (null when unattributed). */
  attributedBy: 'click' | 'promo_code' | null;
  /** The promo code the vendor reported, whether or not it credited anyone. */
  promoCode: string | null;
  occurredAt: Date;
  receivedAt: Date;
}

/** What the commission record does not say: the base it was computed on, its tier's name, its hold. */
export interface TrailTerms {
  baseAmount: number;
  baseRateBps: number;
  tierName: string | null;
  lockDays: number;
  heldAt: Date | null;
  holdReason: string | null;
  heldBy: string | null;
  /** The campaign bonus inside the amount (0 without one), the campaign, and the rate or fee it applied. */
  bonusAmount: number;
  campaignId: string | null;
  campaignTitle: string | null;
  bonusRateBps: number | null;
  bonusFee: number | null;
}

/** A recorded action on the trail's commission or payout (the audit log), with the admin's email when it was one. */
export interface TrailEvent {
  at: Date;
  actor: string;
  actorName: string | null;
  action: string;
  entity: string;
  entityId: string;
  details: Record<string, unknown> | null;
}

export const TRAIL_STEP_KINDS = [
  'click', 'order', 'commission', 'hold', 'release', 'approval', 'reversal', 'payout', 'payout_approved', 'payout_paid', 'payout_failed',
] as const;
export type TrailStepKind = (typeof TRAIL_STEP_KINDS)[number];

/** One step of the trail: when (null when it has no time yet), who or what caused it, why, and its postings. */
export interface TrailStep {
  kind: TrailStepKind;
  at: Date | null;
  /** True for a step still to come: a pending commission's approval date. */
  expected: boolean;
  /** `visitor`, `vendor:<id>`, `system`, `admin:<id>`, `job:<name>`, `refund`. */
  by: string;
  /** A person's name for `by` (an admin's email, the vendor's name), when known. */
  byName: string | null;
  /** A reason, a reference, a run key. */
  note: string | null;
  ledger: LedgerEntry[];
}

/** The trail of one order of the influencer. */
export interface MoneyTrailEntry {
  /** The conversion's id (the page's keyset). */
  id: string;
  click: TrailClick | null;
  order: TrailOrder;
  commission: (CommissionRecord & TrailTerms) | null;
  payout: Payout | null;
  steps: TrailStep[];
}

const step = (kind: TrailStepKind, at: Date | null, by: string, rest: Partial<Omit<TrailStep, 'kind' | 'at' | 'by'>> = {}): TrailStep => ({
  kind, at, by, expected: false, byName: null, note: null, ledger: [], ...rest,
});

const reasonOf = (event: TrailEvent | undefined): string | null => {
  const reason = event?.details?.reason;
  return typeof reason === 'string' ? reason : null;
};

/**
 * The steps of one order's trail in the order money moves. `approvalBy` is who ran the
 * approval that approved it (the hourly job, or an admin on demand), when known.
 */
export function trailSteps(input: {
  click: TrailClick | null;
  order: TrailOrder;
  commission: (CommissionRecord & TrailTerms) | null;
  ledger: LedgerEntry[];
  approvalLedger: LedgerEntry[];
  approvalBy: { actor: string; actorName: string | null } | null;
  payout: Payout | null;
  payoutLedger: LedgerEntry[];
  events: TrailEvent[];
}): TrailStep[] {
  const { click, order, commission: c, payout, events } = input;
  const postings = (kinds: string[], lines: LedgerEntry[] = input.ledger) => lines.filter((l) => kinds.includes(l.kind));
  const event = (entity: string, id: string | undefined, action: string) => events.find((e) => e.entity === entity && e.entityId === id && e.action === action);
  const steps: TrailStep[] = [];
  if (click) steps.push(step('click', click.clickedAt, 'visitor', { note: click.groupLabel || null }));
  steps.push(step('order', order.occurredAt, `vendor:${order.vendorId}`, {
    byName: order.vendorName, note: order.attributedBy === 'promo_code' ? `promo code ${order.promoCode ?? ''}`.trim() : null,
  }));
  if (!c) return steps;
  steps.push(step('commission', c.createdAt, 'system', {
    ledger: postings(['commission_accrued', 'override_accrued']),
    note: c.bonusAmount > 0 ? `campaign bonus ${c.bonusAmount} ${c.currency}${c.campaignTitle ? ` (${c.campaignTitle})` : ''}` : null,
  }));
  const hold = event('commission', c.id, 'commission.hold');
  if (c.heldAt) steps.push(step('hold', c.heldAt, c.heldBy ?? hold?.actor ?? 'system', { byName: hold?.actorName ?? null, note: c.holdReason }));
  else if (hold) {
    const release = event('commission', c.id, 'commission.release');
    steps.push(step('hold', hold.at, hold.actor, { byName: hold.actorName, note: reasonOf(hold) }));
    if (release) steps.push(step('release', release.at, release.actor, { byName: release.actorName, note: reasonOf(release) }));
  }
  if (c.approvedAt) {
    steps.push(step('approval', c.approvedAt, input.approvalBy?.actor ?? 'job:settlement', {
      byName: input.approvalBy?.actorName ?? null, ledger: input.approvalLedger,
    }));
  } else if (c.status === 'pending' && !c.heldAt) {
    steps.push(step('approval', c.approvesAt, 'system', { expected: true, note: `lock ${c.lockDays} d` }));
  }
  if (c.reversedAt || c.reversedAmount > 0) {
    const reverse = event('commission', c.id, 'commission.reverse') ?? event('conversion', order.id, 'conversion.fraud');
    steps.push(step('reversal', c.reversedAt ?? reverse?.at ?? null, reverse?.actor ?? 'refund', {
      byName: reverse?.actorName ?? null, note: reasonOf(reverse),
      ledger: postings(['commission_reversed', 'commission_clawback', 'override_reversed', 'override_clawback']),
    }));
  }
  if (payout) {
    const mine = (kind: string) => input.payoutLedger.filter((l) => l.kind === kind && (l.influencerId === null || l.influencerId === c.influencerId));
    steps.push(step('payout', payout.createdAt, 'system', { note: payout.runKey, ledger: mine('payout_created') }));
    if (payout.approvedAt) {
      const approve = event('payout', payout.id, 'payout.approve');
      steps.push(step('payout_approved', payout.approvedAt, approve?.actor ?? 'admin', { byName: approve?.actorName ?? null }));
    }
    if (payout.paidAt) {
      const paid = event('payout', payout.id, 'payout.paid');
      steps.push(step('payout_paid', payout.paidAt, paid?.actor ?? 'admin', { byName: paid?.actorName ?? null, note: payout.reference, ledger: mine('payout_paid') }));
    }
    if (payout.failedAt) {
      const failed = event('payout', payout.id, 'payout.failed');
      steps.push(step('payout_failed', payout.failedAt, failed?.actor ?? 'admin', { byName: failed?.actorName ?? null, note: payout.failureReason, ledger: mine('payout_failed') }));
    }
  }
  return steps;
}

import type { Caller } from '../access/access.ts';
import type { CommissionReads } from '../commissions/commission-reads.ports.ts';
import { commissionTrail } from '../commissions/commission-trail.service.ts';
import type { LedgerEntry, LedgerReads } from '../ledger/ledger-reads.ports.ts';
import type { PayoutReads } from '../payouts/payout-reads.ports.ts';
import { NotFoundError } from '../shared/errors.ts';
import type { Page, PageQuery } from '../shared/paging.ts';
import { trailSteps, type MoneyTrailEntry, type TrailClick, type TrailEvent, type TrailOrder, type TrailTerms } from './money-trail.ts';

/** One of the influencer's orders with its click and the id and terms of the commission it earned them. */
export interface TrailRow {
  /** The conversion's id. */
  id: string;
  order: TrailOrder;
  click: TrailClick | null;
  commissionId: string | null;
  terms: TrailTerms | null;
}

/** What the money trail reads beyond a commission's trail (db/money-trail.repository.ts). */
export interface MoneyTrailReads {
  /** Whether the influencer exists. */
  influencerExists(influencerId: string): Promise<boolean>;
  /** The orders attributed to the influencer, newest first; one order when `conversionId` is given. */
  listTrail(influencerId: string, filter: { conversionId?: string }, page: PageQuery): Promise<Page<TrailRow>>;
  /** The audit log's actions on these commissions, payouts and conversions, oldest first. */
  eventsOf(refs: { commissionIds: string[]; payoutIds: string[]; conversionIds: string[] }): Promise<TrailEvent[]>;
  /** Who ran the approval runs of these instants (each run stamps its commissions with its own instant). */
  approvalRuns(ats: Date[]): Promise<{ at: Date; actor: string; actorName: string | null }[]>;
  /** The influencer's approval postings of these instants (approval posts one transaction per influencer and currency). */
  approvalPostings(influencerId: string, ats: Date[]): Promise<LedgerEntry[]>;
}

export interface MoneyTrailPorts {
  trail: MoneyTrailReads;
  commissions: CommissionReads;
  payouts: PayoutReads;
  ledger: LedgerReads;
}

/**
 * The money trail of an influencer's orders, newest first and paged by cursor: each order
 * with its click, its commission (through the commission's own trail: rate, tier multiplier,
 * postings, payout) and the steps from click to payout. `not_found` for an unknown influencer.
 */
export async function influencerMoneyTrail(
  ports: MoneyTrailPorts, caller: Caller, influencerId: string, filter: { conversionId?: string }, page: PageQuery,
): Promise<Page<MoneyTrailEntry>> {
  if (!(await ports.trail.influencerExists(influencerId))) throw new NotFoundError('influencer', influencerId);
  const rows = await ports.trail.listTrail(influencerId, filter, page);
  const trails = await Promise.all(rows.items.map((row) => (row.commissionId === null ? null : commissionTrail(ports, caller, row.commissionId))));

  const commissionIds = trails.flatMap((t) => (t ? [t.commission.id] : []));
  const payoutIds = [...new Set(trails.flatMap((t) => (t?.payout ? [t.payout.id] : [])))];
  const approvedAts = uniqueDates(trails.flatMap((t) => (t?.commission.approvedAt ? [t.commission.approvedAt] : [])));
  const [events, runs, approvalLines] = await Promise.all([
    ports.trail.eventsOf({ commissionIds, payoutIds, conversionIds: rows.items.map((r) => r.id) }),
    approvedAts.length ? ports.trail.approvalRuns(approvedAts) : [],
    approvedAts.length ? ports.trail.approvalPostings(influencerId, approvedAts) : [],
  ]);

  const items = rows.items.map((row, i): MoneyTrailEntry => {
    const t = trails[i];
    const commission = t && row.terms ? { ...t.commission, ...row.terms } : null;
    const approvedAt = commission?.approvedAt?.getTime();
    const approvalLedger = approvedAt === undefined ? [] : approvalLines.filter((l) => l.at.getTime() === approvedAt && l.currency === commission!.payoutCurrency);
    const run = approvedAt === undefined ? undefined : runs.find((r) => r.at.getTime() === approvedAt);
    return {
      id: row.id, click: row.click, order: row.order, commission, payout: t?.payout ?? null,
      steps: trailSteps({
        click: row.click, order: row.order, commission, ledger: t?.ledger ?? [], approvalLedger,
        approvalBy: run ? { actor: run.actor, actorName: run.actorName } : null,
        payout: t?.payout ?? null, payoutLedger: t?.payoutLedger ?? [], events,
      }),
    };
  });
  return { items, nextAfter: rows.nextAfter };
}

function uniqueDates(dates: Date[]): Date[] {
  return [...new Map(dates.map((d) => [d.getTime(), d])).values()];
}

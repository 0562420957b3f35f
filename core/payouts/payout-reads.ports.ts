import type { Page, PageQuery, TimeRange } from '../shared/paging.ts';
import type { CommissionKind, CommissionStatus } from '../commissions/commission.ts';
import type { Payout, PayoutStatus } from './payouts.ports.ts';
import type { SealedPayoutMethod } from './payout-methods.service.ts';

export interface PayoutFilter extends TimeRange {
  status?: PayoutStatus;
  runKey?: string;
  influencerId?: string;
  currency?: string;
}

/** A payout as the lists show it: with the display name of the influencer it pays. */
export interface PayoutListItem extends Payout {
  influencerName: string;
}

/** A commission a payout took in, on the influencer's side. */
export interface PayoutCommission {
  id: string;
  kind: CommissionKind;
  status: CommissionStatus;
  conversionId: string;
  payoutAmount: number;
  reversedPayoutAmount: number;
}

/** One line of a batch's payment file: the payout and whom it pays. */
export interface PayoutBatchLine {
  payout: Payout;
  influencerName: string;
  country: string | null;
  /** Where the influencer's money goes (their method now), the account still sealed; null when they set none. */
  payoutMethod: SealedPayoutMethod | null;
}

/** A run (batch) in one currency: how many payouts, how much, when it started. */
export interface PayoutRunSummary {
  runKey: string;
  currency: string;
  payouts: number;
  total: number;
  createdAt: Date;
}

/** Reads of payouts (db/payout-lists.repository.ts). */
export interface PayoutReads {
  /** Newest first. */
  listPayouts(filter: PayoutFilter, page: PageQuery): Promise<Page<PayoutListItem>>;
  findPayout(id: string): Promise<PayoutListItem | undefined>;
  commissionsOf(payoutId: string): Promise<PayoutCommission[]>;
  /** The payouts of a payment file, oldest first, at most `limit` of them: a run's, or any list's filters. */
  batch(filter: PayoutFilter, limit: number): Promise<PayoutBatchLine[]>;
  /** The latest runs, newest first. */
  listRuns(limit: number): Promise<PayoutRunSummary[]>;
}

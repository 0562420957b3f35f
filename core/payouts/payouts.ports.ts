import type { AuditLog } from '../audit/audit.ports.ts';
import type { InfluencerStatus } from '../influencers/influencer-accounts.service.ts';
import type { BalanceReader } from '../ledger/balances.ts';
import type { LedgerTransaction } from '../ledger/ledger.ts';
import type { UnitOfWork } from '../shared/unit-of-work.ts';

/** A payout's life: pending → approved → paid, or failed (its money returns to the available balance). */
export const PAYOUT_STATUSES = ['pending', 'approved', 'paid', 'failed'] as const;
export type PayoutStatus = (typeof PAYOUT_STATUSES)[number];

/** A payout: one influencer's available balance in one currency, committed at one run. */
export interface Payout {
  id: string;
  influencerId: string;
  currency: string;
  amount: number;
  status: PayoutStatus;
  /** The run (or chat request) that created it; a CSV batch is one run. */
  runKey: string;
  /** The bank's or payment provider's reference, once paid. */
  reference: string | null;
  createdAt: Date;
  approvedAt: Date | null;
  paidAt: Date | null;
  failedAt: Date | null;
  failureReason: string | null;
}

/** A payout created by a run, with how many approved commissions it took in. */
export interface CreatedPayout {
  id: string;
  influencerId: string;
  currency: string;
  amount: number;
  commissions: number;
}

export interface PayoutRunRequest {
  runKey: string;
  now: Date;
  /** The smallest payout per currency, in minor units. */
  minimums: Readonly<Record<string, number>>;
  /**
   * Whose balances: one influencer's (a request from chat), or the next chunk of influencers
   * by id after `afterId` (null: from the first), at most `limit` of them.
   */
  influencers: { id: string } | { afterId: string | null; limit: number };
}

/** What one chunk of a payout run created, and where the next chunk starts (null: none left). */
export interface PayoutChunk {
  payouts: CreatedPayout[];
  lastInfluencerId: string | null;
}

/** Which payouts a batch decision takes: a run's, or a list of them (what a filtered list shows). */
export type PayoutSelection = { runKey: string } | { payoutIds: string[] };

export interface PayoutChange {
  status: PayoutStatus;
  reference?: string;
  approvedAt?: Date;
  paidAt?: Date;
  failedAt?: Date;
  failureReason?: string;
}

/** The payout writes, bound to one transaction (db/payouts.repository.ts). */
export interface PayoutTx {
  /**
   * The settlement lock, exclusive, until the transaction ends: nothing else that moves
   * available money commits meanwhile. With `timeoutMs`, waiting longer is `busy`.
   */
  takeSettlementLock(options?: { timeoutMs?: number }): Promise<void>;
  /**
   * With the lock held: for every active influencer of the request and currency whose
   * available balance reaches the minimum, creates one payout of the whole balance under
   * `runKey` (unique per run, influencer and currency), posts `influencer_available →
   * influencer_in_payout`, and moves the approved commissions that make it up to `in_payout`.
   * Approved commissions on hold stay out: neither in the amount nor moved.
   * Set-based: a few statements per chunk, whatever its size.
   */
  createPayouts(request: PayoutRunRequest): Promise<PayoutChunk>;
  findInfluencerStatus(influencerId: string): Promise<InfluencerStatus | undefined>;
  lockPayout(id: string): Promise<Payout | undefined>;
  updatePayout(id: string, change: PayoutChange): Promise<Payout>;
  /** Approves every pending payout of a run, or of these ids; returns them. */
  approvePendingPayouts(selection: PayoutSelection, now: Date): Promise<Payout[]>;
  /** The payout's commissions become `paid`; returns how many. */
  markCommissionsPaid(payoutId: string): Promise<number>;
  /** The payout's commissions leave it: `approved` again (`reversed` when nothing of them is left). */
  releaseCommissions(payoutId: string, now: Date): Promise<number>;
  postLedger(transaction: LedgerTransaction): Promise<void>;
}

/** What one payout transaction works with. */
export interface PayoutStores {
  payouts: PayoutTx;
  audit: AuditLog;
}

/** Where payouts are kept: each `unitOfWork` call is one transaction; balances are read outside one. */
export interface PayoutStore {
  unitOfWork: UnitOfWork<PayoutStores>;
  balances: BalanceReader;
}

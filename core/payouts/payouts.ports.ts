import type { LedgerTransaction } from '../ledger/ledger.ts';

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
  /** Give up waiting for the settlement lock after this long (`busy`); waits indefinitely when absent. */
  lockTimeoutMs?: number;
}

/** What one chunk of a payout run created, and where the next chunk starts (null: none left). */
export interface PayoutChunk {
  payouts: CreatedPayout[];
  lastInfluencerId: string | null;
}

/** What payouts need from storage (implemented in db/payouts.repository.ts). */
export interface PayoutStore {
  /**
   * In one transaction, holding the settlement lock: for every active influencer of the
   * request and currency whose available balance reaches the minimum, creates one payout of
   * the whole balance under `runKey` (unique per run, influencer and currency), posts
   * `influencer_available → influencer_in_payout`, and moves the approved commissions that
   * make it up to `in_payout`. Set-based: a few statements per chunk, whatever its size.
   * Throws `busy` on lock timeout.
   */
  createPayouts(request: PayoutRunRequest): Promise<PayoutChunk>;
  /** The influencer's available balances, per currency (negative after a clawback). */
  availableBalances(influencerId: string): Promise<{ currency: string; amount: number }[]>;
  findInfluencerStatus(influencerId: string): Promise<'active' | 'suspended' | 'deleted' | undefined>;
  transaction<T>(work: (tx: PayoutTx) => Promise<T>): Promise<T>;
}

export interface PayoutChange {
  status: PayoutStatus;
  reference?: string;
  approvedAt?: Date;
  paidAt?: Date;
  failedAt?: Date;
  failureReason?: string;
}

/** The writes of one admin decision on a payout, in one transaction. */
export interface PayoutTx {
  takeSettlementLock(): Promise<void>;
  lockPayout(id: string): Promise<Payout | undefined>;
  updatePayout(id: string, change: PayoutChange): Promise<Payout>;
  /** Approves every pending payout of a run; returns them. */
  approvePendingPayouts(runKey: string, now: Date): Promise<Payout[]>;
  /** The payout's commissions become `paid`; returns how many. */
  markCommissionsPaid(payoutId: string): Promise<number>;
  /** The payout's commissions leave it: `approved` again (`reversed` when nothing of them is left). */
  releaseCommissions(payoutId: string, now: Date): Promise<number>;
  postLedger(transaction: LedgerTransaction): Promise<void>;
  audit(entry: { actor: string; action: string; entity: string; entityId: string; details?: Record<string, unknown> }): Promise<void>;
}

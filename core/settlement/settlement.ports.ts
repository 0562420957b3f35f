import type { LockedCommission } from '../conversions/conversions.ports.ts';
import type { LedgerTransaction } from '../ledger/ledger.ts';

/** A commission that one approval batch moved from pending to approved, on the influencer's side. */
export interface ApprovedCommission {
  id: string;
  influencerId: string;
  kind: 'sale' | 'override';
  /** What moved to the available balance: the payout-side amount net of earlier reversals. */
  amount: number;
  currency: string;
}

/** A recruiter's override created, already approved, by an approval batch. */
export interface CreatedOverride {
  id: string;
  influencerId: string;
  sourceCommissionId: string;
  amount: number;
  currency: string;
}

export interface ApprovalBatch {
  approved: ApprovedCommission[];
  overrides: CreatedOverride[];
  /** Where the next chunk of influencers starts; null when this was the last. */
  lastInfluencerId: string | null;
}

/** What settlement needs from storage (implemented in db/settlement.repository.ts). */
export interface SettlementStore {
  /**
   * In one transaction, holding the settlement lock: approves the pending commissions, whose
   * lock ended at or before `now`, of the next `limit` influencers by id after `afterId` (null:
   * from the first); posts `influencer_pending → influencer_available` for what they net, one
   * transaction per influencer and currency; and creates the recruiters' overrides they earn
   * (`overrideBps` of the net, for recruits who signed up less than `overrideDays` before the
   * sale) with their postings. Set-based: one statement per chunk.
   */
  approveMaturedBatch(
    now: Date,
    influencers: { afterId: string | null; limit: number },
    terms: { overrideBps: number; overrideDays: number },
  ): Promise<ApprovalBatch>;
  /** Runs `work` in one transaction; an error rolls all of it back. */
  transaction<T>(work: (tx: ReversalTx) => Promise<T>): Promise<T>;
}

/** The writes of an admin's reversal of one commission (fraud), in one transaction. */
export interface ReversalTx {
  /** The settlement lock, shared: see ConversionTx.waitForSettlement. */
  waitForSettlement(): Promise<void>;
  /** Locks the commission; with the vendor who funds it (its brand's). */
  lockCommission(id: string): Promise<{ commission: LockedCommission; vendorId: string } | undefined>;
  lockOverrides(sourceCommissionIds: string[]): Promise<LockedCommission[]>;
  postLedger(transaction: LedgerTransaction): Promise<void>;
  updateCommissionReversal(commissionId: string, change: { reversedAmount: number; reversedPayoutAmount: number; status: LockedCommission['status']; reversedAt: Date | null }): Promise<void>;
  audit(entry: { actor: string; action: string; entity: string; entityId: string; details?: Record<string, unknown> }): Promise<void>;
}

import type { Scope } from '../access/access.ts';
import type { AuditLog } from '../audit/audit.ports.ts';
import type { LockedCommission } from '../conversions/conversions.ports.ts';
import type { LedgerTransaction } from '../ledger/ledger.ts';
import type { UnitOfWork } from '../shared/unit-of-work.ts';

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

/** Settlement's writes, bound to one transaction (db/settlement.repository.ts). */
export interface SettlementTx {
  /** The settlement lock, exclusive, until the transaction ends: approvals move balances alone. */
  lockSettlement(): Promise<void>;
  /** The settlement lock, shared: see ConversionTx.waitForSettlement. */
  waitForSettlement(): Promise<void>;
  /**
   * With the lock held: approves the pending commissions not on hold, whose lock ended at or before `now`
   * (core/settlement/approval.ts `isMatured`), of the next `limit` influencers by id after
   * `afterId` (null: from the first); posts `influencer_pending → influencer_available` for
   * what they net, one transaction per influencer and currency; and creates the recruiters'
   * overrides they earn (`earnedOverride`) with their postings. Set-based: one statement per chunk.
   */
  approveMaturedChunk(
    now: Date,
    influencers: { afterId: string | null; limit: number },
    terms: { overrideBps: number; overrideDays: number },
  ): Promise<ApprovalBatch>;
  /** Locks the commission, when `scope` may see it; with the vendor who funds it (its brand's). */
  lockCommission(scope: Scope, id: string): Promise<{ commission: LockedCommission; vendorId: string } | undefined>;
  lockOverrides(sourceCommissionIds: string[]): Promise<LockedCommission[]>;
  postLedger(transaction: LedgerTransaction): Promise<void>;
  updateCommissionReversal(commissionId: string, change: { reversedAmount: number; reversedPayoutAmount: number; status: LockedCommission['status']; reversedAt: Date | null }): Promise<void>;
}

/** What one settlement transaction works with. */
export interface SettlementStores {
  settlement: SettlementTx;
  audit: AuditLog;
}

/** Where settlement keeps its money: every call of `unitOfWork` is one transaction. */
export interface SettlementStore {
  unitOfWork: UnitOfWork<SettlementStores>;
}

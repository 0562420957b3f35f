import type { Scope } from '../access/access.ts';
import type { AuditLog } from '../audit/audit.ports.ts';
import type { LockedCommission } from '../conversions/conversions.ports.ts';
import type { LedgerTransaction } from '../ledger/ledger.ts';
import type { UnitOfWork } from '../shared/unit-of-work.ts';

/** Why a commission is on hold, since when and by whom; all null when it is not. */
export interface HoldState {
  heldAt: Date | null;
  holdReason: string | null;
  /** The actor who held it (`admin:<id>`). */
  heldBy: string | null;
}

/** A commission under review, locked until the transaction ends, with its hold. */
export interface ReviewedCommission extends LockedCommission, HoldState {
  conversionId: string;
}

/** An order under review, locked until the transaction ends. */
export interface ReviewedConversion {
  id: string;
  vendorId: string;
  orderId: string;
  fraudAt: Date | null;
  fraudReason: string | null;
  fraudBy: string | null;
}

/** The writes of a review (hold, release, fraud), bound to one transaction (db/commission-review.repository.ts). */
export interface ReviewTx {
  /**
   * The settlement lock, shared: a hold never lands while a payout run's chunk reads what it
   * may pay, and a fraud reversal is counted in a payout or clawed back after it.
   */
  waitForSettlement(): Promise<void>;
  /** Locks the commission when `scope` may see it (its brand's vendor); with that vendor. */
  lockCommission(scope: Scope, id: string): Promise<{ commission: ReviewedCommission; vendorId: string } | undefined>;
  /** Locks the conversion when `scope` may see it (its vendor). */
  lockConversion(scope: Scope, id: string): Promise<ReviewedConversion | undefined>;
  /**
   * Locks every commission of the conversion, by id: its sales and the overrides earned on
   * them (an override carries its source's conversion). Called with the settlement lock held,
   * so no approval commits an override meanwhile.
   */
  lockCommissionsOf(conversionId: string): Promise<ReviewedCommission[]>;
  /** Sets (or, with all nulls, clears) the hold of these commissions. */
  setHold(commissionIds: string[], hold: HoldState): Promise<void>;
  markFraud(conversionId: string, fraud: { at: Date; reason: string; by: string }): Promise<void>;
  postLedger(transaction: LedgerTransaction): Promise<void>;
  updateCommissionReversal(commissionId: string, change: { reversedAmount: number; reversedPayoutAmount: number; status: LockedCommission['status']; reversedAt: Date | null }): Promise<void>;
}

export interface ReviewStores {
  review: ReviewTx;
  audit: AuditLog;
}

/** Every call of `unitOfWork` is one transaction. */
export interface ReviewStore {
  unitOfWork: UnitOfWork<ReviewStores>;
}

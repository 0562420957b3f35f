import type { Scope } from '../access/access.ts';
import type { CommissionKind, CommissionStatus } from './commission.ts';

/** A commission with every number that explains it. */
export interface CommissionRecord {
  id: string;
  kind: CommissionKind;
  status: CommissionStatus;
  influencerId: string;
  conversionId: string;
  payoutId: string | null;
  /** In the order's currency. */
  amount: number;
  reversedAmount: number;
  currency: string;
  /** The influencer's side, in the payout currency. */
  payoutAmount: number;
  reversedPayoutAmount: number;
  payoutCurrency: string;
  fxRateE9: number;
  rateBps: number;
  tierId: string | null;
  tierMultiplierBps: number;
  sourceCommissionId: string | null;
  createdAt: Date;
  approvesAt: Date;
  approvedAt: Date | null;
  reversedAt: Date | null;
}

/** The order a commission was earned on. */
export interface ConversionRecord {
  id: string;
  orderId: string;
  clickId: string | null;
  linkId: string | null;
  amount: number;
  refundedAmount: number;
  currency: string;
  occurredAt: Date;
  receivedAt: Date;
  /** The rate that converted the commission; null when unattributed. */
  fxRateE9: number | null;
  payoutCurrency: string | null;
}

/** An influencer's commissions counted by kind, status and payout currency. */
export interface CommissionTally {
  kind: CommissionKind;
  status: CommissionStatus;
  currency: string;
  count: number;
  /** Payout-side amount net of reversals. */
  net: number;
  reversed: number;
}

/** Reads of commissions (db/money.repository.ts). */
export interface CommissionReads {
  /** The commission with its order, when `scope` may see it (its brand's vendor). */
  findWithConversion(scope: Scope, id: string): Promise<{ commission: CommissionRecord; conversion: ConversionRecord } | undefined>;
  tallies(influencerId: string): Promise<CommissionTally[]>;
}

import type { ClickFacts, UnattributedReason, VendorVisibleReason } from './attribution.ts';
import type { CommissionQuote, CommissionStatus, CommissionTerms } from '../commissions/commission.ts';
import type { AppliedRate } from '../money/fx.ts';
import type { LedgerTransaction } from '../ledger/ledger.ts';
import type { HoldState } from '../settlement/review.ports.ts';
import type { AttributedBy } from '../campaigns/campaign.ts';
import type { AppliedBonus, PromoLookup } from '../campaigns/campaign-credit.ts';
import type { CampaignMoneyTx } from '../campaigns/campaigns.ports.ts';

/** The answer to a conversion postback, stored with the order and returned to every replay. */
export interface ConversionAnswer {
  conversionId: string;
  status: 'attributed' | 'unattributed';
  attributed: boolean;
  /** Why nobody earned the order, as the vendor may be told (`reasonToldToVendor`); null when it is attributed. */
  attributionReason: VendorVisibleReason | null;
  /** Present when the order was credited by a member's promo code rather than a click. */
  attributedBy?: 'promo_code';
  commission: {
    id: string;
    amount: number;
    currency: string;
    rateBps: number;
    status: 'pending';
    approvesAt: string;
    /** Present when a campaign's bonus is part of `amount`. */
    bonus?: { campaignId: string; amount: number };
  } | null;
}

/** The answer to a refund, stored with it and returned to a replay under the same `refundId`. */
export interface RefundAnswer {
  /** Our id of this refund. */
  id: string;
  /** The vendor's id of this refund, when it gave one. */
  refundId: string | null;
  orderId: string;
  conversionId: string;
  amount: number;
  currency: string;
  /** Everything refunded on the order so far, this refund included. */
  refundedAmount: number;
  /** What is left to refund. */
  remainingAmount: number;
  status: 'refunded' | 'partially_refunded';
  commission: {
    id: string;
    amount: number;
    /** Reversed so far, this refund included. */
    reversedAmount: number;
    /** Reversed by this refund. */
    reversedNow: number;
    status: CommissionStatus;
  } | null;
}

/** An order's standing: attributed to a click or not, then (partially) refunded. */
export const CONVERSION_STATUSES = ['attributed', 'unattributed', 'refunded', 'partially_refunded'] as const;
export type ConversionStatus = (typeof CONVERSION_STATUSES)[number];

/** A click as the database knows it, with what the commission on it would depend on. */
export interface ClickContext {
  facts: ClickFacts;
  brandId: string;
  lockDays: number;
  terms: CommissionTerms;
  /** The currency the clicked link's influencer is paid in. */
  payoutCurrency: string;
  productTitle: string;
}

export interface Stored<TAnswer> {
  requestHash: string;
  answer: TAnswer;
}

/** A vendor's order and whom it was attributed to: what every view of a conversion shares. */
export interface AttributedOrder {
  vendorId: string;
  orderId: string;
  clickId: string | null;
  linkId: string | null;
  influencerId: string | null;
  productId: string | null;
  /** Minor units of `currency`. */
  amount: number;
  currency: string;
}

export interface NewConversion extends AttributedOrder {
  status: 'attributed' | 'unattributed';
  /** The buyer reference as our keyed hash (buyer-ref.ts); null when the vendor sent none. */
  buyerHash: string | null;
  /** Credited through the influencer's own click (their device carries the owner mark). */
  selfPurchase: boolean;
  attributionReason: UnattributedReason | null;
  /** How it was credited; null when unattributed. */
  attributedBy: AttributedBy | null;
  /** The promo code the vendor reported (upper case), kept whether or not it credited anyone. */
  promoCode: string | null;
  items: unknown[] | null;
  occurredAt: Date;
  receivedAt: Date;
  requestHash: string;
  /** The rate that converted the commission into the influencer's payout currency; null when unattributed. */
  fx: AppliedRate | null;
}

export interface NewCommission {
  conversionId: string;
  influencerId: string;
  brandId: string;
  quote: CommissionQuote;
  currency: string;
  /** The influencer's side: `quote.amount` converted at `rateE9`. */
  payout: { amount: number; currency: string; rateE9: number };
  approvesAt: Date;
  createdAt: Date;
  /** On hold from the start (order-checks.ts), or null. */
  hold: HoldState | null;
  /** The campaign bonus inside `quote.amount + bonus.amount`, or null. */
  bonus: AppliedBonus | null;
}

/** A conversion row held under a lock until the transaction ends. */
export interface LockedConversion {
  id: string;
  amount: number;
  refundedAmount: number;
  currency: string;
  status: ConversionStatus;
}

/** A commission row held under a lock until the transaction ends. */
export interface LockedCommission {
  id: string;
  kind: 'sale' | 'override';
  influencerId: string;
  amount: number;
  reversedAmount: number;
  currency: string;
  status: CommissionStatus;
  /** The influencer's side, in the payout currency. */
  payoutAmount: number;
  reversedPayoutAmount: number;
  payoutCurrency: string;
  fxRateE9: number;
  /** For an override: the rate it takes of its source (bps) and the source commission. */
  rateBps: number;
  sourceCommissionId: string | null;
  /** The campaign whose bonus is part of `amount`, and that bonus (0 without one). */
  campaignId?: string | null;
  bonusAmount?: number;
}

export interface NewRefund {
  conversionId: string;
  amount: number;
  reason: string | null;
  refundKey: string | null;
  requestHash: string;
  createdAt: Date;
}

/** The writes of a conversion or refund; every call runs inside one database transaction. */
export interface ConversionTx extends CampaignMoneyTx {
  /** Inserts the conversion unless the vendor already reported this order; then `undefined`. */
  insertConversionOnce(row: NewConversion): Promise<string | undefined>;
  findConversionAnswer(vendorId: string, orderId: string): Promise<Stored<ConversionAnswer> | undefined>;
  saveConversionAnswer(conversionId: string, answer: ConversionAnswer): Promise<void>;
  insertCommission(row: NewCommission): Promise<string>;
  /** Writes a balanced transaction's lines together. */
  postLedger(transaction: LedgerTransaction): Promise<void>;

  /**
   * Waits while settlement moves balances into payouts (the settlement lock, shared): a
   * reversal is then either counted in a payout's amount or clawed back after it, never lost
   * between the two. `busy` when settlement holds it too long.
   */
  waitForSettlement(): Promise<void>;
  /** Locks the order's conversion row so that concurrent refunds take turns. */
  lockConversionByOrder(vendorId: string, orderId: string): Promise<LockedConversion | undefined>;
  lockCommissions(conversionId: string): Promise<LockedCommission[]>;
  /**
   * Locks the overrides earned on these commissions. A separate statement from
   * `lockCommissions` on purpose: it sees an override that settlement committed while this
   * transaction waited for the lock on its source.
   */
  lockOverrides(sourceCommissionIds: string[]): Promise<LockedCommission[]>;
  findRefundAnswer(conversionId: string, refundKey: string): Promise<Stored<RefundAnswer> | undefined>;
  updateConversionRefunds(conversionId: string, change: { refundedAmount: number; status: ConversionStatus }): Promise<void>;
  updateCommissionReversal(commissionId: string, change: { reversedAmount: number; reversedPayoutAmount: number; status: CommissionStatus; reversedAt: Date | null }): Promise<void>;
  insertRefund(row: NewRefund): Promise<string>;
  saveRefundAnswer(refundId: string, answer: RefundAnswer): Promise<void>;
}

/** What the conversion and refund services need from storage (implemented in db/). */
export interface ConversionStore extends PromoLookup {
  findConversionAnswer(vendorId: string, orderId: string): Promise<Stored<ConversionAnswer> | undefined>;
  /** The click with this id (any month), or undefined. */
  findClickContext(clickId: string): Promise<ClickContext | undefined>;
  /**
   * The order id of another attributed order of this vendor by the buyer with this hash that
   * occurred within [from, to], or undefined.
   */
  findOtherOrderOfBuyer(vendorId: string, buyerHash: string, orderId: string, from: Date, to: Date): Promise<string | undefined>;
  /** The rate from `base` to `quote` in force at `at` (direct, else the inverse of the reverse pair); undefined when none is known. */
  findFxRate(base: string, quote: string, at: Date): Promise<AppliedRate | undefined>;
  /** Runs `work` in one database transaction; an error rolls all of it back. */
  transaction<T>(work: (tx: ConversionTx) => Promise<T>): Promise<T>;
}

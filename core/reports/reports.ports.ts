import type { Scope } from '../access/access.ts';
import type { ClickFlag } from '../clicks/click-flags.ts';
import type { CommissionKind, CommissionStatus } from '../commissions/commission.ts';
import type { AttributedOrder, ConversionStatus } from '../conversions/conversions.ports.ts';
import type { Page, PageQuery, TimeRange } from '../shared/paging.ts';

// Read models of what happened (clicks, conversions, commissions), for the admin API's
// reports. Money is in integer minor units of `currency`.

/** A click on a tracked link; its id is the `dc_click` value the vendor receives. */
export interface ClickReport {
  id: string;
  linkId: string;
  influencerId: string;
  productId: string;
  clickedAt: Date;
  /** Counts for stats and tiers (not a duplicate, not a bot, not a self-click). */
  counted: boolean;
  /** Same visitor and link within 24 h. */
  duplicate: boolean;
  bot: boolean;
  selfClick: boolean;
  /** Why it is not counted, the first rule that applies (core/clicks/click-flags.ts); null when counted. */
  flag: ClickFlag | null;
}

/** A vendor's order as reported, with its attribution. */
export interface ConversionReport extends AttributedOrder {
  id: string;
  refundedAmount: number;
  status: ConversionStatus;
  attributionReason: string | null;
  selfPurchase: boolean;
  occurredAt: Date;
  receivedAt: Date;
  /** Some commission of the order is on hold for review; the first hold's reason and time. */
  held: boolean;
  holdReason: string | null;
  heldAt: Date | null;
  /** Set when an admin marked the order as fraud (its commissions reversed). */
  fraudAt: Date | null;
  fraudReason: string | null;
  /** The attributed influencer's display name (vendors see it too, as on their leaderboard); null when unattributed. */
  influencerName: string | null;
  /** The attributed link's code and group label; null without a link. */
  linkCode: string | null;
  linkGroupLabel: string | null;
}

/** A commission earned on a conversion (a sale) or on a recruit's commission (an override). */
export interface CommissionReport {
  id: string;
  conversionId: string;
  influencerId: string;
  brandId: string;
  kind: CommissionKind;
  baseAmount: number;
  amount: number;
  reversedAmount: number;
  currency: string;
  /** The rate applied, tier multiplier included. */
  rateBps: number;
  baseRateBps: number;
  tierId: string | null;
  tierMultiplierBps: number;
  status: CommissionStatus;
  payoutId: string | null;
  approvesAt: Date;
  createdAt: Date;
  approvedAt: Date | null;
  reversedAt: Date | null;
  /** On hold for review: approval and payouts leave it alone until released. */
  held: boolean;
  holdReason: string | null;
  heldAt: Date | null;
  /** The actor who held it. */
  heldBy: string | null;
}

/** Clicks by click time. */
export interface ClickFilter extends TimeRange {
  linkId?: string;
  influencerId?: string;
  productId?: string;
  counted?: boolean;
}

/** Conversions by the time the order happened. */
export interface ConversionFilter extends TimeRange {
  status?: ConversionStatus;
  influencerId?: string;
  /** true: only orders with a commission on hold; false: none on hold. */
  held?: boolean;
}

/** Commissions by the time they were earned. */
export interface CommissionFilter extends TimeRange {
  status?: CommissionStatus;
  influencerId?: string;
  held?: boolean;
  /** The commissions of one order (its sales and the overrides on them). */
  conversionId?: string;
}

/**
 * The report queries; `scope` is part of every one of them: a vendor sees the clicks on its
 * products, its own conversions and the commissions on its brands. Lists are newest first,
 * by keyset on id. db/lists.repository.ts implements it.
 */
export interface ReportReads {
  listClicks(scope: Scope, filter: ClickFilter, page: PageQuery): Promise<Page<ClickReport>>;
  listConversions(scope: Scope, filter: ConversionFilter, page: PageQuery): Promise<Page<ConversionReport>>;
  findConversion(scope: Scope, id: string): Promise<ConversionReport | undefined>;
  listCommissions(scope: Scope, filter: CommissionFilter, page: PageQuery): Promise<Page<CommissionReport>>;
  findCommission(scope: Scope, id: string): Promise<CommissionReport | undefined>;
}

import type { Scope } from '../access/access.ts';
import type { AuditLog } from '../audit/audit.ports.ts';
import type { Page, PageQuery } from '../shared/paging.ts';
import type { Campaign, CampaignEndReason, CampaignStatus, NewCampaign } from './campaign.ts';

/** A campaign as the console shows it: with who joined, what they sold, and the bonus spent so far. */
export interface CampaignListing extends Campaign {
  brandName: string;
  members: number;
  /** Orders credited with this campaign's bonus (refunded ones included). */
  sales: number;
  /** Sum of those orders, in the campaign's currency. */
  salesAmount: number;
}

export interface CampaignMember {
  influencerId: string;
  displayName: string;
  promoCode: string | null;
  joinedAt: Date;
  sales: number;
  /** Bonus earned, net of refunds. */
  bonusAmount: number;
}

export interface CampaignFilter {
  status?: CampaignStatus;
  brandId?: string;
}

/** Campaigns as a caller may see them: the scope is in every query, so another vendor's campaign does not exist. */
export interface CampaignReader {
  findCampaign(scope: Scope, id: string): Promise<CampaignListing | undefined>;
  listCampaigns(scope: Scope, filter: CampaignFilter, page: PageQuery): Promise<Page<CampaignListing>>;
  listMembers(scope: Scope, campaignId: string): Promise<CampaignMember[]>;
}

/** A brand of the caller's scope with the ids among `productIds` that are its products. */
export interface CampaignBrand {
  id: string;
  vendorId: string;
  productIds: string[];
}

export interface CampaignStore extends CampaignReader {
  findBrandInScope(scope: Scope, brandId: string, productIds: readonly string[]): Promise<CampaignBrand | undefined>;
  /** Inserts a campaign; undefined when a live campaign already uses its promo code. */
  insertCampaign(vendorId: string, campaign: NewCampaign): Promise<string | undefined>;
  /** Locks the campaign (scoped) for a status change. */
  lockCampaign(scope: Scope, id: string): Promise<Campaign | undefined>;
  /** Undefined when reopening clashes with a live campaign's promo code. */
  setStatus(id: string, status: CampaignStatus, endReason: CampaignEndReason | null, at: Date): Promise<true | undefined>;
}

export interface CampaignStores {
  campaigns: CampaignStore;
  audit: AuditLog;
}

/** An open campaign as an influencer sees it in chat. */
export interface ChatCampaign {
  id: string;
  title: string;
  brandName: string;
  bonus: Campaign['bonus'];
  currency: string;
  startsAt: Date;
  endsAt: Date;
  /** The campaign's code, when it has one (members get their own code built on it). */
  hasPromoCode: boolean;
  /** Null until the influencer joins; then their own code (null for a campaign without codes). */
  joined: { promoCode: string | null } | null;
}

/** What `/campaigns` needs (db/campaigns-chat.repository.ts implements it). */
export interface CampaignChatStore {
  /** Open campaigns running at `now` for brands the influencer is approved to promote, and whether they joined. */
  listOpenCampaigns(influencerId: string, now: Date): Promise<ChatCampaign[]>;
  /** The campaigns the influencer joined, newest first, whatever their status. */
  listJoinedCampaigns(influencerId: string): Promise<(ChatCampaign & { status: CampaignStatus })[]>;
  /** Records the membership with `promoCode`; false when that code is taken (retry with another suffix). Joining twice keeps the first. */
  joinCampaign(campaignId: string, influencerId: string, promoCode: string | null, at: Date): Promise<boolean>;
  /** The campaign's own code (null without one), when it is open for this influencer; undefined otherwise. */
  findJoinable(influencerId: string, campaignId: string, now: Date): Promise<{ promoCode: string | null } | undefined>;
  /** Per campaign, the influencer's sales carrying its bonus since `from` (null: ever) and the bonus net of refunds, in the campaign's currency. */
  campaignEarnings(influencerId: string, from: Date | null): Promise<{ title: string; sales: number; bonus: number; currency: string }[]>;
}

/** The bonus campaign of a credited order, with what the commission records of it. */
export interface CampaignCredit {
  campaignId: string;
  bonus: Campaign['bonus'];
  currency: string;
}

/** The campaign's side of a conversion and a refund, inside their transaction. */
export interface CampaignMoneyTx {
  /**
   * The campaign (at most one, the oldest) that pays a bonus on this order: open, `occurredAt`
   * within its dates, of the brand (and product, when it names some), joined by the influencer.
   */
  findCampaignFor(order: { vendorId: string; brandId: string; productId: string | null; influencerId: string; occurredAt: Date }): Promise<CampaignCredit | undefined>;
  /**
   * Reserves up to `amount` of the campaign's remaining budget, under the campaign row's lock:
   * answers what was reserved (less than asked when the cap is near, 0 when it is reached or
   * the campaign is no longer open). A reservation that reaches the cap ends the campaign `spent`.
   */
  reserveBudget(campaignId: string, amount: number, at: Date): Promise<number>;
  /** Gives back `amount` of reserved budget (a refund); a campaign ended `spent` opens again while it runs. */
  releaseBudget(campaignId: string, amount: number, at: Date): Promise<void>;
}

/** A member's promo code, resolved for an order of `vendorId`. */
export interface PromoCredit {
  campaign: Pick<Campaign, 'id' | 'status' | 'startsAt' | 'endsAt' | 'productIds' | 'brandId' | 'bonus' | 'currency'>;
  influencerId: string;
  influencerActive: boolean;
  payoutCurrency: string;
  lockDays: number;
  brandRateBps: number;
  tierId: string | null;
  tierMultiplierBps: number | null;
}

import type { CommissionQuote, CommissionTerms } from '../commissions/commission.ts';
import { bonusBeforeCap, campaignCovers, campaignRunsAt, normalisePromoCode } from './campaign.ts';
import type { CampaignCredit, CampaignMoneyTx, PromoCredit } from './campaigns.ports.ts';

/** Whom an order is credited to when no click earns it but it names a member's promo code. */
export interface PromoAttribution {
  influencerId: string;
  brandId: string;
  productId: string | null;
  productTitle: string;
  lockDays: number;
  terms: CommissionTerms;
  payoutCurrency: string;
  campaign: CampaignCredit;
  promoCode: string;
}

/** What the store finds for a member's promo code of this vendor's campaign, with the ordered product of its brand. */
export interface PromoLookup {
  findPromoCredit(vendorId: string, promoCode: string, skus: readonly string[]): Promise<(PromoCredit & { product: { id: string; rateBps: number | null; title: string } | null; brandName: string }) | undefined>;
}

/**
 * Credits an order to the member whose promo code it names, when the code belongs to a
 * campaign of the reporting vendor that is open and runs at `occurredAt`, the member is active,
 * and the order's product (the first item whose sku is a product of the brand) is one the
 * campaign covers (any product of the brand, or none named, for a whole-brand campaign).
 * Undefined otherwise: the order stays unattributed with its click's reason.
 */
export async function attributeByPromoCode(
  store: PromoLookup, order: { vendorId: string; promoCode: string; occurredAt: Date; skus: readonly string[] },
): Promise<PromoAttribution | undefined> {
  const code = normalisePromoCode(order.promoCode);
  const found = await store.findPromoCredit(order.vendorId, code, order.skus);
  if (!found || !found.influencerActive || !campaignRunsAt(found.campaign, order.occurredAt)) return undefined;
  const productId = found.product?.id ?? null;
  if (!campaignCovers(found.campaign, productId)) return undefined;
  return {
    influencerId: found.influencerId,
    brandId: found.campaign.brandId,
    productId,
    productTitle: found.product?.title ?? found.brandName,
    lockDays: found.lockDays,
    terms: { productRateBps: found.product?.rateBps ?? null, brandRateBps: found.brandRateBps, tierId: found.tierId, tierMultiplierBps: found.tierMultiplierBps },
    payoutCurrency: found.payoutCurrency,
    campaign: { campaignId: found.campaign.id, bonus: found.campaign.bonus, currency: found.campaign.currency },
    promoCode: code,
  };
}

/** The bonus a commission carries: its campaign, the rate or fee applied, and the amount that fit the cap. */
export interface AppliedBonus {
  campaignId: string;
  rateBps: number | null;
  fee: number | null;
  amount: number;
}

/**
 * Reserves the campaign's bonus on a credited order and answers what was applied, or null. The
 * campaign is the promo code's, else the one the influencer joined that covers this order
 * (`findCampaignFor`). Only an order in the campaign's currency earns its bonus (the cap is
 * kept in that currency). The reservation is atomic in the database: under concurrent orders
 * the bonuses never sum past the cap; one that does not fit is cut to what is left, and
 * nothing is recorded when nothing is left.
 */
export async function reserveCampaignBonus(
  tx: CampaignMoneyTx,
  order: { vendorId: string; brandId: string; productId: string | null; influencerId: string; occurredAt: Date; amount: number; currency: string; now: Date },
  quote: CommissionQuote,
  promoCampaign: CampaignCredit | undefined,
): Promise<AppliedBonus | null> {
  const campaign = promoCampaign ?? await tx.findCampaignFor(order);
  if (!campaign || campaign.currency !== order.currency) return null;
  const wanted = bonusBeforeCap(campaign.bonus, order.amount, quote.amount);
  if (wanted === 0) return null;
  const reserved = await tx.reserveBudget(campaign.campaignId, wanted, order.now);
  if (reserved === 0) return null;
  return {
    campaignId: campaign.campaignId,
    rateBps: campaign.bonus.kind === 'rate' ? campaign.bonus.rateBps : null,
    fee: campaign.bonus.kind === 'fee' ? campaign.bonus.amount : null,
    amount: reserved,
  };
}

import { applyBps, isKnownCurrency, proportion } from '../money/money.ts';
import { ValidationError } from '../shared/errors.ts';

/** A campaign's life: draft → open ⇄ paused → ended (by its vendor, an admin, or its spent cap). */
export const CAMPAIGN_STATUSES = ['draft', 'open', 'paused', 'ended'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

/** Why an ended campaign ended: stopped by a person, or its spend cap reached. */
export type CampaignEndReason = 'ended' | 'spent';

/** How an order was credited to an influencer. */
export type AttributedBy = 'click' | 'promo_code';

/** The bonus on top of the normal commission: an extra rate, or a fixed fee per sale in the campaign's currency. */
export type CampaignBonus = { kind: 'rate'; rateBps: number } | { kind: 'fee'; amount: number };

export interface Campaign {
  id: string;
  vendorId: string;
  brandId: string;
  title: string;
  /** Null: every product of the brand. */
  productIds: string[] | null;
  startsAt: Date;
  endsAt: Date;
  bonus: CampaignBonus;
  /** Of the fee, the cap and what is spent. */
  currency: string;
  promoCode: string | null;
  spendCap: number;
  spent: number;
  status: CampaignStatus;
  endReason: CampaignEndReason | null;
  createdAt: Date;
}

/** A campaign as a vendor or an admin sends it (already shape-checked by the adapter). */
export interface CampaignInput {
  brandId: string;
  title: string;
  productIds?: string[];
  startsAt: string;
  endsAt: string;
  bonusRateBps?: number;
  bonusFee?: number;
  currency: string;
  promoCode?: string;
  spendCap: number;
  /** Default `draft`; `open` publishes it at once. */
  status?: 'draft' | 'open';
}

export type NewCampaign = Omit<Campaign, 'id' | 'spent' | 'endReason' | 'createdAt' | 'vendorId'> & { createdBy: string };

const PROMO_CODE = /^[A-Z0-9]{3,20}$/;
const MAX_SPEND_CAP = Number.MAX_SAFE_INTEGER;

/** A promo code as it is stored and compared: upper case, trimmed. */
export function normalisePromoCode(code: string): string {
  return code.trim().toUpperCase();
}

/**
 * Checks a campaign body as a whole and lists every problem at once (`validation_failed` with
 * `details.problems[]`, each naming its field), so a vendor fixes the form in one go.
 */
export function checkCampaignInput(input: CampaignInput): Omit<NewCampaign, 'createdBy'> {
  const problems: { field: string; problem: string }[] = [];
  const problem = (field: string, message: string) => problems.push({ field, problem: message });
  const title = input.title.trim();
  if (title === '') problem('title', 'must not be empty');
  const startsAt = new Date(input.startsAt);
  const endsAt = new Date(input.endsAt);
  if (Number.isNaN(startsAt.getTime())) problem('startsAt', 'is not a date (RFC 3339)');
  if (Number.isNaN(endsAt.getTime())) problem('endsAt', 'is not a date (RFC 3339)');
  if (!Number.isNaN(startsAt.getTime()) && !Number.isNaN(endsAt.getTime()) && endsAt <= startsAt) problem('endsAt', 'must be after startsAt');
  const hasRate = input.bonusRateBps !== undefined;
  const hasFee = input.bonusFee !== undefined;
  if (hasRate === hasFee) problem('bonusRateBps', 'give exactly one of bonusRateBps (an extra rate) or bonusFee (a fixed fee per sale)');
  if (hasRate && (!Number.isInteger(input.bonusRateBps) || input.bonusRateBps! < 1 || input.bonusRateBps! > 10_000)) problem('bonusRateBps', 'must be an integer from 1 to 10000 basis points');
  if (hasFee && (!Number.isSafeInteger(input.bonusFee) || input.bonusFee! < 1)) problem('bonusFee', 'must be a positive integer in minor units');
  if (!isKnownCurrency(input.currency)) problem('currency', 'is not an ISO 4217 currency we settle in');
  if (!Number.isSafeInteger(input.spendCap) || input.spendCap < 1 || input.spendCap > MAX_SPEND_CAP) problem('spendCap', 'must be a positive integer in minor units');
  const promoCode = input.promoCode === undefined ? null : normalisePromoCode(input.promoCode);
  if (promoCode !== null && !PROMO_CODE.test(promoCode)) problem('promoCode', 'must be 3 to 20 letters A-Z or digits');
  if (input.productIds !== undefined && input.productIds.length === 0) problem('productIds', 'must name at least one product, or be left out for the whole brand');
  if (problems.length > 0) {
    throw new ValidationError(`The campaign has ${problems.length} problem(s): ${problems.map((p) => `${p.field} ${p.problem}`).join('; ')}`, { problems });
  }
  return {
    brandId: input.brandId, title, productIds: input.productIds ? [...new Set(input.productIds)] : null, startsAt, endsAt,
    bonus: hasRate ? { kind: 'rate', rateBps: input.bonusRateBps! } : { kind: 'fee', amount: input.bonusFee! },
    currency: input.currency, promoCode, spendCap: input.spendCap, status: input.status ?? 'draft',
  };
}

/** The status changes a person may make, from each status. An ended campaign stays ended. */
const MOVES: Readonly<Record<CampaignStatus, readonly CampaignStatus[]>> = {
  draft: ['open', 'ended'],
  open: ['paused', 'ended'],
  paused: ['open', 'ended'],
  ended: [],
};

export function canMove(from: CampaignStatus, to: CampaignStatus): boolean {
  return MOVES[from].includes(to);
}

/** Whether a campaign credits and pays an order that occurred at `at`: open, and `at` within its dates. */
export function campaignRunsAt(campaign: Pick<Campaign, 'status' | 'startsAt' | 'endsAt'>, at: Date): boolean {
  return campaign.status === 'open' && at >= campaign.startsAt && at < campaign.endsAt;
}

/** Whether a campaign covers a product of its brand (every product when it names none). */
export function campaignCovers(campaign: Pick<Campaign, 'productIds'>, productId: string | null): boolean {
  if (campaign.productIds === null) return true;
  return productId !== null && campaign.productIds.includes(productId);
}

/**
 * The bonus an order earns before the cap: the extra rate on the order amount, or the fixed fee.
 * Never more than what is left of the order after the normal commission (a commission never
 * exceeds the order).
 */
export function bonusBeforeCap(bonus: CampaignBonus, orderAmount: number, normalCommission: number): number {
  const wanted = bonus.kind === 'rate' ? applyBps(orderAmount, bonus.rateBps) : bonus.amount;
  return Math.max(0, Math.min(wanted, orderAmount - normalCommission));
}

/**
 * How much of a commission's bonus stands reversed once `totalRefunded` of the order is
 * refunded: the same proportion as the rest of the commission, from the cumulative refund.
 */
export function bonusReversedAfterRefund(bonusAmount: number, totalRefunded: number, orderAmount: number): number {
  return totalRefunded >= orderAmount ? bonusAmount : proportion(bonusAmount, totalRefunded, orderAmount);
}

/** A member's personal code: the campaign's code, a dash, and a suffix of their own. */
export function memberPromoCode(campaignCode: string, suffix: string): string {
  return `${campaignCode}-${suffix}`.toUpperCase();
}

import { attributeConversion, heldFlagOf, reasonToldToVendor, type Attribution } from './attribution.ts';
import { hashBuyerRef } from './buyer-ref.ts';
import { FRAUD_RULES_ACTOR, holdReasonOf, orderSuspicions, REPEAT_BUYER_DAYS } from './order-checks.ts';
import type { HoldState } from '../settlement/review.ports.ts';
import type { Clock } from '../shared/clock.ts';
import { commissionApprovesAt, quoteCommission } from '../commissions/commission.ts';
import type { ClickContext, ConversionAnswer, ConversionStore, ConversionTx, NewConversion, Stored } from './conversions.ports.ts';
import { ValidationError } from '../shared/errors.ts';
import { convertMinor, IDENTITY_RATE_E9, type AppliedRate } from '../money/fx.ts';
import { replayOrConflict, requestHash } from '../shared/idempotency.ts';
import { commissionAccrualPosting } from '../ledger/ledger.ts';
import { assertCurrency, assertMinorUnits } from '../money/money.ts';
import { notifyAfterCommit } from '../notifications/notify-after-commit.ts';
import { silentNotifier, type InfluencerNotification, type Notifier } from '../notifications/notifications.ts';
import { SIGNATURE_TOLERANCE_SECONDS } from '../vendors/vendor-signature.ts';
import { attributeByPromoCode, reserveCampaignBonus, type PromoAttribution } from '../campaigns/campaign-credit.ts';
import { normalisePromoCode } from '../campaigns/campaign.ts';
import type { CommissionTerms } from '../commissions/commission.ts';

/** A line of the order, as the vendor reports it; kept for the record, not used in the sums. */
export interface ConversionItem {
  sku: string;
  quantity?: number;
  amount?: number;
  title?: string;
}

/** A vendor's order report, already shape-checked by the adapter. */
export interface ConversionInput {
  orderId: string;
  clickId?: string;
  amount: number;
  currency: string;
  /** RFC 3339; defaults to the moment the report arrives. */
  occurredAt?: string;
  items?: ConversionItem[];
  /** The vendor's stable reference to its buyer (customer id, email hash): kept only as our keyed hash, to find repeat orders. */
  buyerRef?: string;
  /**
   * A campaign member's personal promo code the shopper used: credits the order to that
   * influencer when no click earns it (core/campaigns/campaign-credit.ts).
   */
  promoCode?: string;
}

/** Whom a credited order pays, whether a click or a promo code credited it. */
interface Credit {
  influencerId: string;
  brandId: string;
  productId: string | null;
  productTitle: string;
  lockDays: number;
  terms: CommissionTerms;
  payoutCurrency: string;
  promo: PromoAttribution | undefined;
}

/** How `recordConversion` treats what it is given beyond the order. */
export interface ConversionOptions {
  /** Key of the buyer reference's hash (buyer-ref.ts); the CLI derives it from the secret key. */
  buyerRefKey?: string;
}

/**
 * Records a vendor's order once and answers it: attributed to the click the vendor names (see
 * `attributeConversion`) with a pending commission and its ledger posting, or recorded
 * unattributed with the reason (the vendor is told `unknown_click` for another vendor's click;
 * the conversion row keeps the true reason for staff). Idempotent per (vendor, orderId): the unique constraint picks
 * one winner among concurrent reports; a replay of the same body gets the first answer back,
 * a different body for the same order is refused with `idempotency_conflict`.
 *
 * The commission is earned in the order's currency (what the vendor owes) and owed to the
 * influencer in their payout currency, converted at the rate in force when the order arrives
 * (see core/money/fx.ts); the rate is stored with the conversion. With no rate known for the pair,
 * the influencer is owed the order's currency and is paid in it. The influencer is told of
 * the sale (`sale_pending`) once it is committed; a replay tells nobody.
 *
 * A commission on an order that looks wrong (order-checks.ts: the click was the influencer's
 * own, from a data centre or a flood; the order came seconds after the click; the same buyer
 * ordered within 30 days) is recorded on hold, with the reason, by `system:fraud-rules`: approval
 * leaves it alone until an admin releases or reverses it. The vendor's answer does not say so.
 */
export async function recordConversion(
  store: ConversionStore, clock: Clock, vendorId: string, input: ConversionInput, notifier: Notifier = silentNotifier,
  options: ConversionOptions = {},
): Promise<ConversionAnswer> {
  const now = clock.now();
  const occurredAt = checkOccurredAt(input.occurredAt, now);
  assertCurrency(input.currency);
  assertMinorUnits(input.amount, 'amount', { allowZero: false });
  const buyerHash = input.buyerRef === undefined ? null : hashBuyerRef(options.buyerRefKey ?? '', vendorId, input.buyerRef);
  const hash = requestHash(canonicalConversion(input, buyerHash));

  // Replays are the common case under retries: answer them without touching the click.
  const earlier = await store.findConversionAnswer(vendorId, input.orderId);
  if (earlier) return replayOf(earlier, hash, input.orderId);

  const clickId = input.clickId?.toLowerCase();
  const context = clickId === undefined ? undefined : await store.findClickContext(clickId);
  const attribution = attributeConversion({ vendorId, clickId, occurredAt, click: context?.facts });
  // Last click wins; a promo code credits only an order no click earned.
  const promo = !attribution.attributed && input.promoCode !== undefined
    ? await attributeByPromoCode(store, { vendorId, promoCode: input.promoCode, occurredAt, skus: (input.items ?? []).map((i) => i.sku) })
    : undefined;
  const credit = creditOf(attribution, context, promo);
  const fx = credit ? await rateForCommission(store, input.currency, credit.payoutCurrency, now) : null;
  const hold = attribution.attributed && context ? await fraudHold(store, { vendorId, input, buyerHash, occurredAt, now, context }) : null;
  const selfPurchase = attribution.attributed && context !== undefined && heldFlagOf(context.facts) === 'self';
  const row = conversionRow(vendorId, input, attribution, promo, occurredAt, now, hash, fx, { buyerHash, selfPurchase });

  const notifications: InfluencerNotification[] = [];
  const answer = await store.transaction(async (tx) => {
    const conversionId = await tx.insertConversionOnce(row);
    if (conversionId === undefined) {
      // Another report of this order won the race; it has committed by now (the insert waited for it).
      const winner = await tx.findConversionAnswer(vendorId, input.orderId);
      if (!winner) throw new Error(`Conversion ${input.orderId} conflicted but cannot be read back`);
      return replayOf(winner, hash, input.orderId);
    }
    const commission = credit && fx
      ? await accrueCommission(tx, { vendorId, conversionId, credit, input, occurredAt, now, fx, hold, notifications })
      : null;
    const answer: ConversionAnswer = {
      conversionId,
      status: credit ? 'attributed' : 'unattributed',
      attributed: credit !== undefined,
      attributionReason: credit || attribution.attributed ? null : reasonToldToVendor(attribution.reason),
      ...(promo ? { attributedBy: 'promo_code' as const } : {}),
      commission,
    };
    await tx.saveConversionAnswer(conversionId, answer);
    return answer;
  });
  await notifyAfterCommit(notifier, notifications);
  return answer;
}

/** The hold the fraud rules put on the order's commission, or null when nothing about it looks wrong. */
async function fraudHold(
  store: ConversionStore,
  c: { vendorId: string; input: ConversionInput; buyerHash: string | null; occurredAt: Date; now: Date; context: ClickContext },
): Promise<HoldState | null> {
  const days = REPEAT_BUYER_DAYS * 24 * 60 * 60 * 1000;
  const otherOrder = c.buyerHash === null ? undefined : await store.findOtherOrderOfBuyer(
    c.vendorId, c.buyerHash, c.input.orderId, new Date(c.occurredAt.getTime() - days), new Date(c.occurredAt.getTime() + days),
  );
  const suspicions = orderSuspicions({
    clickedAt: c.context.facts.clickedAt, occurredAt: c.occurredAt, clickFlag: heldFlagOf(c.context.facts), otherOrderOfBuyer: otherOrder ?? null,
  });
  return suspicions.length === 0 ? null : { heldAt: c.now, holdReason: holdReasonOf(suspicions), heldBy: FRAUD_RULES_ACTOR };
}

/** The rate into the influencer's payout currency: exactly 1 for the same currency; none known keeps the order's currency. */
async function rateForCommission(store: ConversionStore, currency: string, payoutCurrency: string, now: Date): Promise<AppliedRate> {
  const identity: AppliedRate = { base: currency, quote: currency, rateE9: IDENTITY_RATE_E9, validFrom: null };
  if (payoutCurrency === currency) return identity;
  return (await store.findFxRate(currency, payoutCurrency, now)) ?? identity;
}

/** The credited order's influencer and terms: from the click that earned it, else from the promo code. */
function creditOf(attribution: Attribution, context: ClickContext | undefined, promo: PromoAttribution | undefined): Credit | undefined {
  if (attribution.attributed && context) {
    return {
      influencerId: attribution.click.influencerId, brandId: context.brandId, productId: attribution.click.productId, productTitle: context.productTitle,
      lockDays: context.lockDays, terms: context.terms, payoutCurrency: context.payoutCurrency, promo: undefined,
    };
  }
  return promo && { ...promo, promo };
}

async function accrueCommission(
  tx: ConversionTx,
  c: {
    vendorId: string; conversionId: string; credit: Credit; input: ConversionInput;
    occurredAt: Date; now: Date; fx: AppliedRate; hold: HoldState | null; notifications: InfluencerNotification[];
  },
): Promise<ConversionAnswer['commission']> {
  const { credit } = c;
  const quote = quoteCommission(c.input.amount, credit.terms);
  const bonus = await reserveCampaignBonus(tx, {
    vendorId: c.vendorId, brandId: credit.brandId, productId: credit.productId, influencerId: credit.influencerId,
    occurredAt: c.occurredAt, amount: c.input.amount, currency: c.input.currency, now: c.now,
  }, quote, credit.promo?.campaign);
  // The bonus rides inside the commission: one amount to approve, pay and reverse, its part recorded beside it.
  const amount = quote.amount + (bonus?.amount ?? 0);
  const approvesAt = commissionApprovesAt(c.occurredAt, credit.lockDays);
  const influencerId = credit.influencerId;
  const payout = { amount: convertMinor(amount, c.fx.rateE9, c.fx.base, c.fx.quote), currency: c.fx.quote, rateE9: c.fx.rateE9 };
  const id = await tx.insertCommission({
    conversionId: c.conversionId, influencerId, brandId: credit.brandId, quote: { ...quote, amount }, currency: c.input.currency, payout, approvesAt, createdAt: c.now,
    hold: c.hold, bonus,
  });
  // A 0 bps rate still records who earned the order, but moves no money.
  if (amount > 0) {
    await tx.postLedger(commissionAccrualPosting({
      commissionId: id, vendorId: c.vendorId, influencerId, amount, currency: c.input.currency, payout: { amount: payout.amount, currency: payout.currency },
    }));
  }
  c.notifications.push({ kind: 'sale_pending', influencerId, commissionId: id, amount: payout.amount, currency: payout.currency, productTitle: credit.productTitle });
  return {
    id, amount, currency: c.input.currency, rateBps: quote.rateBps, status: 'pending', approvesAt: approvesAt.toISOString(),
    ...(bonus ? { bonus: { campaignId: bonus.campaignId, amount: bonus.amount } } : {}),
  };
}

function conversionRow(
  vendorId: string, input: ConversionInput, attribution: Attribution, promo: PromoAttribution | undefined, occurredAt: Date, now: Date, hash: string,
  fx: AppliedRate | null, buyer: { buyerHash: string | null; selfPurchase: boolean },
): NewConversion {
  const click = attribution.attributed ? attribution.click : undefined;
  const credited = click !== undefined || promo !== undefined;
  return {
    ...buyer,
    vendorId,
    orderId: input.orderId,
    clickId: click ? click.id : attribution.attributed ? null : attribution.clickId,
    linkId: click?.linkId ?? null,
    influencerId: click?.influencerId ?? promo?.influencerId ?? null,
    productId: click?.productId ?? promo?.productId ?? null,
    amount: input.amount,
    currency: input.currency,
    status: credited ? 'attributed' : 'unattributed',
    attributionReason: credited || attribution.attributed ? null : attribution.reason,
    attributedBy: click ? 'click' : promo ? 'promo_code' : null,
    promoCode: input.promoCode === undefined ? null : normalisePromoCode(input.promoCode),
    items: input.items ?? null,
    occurredAt,
    receivedAt: now,
    requestHash: hash,
    fx,
  };
}

/**
 * What makes two reports "the same body": the meaning, not the bytes. Key order and
 * whitespace do not matter, nor the case of the click id or the offset occurredAt is written in.
 * The buyer reference enters as its keyed hash, and only when given, so that orders reported
 * before it existed keep their hash (and their replays their answer).
 */
export function canonicalConversion(input: ConversionInput, buyerHash: string | null = null): unknown {
  return {
    ...(buyerHash === null ? {} : { buyer: buyerHash }),
    // Only when given, so that orders reported before promo codes existed keep their hash.
    ...(input.promoCode === undefined ? {} : { promoCode: normalisePromoCode(input.promoCode) }),
    orderId: input.orderId,
    clickId: input.clickId?.toLowerCase() ?? null,
    amount: input.amount,
    currency: input.currency,
    occurredAt: input.occurredAt === undefined ? null : new Date(input.occurredAt).toISOString(),
    items: input.items ?? null,
  };
}

function replayOf(stored: Stored<ConversionAnswer>, hash: string, orderId: string): ConversionAnswer {
  return replayOrConflict(stored, hash, {
    message: `Order ${JSON.stringify(orderId)} was already reported with a different body; a retry must repeat the first body exactly`,
    details: { orderId },
  });
}

/** An order cannot happen after the report about it was signed; the signature's clock tolerance applies. */
function checkOccurredAt(occurredAt: string | undefined, now: Date): Date {
  if (occurredAt === undefined) return now;
  const at = new Date(occurredAt);
  if (Number.isNaN(at.getTime())) {
    throw new ValidationError('occurredAt is not a date; use RFC 3339, e.g. 2026-11-28T10:15:00Z', { field: 'occurredAt', value: occurredAt });
  }
  if (at.getTime() > now.getTime() + SIGNATURE_TOLERANCE_SECONDS * 1000) {
    throw new ValidationError(`occurredAt is in the future (more than ${SIGNATURE_TOLERANCE_SECONDS} s after the server's clock)`, {
      field: 'occurredAt', value: occurredAt, serverTime: now.toISOString(),
    });
  }
  return at;
}

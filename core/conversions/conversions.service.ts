import { attributeConversion, reasonToldToVendor, type Attribution } from './attribution.ts';
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
 */
export async function recordConversion(
  store: ConversionStore, clock: Clock, vendorId: string, input: ConversionInput, notifier: Notifier = silentNotifier,
): Promise<ConversionAnswer> {
  const now = clock.now();
  const occurredAt = checkOccurredAt(input.occurredAt, now);
  assertCurrency(input.currency);
  assertMinorUnits(input.amount, 'amount', { allowZero: false });
  const hash = requestHash(canonicalConversion(input));

  // Replays are the common case under retries: answer them without touching the click.
  const earlier = await store.findConversionAnswer(vendorId, input.orderId);
  if (earlier) return replayOf(earlier, hash, input.orderId);

  const clickId = input.clickId?.toLowerCase();
  const context = clickId === undefined ? undefined : await store.findClickContext(clickId);
  const attribution = attributeConversion({ vendorId, clickId, occurredAt, click: context?.facts });
  const fx = attribution.attributed && context ? await rateForCommission(store, input.currency, context.payoutCurrency, now) : null;
  const row = conversionRow(vendorId, input, attribution, occurredAt, now, hash, fx);

  const notifications: InfluencerNotification[] = [];
  const answer = await store.transaction(async (tx) => {
    const conversionId = await tx.insertConversionOnce(row);
    if (conversionId === undefined) {
      // Another report of this order won the race; it has committed by now (the insert waited for it).
      const winner = await tx.findConversionAnswer(vendorId, input.orderId);
      if (!winner) throw new Error(`Conversion ${input.orderId} conflicted but cannot be read back`);
      return replayOf(winner, hash, input.orderId);
    }
    const commission = attribution.attributed && context && fx
      ? await accrueCommission(tx, { vendorId, conversionId, attribution, context, input, occurredAt, now, fx, notifications })
      : null;
    const answer: ConversionAnswer = {
      conversionId,
      status: attribution.attributed ? 'attributed' : 'unattributed',
      attributed: attribution.attributed,
      attributionReason: attribution.attributed ? null : reasonToldToVendor(attribution.reason),
      commission,
    };
    await tx.saveConversionAnswer(conversionId, answer);
    return answer;
  });
  await notifyAfterCommit(notifier, notifications);
  return answer;
}

/** The rate into the influencer's payout currency: exactly 1 for the same currency; none known keeps the order's currency. */
async function rateForCommission(store: ConversionStore, currency: string, payoutCurrency: string, now: Date): Promise<AppliedRate> {
  const identity: AppliedRate = { base: currency, quote: currency, rateE9: IDENTITY_RATE_E9, validFrom: null };
  if (payoutCurrency === currency) return identity;
  return (await store.findFxRate(currency, payoutCurrency, now)) ?? identity;
}

async function accrueCommission(
  tx: ConversionTx,
  c: {
    vendorId: string; conversionId: string; attribution: Extract<Attribution, { attributed: true }>; context: ClickContext; input: ConversionInput;
    occurredAt: Date; now: Date; fx: AppliedRate; notifications: InfluencerNotification[];
  },
): Promise<ConversionAnswer['commission']> {
  const quote = quoteCommission(c.input.amount, c.context.terms);
  const approvesAt = commissionApprovesAt(c.occurredAt, c.context.lockDays);
  const influencerId = c.attribution.click.influencerId;
  const payout = { amount: convertMinor(quote.amount, c.fx.rateE9, c.fx.base, c.fx.quote), currency: c.fx.quote, rateE9: c.fx.rateE9 };
  const id = await tx.insertCommission({
    conversionId: c.conversionId, influencerId, brandId: c.context.brandId, quote, currency: c.input.currency, payout, approvesAt, createdAt: c.now,
  });
  // A 0 bps rate still records who earned the order, but moves no money.
  if (quote.amount > 0) {
    await tx.postLedger(commissionAccrualPosting({
      commissionId: id, vendorId: c.vendorId, influencerId, amount: quote.amount, currency: c.input.currency, payout: { amount: payout.amount, currency: payout.currency },
    }));
  }
  c.notifications.push({ kind: 'sale_pending', influencerId, commissionId: id, amount: payout.amount, currency: payout.currency, productTitle: c.context.productTitle });
  return { id, amount: quote.amount, currency: c.input.currency, rateBps: quote.rateBps, status: 'pending', approvesAt: approvesAt.toISOString() };
}

function conversionRow(vendorId: string, input: ConversionInput, attribution: Attribution, occurredAt: Date, now: Date, hash: string, fx: AppliedRate | null): NewConversion {
  const click = attribution.attributed ? attribution.click : undefined;
  return {
    vendorId,
    orderId: input.orderId,
    clickId: click ? click.id : attribution.attributed ? null : attribution.clickId,
    linkId: click?.linkId ?? null,
    influencerId: click?.influencerId ?? null,
    productId: click?.productId ?? null,
    amount: input.amount,
    currency: input.currency,
    status: attribution.attributed ? 'attributed' : 'unattributed',
    attributionReason: attribution.attributed ? null : attribution.reason,
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
 */
export function canonicalConversion(input: ConversionInput): unknown {
  return {
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

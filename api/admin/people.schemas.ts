import { storefrontUrl } from '../../core/links/short-link.ts';
import { Type } from 'typebox';
import { CHAT_CHANNELS, INFLUENCER_STATUSES } from '../../core/influencers/influencer-accounts.service.ts';
import type { MoneyTrailEntry, TrailStep } from '../../core/influencers/money-trail.ts';
import { TRAIL_STEP_KINDS } from '../../core/influencers/money-trail.ts';
import type { Influencer as InfluencerModel, InfluencerIdentity } from '../../core/influencers/influencers.ports.ts';
import { LINK_CHANNELS } from '../../core/links/links.service.ts';
import type { SearchResult } from '../../core/reports/support-search.ts';
import { LedgerLine, PayoutSchema, presentLedgerEntry, presentPayout } from './money.schemas.ts';
import { withIsoDates } from './present.ts';
import { Id, MinorUnits, Nullable, StringEnum, Timestamp } from './schemas.ts';

// Schemas of the people read models (influencers, identities, the money trail, the support
// search) and their presenters.

export const InfluencerSchema = Type.Object({
  id: Id, displayName: Type.String(), language: Type.String(), country: Nullable(Type.String()), status: StringEnum(INFLUENCER_STATUSES),
  statusReason: Nullable(Type.String({ description: 'Why the standing last changed (a suspension\'s reason)' })),
  statusChangedAt: Nullable(Timestamp), statusChangedBy: Nullable(Type.String({ description: 'Who changed it: admin:<id>' })),
  recruitCode: Type.String({ description: 'Put in a Telegram deep link (start=ref_<code>) to recruit others' }),
  recruitedBy: Nullable(Id), tierId: Nullable(Id), tierPinned: Type.Boolean(), payoutCurrency: Type.String(), createdAt: Timestamp,
  storefrontHandle: Nullable(Type.String({ description: 'The storefront\'s handle, given at the first /pick in chat' })),
  storefrontUrl: Nullable(Type.String({ description: 'The storefront\'s address: <PUBLIC_URL>/s/<handle>' })),
});
/** An influencer as the admin API shows them, with their storefront's address on the public URL. */
export const presentInfluencer = (publicUrl: string) => (i: InfluencerModel) => ({
  ...withIsoDates(i), storefrontUrl: i.storefrontHandle ? storefrontUrl(publicUrl, i.storefrontHandle) : null,
});

export const IdentitySchema = Type.Object({
  id: Id, channel: StringEnum(CHAT_CHANNELS), externalId: Type.String({ description: 'Telegram user id, WhatsApp phone number' }),
  username: Nullable(Type.String({ description: 'The chat handle last seen (Telegram @username, without the @)' })),
  active: Type.Boolean({ description: 'False after the person blocked the bot; true again when they write' }),
  firstSeenAt: Timestamp, lastSeenAt: Nullable(Timestamp),
});
export const presentIdentity = (i: InfluencerIdentity) => withIsoDates(i);

const Step = Type.Object({
  kind: StringEnum(TRAIL_STEP_KINDS), at: Nullable(Timestamp),
  expected: Type.Boolean({ description: 'A step still to come (a pending commission\'s approval date)' }),
  by: Type.String({ description: 'visitor, vendor:<id>, system, admin:<id>, job:<name>, refund' }),
  byName: Nullable(Type.String()), note: Nullable(Type.String()), ledger: Type.Array(LedgerLine),
});

export const MoneyTrailEntrySchema = Type.Object({
  id: Id,
  click: Nullable(Type.Object({
    id: Type.String(), clickedAt: Timestamp, linkId: Id, linkCode: Type.String(), channel: StringEnum(LINK_CHANNELS), groupLabel: Type.String(),
    counted: Type.Boolean(), notCountedBecause: Nullable(Type.String()),
  })),
  order: Type.Object({
    id: Id, orderId: Type.String(), vendorId: Id, vendorName: Type.String(), productId: Nullable(Id), productTitle: Nullable(Type.String()),
    brandName: Nullable(Type.String()), amount: MinorUnits, refundedAmount: MinorUnits, currency: Type.String(), status: Type.String(),
    attributionReason: Nullable(Type.String()), occurredAt: Timestamp, receivedAt: Timestamp,
    attributedBy: Nullable(StringEnum(['click', 'promo_code'] as const, { description: 'How the order was credited: the click, or a campaign member\'s promo code' })),
    promoCode: Nullable(Type.String({ description: 'The promo code the vendor reported' })),
  }),
  commission: Nullable(Type.Object({
    id: Id, kind: Type.String(), status: Type.String(), amount: MinorUnits, reversedAmount: MinorUnits, currency: Type.String(),
    baseAmount: Type.Integer({ minimum: 0, description: 'The commission at the base rate, before the tier multiplier' }), baseRateBps: Type.Integer({ description: 'The brand\'s or product\'s rate' }),
    rateBps: Type.Integer({ description: 'The rate applied: the base rate times the tier multiplier' }),
    tierId: Nullable(Id), tierName: Nullable(Type.String()), tierMultiplierBps: Type.Integer(),
    payoutAmount: MinorUnits, reversedPayoutAmount: MinorUnits, payoutCurrency: Type.String(),
    createdAt: Timestamp, approvesAt: Timestamp, approvedAt: Nullable(Timestamp), reversedAt: Nullable(Timestamp), lockDays: Type.Integer(),
    heldAt: Nullable(Timestamp), holdReason: Nullable(Type.String()), heldBy: Nullable(Type.String()), payoutId: Nullable(Id),
    bonusAmount: Type.Integer({ minimum: 0, description: 'The campaign bonus inside amount (0 without one)' }), campaignId: Nullable(Id), campaignTitle: Nullable(Type.String()),
    bonusRateBps: Nullable(Type.Integer({ description: 'The campaign\'s extra rate applied' })), bonusFee: Nullable(Type.Integer({ description: 'The campaign\'s fixed fee applied' })),
  })),
  payout: Nullable(PayoutSchema),
  steps: Type.Array(Step, { description: 'click → order → commission → (hold) → approval (expected or done) → (reversal) → payout steps' }),
});

const presentStep = (s: TrailStep) => ({ ...s, at: s.at?.toISOString() ?? null, ledger: s.ledger.map(presentLedgerEntry) });

export function presentMoneyTrailEntry(e: MoneyTrailEntry) {
  const c = e.commission;
  return {
    id: e.id,
    click: e.click && withIsoDates(e.click),
    order: withIsoDates(e.order),
    commission: c && withIsoDates({
      id: c.id, kind: c.kind, status: c.status, amount: c.amount, reversedAmount: c.reversedAmount, currency: c.currency,
      baseAmount: c.baseAmount, baseRateBps: c.baseRateBps, rateBps: c.rateBps, tierId: c.tierId, tierName: c.tierName, tierMultiplierBps: c.tierMultiplierBps,
      payoutAmount: c.payoutAmount, reversedPayoutAmount: c.reversedPayoutAmount, payoutCurrency: c.payoutCurrency,
      createdAt: c.createdAt, approvesAt: c.approvesAt, approvedAt: c.approvedAt, reversedAt: c.reversedAt, lockDays: c.lockDays,
      heldAt: c.heldAt, holdReason: c.holdReason, heldBy: c.heldBy, payoutId: c.payoutId,
      bonusAmount: c.bonusAmount, campaignId: c.campaignId, campaignTitle: c.campaignTitle, bonusRateBps: c.bonusRateBps, bonusFee: c.bonusFee,
    }),
    payout: e.payout && presentPayout(e.payout),
    steps: e.steps.map(presentStep),
  };
}

export const SearchResultSchema = Type.Object({
  kind: StringEnum(['influencer', 'order', 'click', 'link'] as const),
  id: Type.String(),
  path: Type.String({ description: 'The console page that tells the rest, under /console' }),
  // influencer
  displayName: Type.Optional(Type.String()), status: Type.Optional(Type.String()), country: Type.Optional(Nullable(Type.String())),
  matched: Type.Optional(Type.String({ description: 'id, name, handle or chat_account' })), handles: Type.Optional(Type.Array(Type.String())),
  // order
  orderId: Type.Optional(Type.String()), vendorName: Type.Optional(Type.String()), amount: Type.Optional(MinorUnits), currency: Type.Optional(Type.String()),
  attributionReason: Type.Optional(Nullable(Type.String())), occurredAt: Type.Optional(Timestamp), clickId: Type.Optional(Nullable(Type.String())),
  commission: Type.Optional(Nullable(Type.Object({
    id: Id, status: Type.String(), approvesAt: Timestamp, heldReason: Nullable(Type.String()), amount: Type.Integer(), currency: Type.String(),
  }))),
  // order, click, link
  influencerId: Type.Optional(Nullable(Id)), influencerName: Type.Optional(Nullable(Type.String())),
  // click
  clickedAt: Type.Optional(Timestamp), counted: Type.Optional(Type.Boolean()), linkCode: Type.Optional(Type.String()),
  channel: Type.Optional(Type.String()), groupLabel: Type.Optional(Type.String()), orders: Type.Optional(Type.Array(Id)),
  // link
  code: Type.Optional(Type.String()), productTitle: Type.Optional(Type.String()),
});

export function presentSearchResult(r: SearchResult) {
  if (r.kind === 'order') return { ...withIsoDates(r), commission: r.commission && withIsoDates(r.commission) };
  return withIsoDates(r);
}

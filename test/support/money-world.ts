import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import { systemCaller } from '../../core/access/access.ts';
import { checkLedger, type LedgerCheckReport } from '../../core/ledger/ledger-check.ts';
import { approvePayout, markPayoutFailed, markPayoutPaid, requestPayout, runPayouts, type PayoutContext } from '../../core/payouts/payouts.service.ts';
import { refundConversion } from '../../core/conversions/refunds.service.ts';
import type { SecretBox } from '../../core/shared/secret-box.ts';
import { holdConversion, markConversionFraud, releaseConversion, type ReviewContext } from '../../core/settlement/review.service.ts';
import { approveMaturedCommissions, reverseCommission, type SettlementContext } from '../../core/settlement/settlement.service.ts';
import { DomainError } from '../../core/shared/errors.ts';
import { createReviewStore } from '../../db/commission-review.repository.ts';
import { assignTiers, setInfluencerTier, unpinInfluencerTier, type TierContext } from '../../core/tiers/tiers.service.ts';
import { createConversionStore } from '../../db/conversions.repository.ts';
import { upsertFxRates } from '../../db/fx-rates.repository.ts';
import { createLedgerCheckStore } from '../../db/ledger-check.repository.ts';
import { createPayoutStore } from '../../db/payouts.repository.ts';
import type { Database } from '../../db/schema.ts';
import { createSettlementStore } from '../../db/settlement.repository.ts';
import { createTierStore } from '../../db/tiers.repository.ts';
import { factories } from '../factories/index.ts';
import { storeClick } from './clicks.ts';
import type { ManualClock } from './manual-clock.ts';
import { nextRefund, recordingNotifier, sellThrough, type SoldOrder } from './money.ts';

/** Who acts in a property history. */
const ACTOR = systemCaller('property');

/** One step of a random money history; indices pick among what exists when the step runs. */
export type MoneyStep =
  | { do: 'click'; link: number; duplicate: boolean }
  | { do: 'sale'; link: number; amount: number }
  | { do: 'refund'; sale: number; part: number | 'all' }
  | { do: 'advance'; days: number }
  | { do: 'approve' }
  | { do: 'tiers' }
  | { do: 'pin'; influencer: number; tier: number | null }
  | { do: 'payouts' }
  | { do: 'request'; influencer: number }
  | { do: 'pay'; payout: number }
  | { do: 'fail'; payout: number }
  | { do: 'fraud'; sale: number }
  | { do: 'hold'; sale: number }
  | { do: 'release'; sale: number }
  | { do: 'fraudOrder'; sale: number };

/**
 * A small marketplace for property tests: two vendors selling in EUR and PLN (one brand at
 * 33.33 %), influencers paid in EUR, PLN and GBP (FX rates for some pairs, none for others),
 * a recruiter with a recent and an old recruit, and two tiers. `step` applies one action
 * through the same core services the API and the workers call.
 */
export async function createMoneyWorld(db: Kysely<Database>, secretBox: SecretBox, clock: ManualClock) {
  const make = factories(db, secretBox);
  const notifier = recordingNotifier();
  const tag = crypto.randomBytes(3).toString('hex');
  const vendors = [await make.vendor(), await make.vendor()];
  const brands = [
    await make.brand(vendors[0]!.id, { commissionRateBps: 1000, lockDays: 3 }),
    await make.brand(vendors[1]!.id, { commissionRateBps: 3333, lockDays: 7 }),
  ];
  const products = [await make.product(brands[0]!, { currency: 'EUR' }), await make.product(brands[1]!, { currency: 'PLN' })];
  const tiers = [
    await make.tier({ name: `Base ${tag}`, multiplierBps: 10000 }),
    await make.tier({ name: `Star ${tag}`, minClicks30d: 3, minSales30d: 1, multiplierBps: 12500 }),
  ];
  // EUR→PLN and GBP→EUR are known (EUR→GBP by inverse); PLN↔GBP is not: such commissions stay in the order's currency.
  await upsertFxRates(db, [
    { base: 'EUR', quote: 'PLN', rateE9: 4_273_500_000, validFrom: new Date(0) },
    { base: 'GBP', quote: 'EUR', rateE9: 1_170_000_000, validFrom: new Date(0) },
  ]);
  const boss = await make.influencer({ payoutCurrency: 'EUR', createdAt: clock.now() });
  const influencers = [
    boss,
    await make.influencer({ payoutCurrency: 'PLN', recruitedBy: boss.id, createdAt: clock.now() }),
    await make.influencer({ payoutCurrency: 'GBP', recruitedBy: boss.id, createdAt: new Date(clock.now().getTime() - 200 * 86_400_000) }),
    await make.influencer({ payoutCurrency: 'EUR' }),
  ];
  const links: Awaited<ReturnType<typeof make.link>>[] = [];
  for (const influencer of influencers) for (const product of products) links.push(await make.link(influencer.id, product.id));

  const sales: SoldOrder[] = [];
  const payoutIds: string[] = [];
  let orders = 0;
  const settlement = (): SettlementContext => ({ store: createSettlementStore(db), clock, notifier });
  const payouts = (): PayoutContext => ({ store: createPayoutStore(db), clock, notifier });
  const tierCtx = (): TierContext => ({ store: createTierStore(db), clock, notifier });
  const review = (): ReviewContext => ({ store: createReviewStore(db), clock, notifier });
  const conversionOf = async (sale: SoldOrder) => (await db.selectFrom('conversions').select('id')
    .where('vendor_id', '=', sale.vendorId).where('order_id', '=', sale.orderId).executeTakeFirstOrThrow()).id;
  /** A review an order refuses (nothing of it can be held any more) is no step at all. */
  const unlessRefused = (work: Promise<unknown>) => work.catch((error: unknown) => {
    if (!(error instanceof DomainError && error.code === 'conflict')) throw error;
  });
  const pick = <T>(list: readonly T[], i: number): T | undefined => (list.length === 0 ? undefined : list[i % list.length]);

  async function step(s: MoneyStep): Promise<void> {
    switch (s.do) {
      case 'click': {
        const link = pick(links, s.link)!;
        await storeClick(db, link, { clickedAt: clock.now(), counted: !s.duplicate, duplicate: s.duplicate });
        await db.insertInto('click_rollups_daily').values({
          day: clock.now().toISOString().slice(0, 10), link_id: link.id, influencer_id: link.influencer_id, product_id: link.product_id,
          clicks_total: 1, clicks_counted: s.duplicate ? 0 : 1,
        }).onConflict((oc) => oc.columns(['day', 'link_id']).doUpdateSet((eb) => ({
          clicks_total: eb('click_rollups_daily.clicks_total', '+', 1),
          clicks_counted: eb('click_rollups_daily.clicks_counted', '+', s.duplicate ? 0 : 1),
        }))).execute();
        return;
      }
      case 'sale': {
        const link = pick(links, s.link)!;
        const product = products.find((p) => p.id === link.product_id)!;
        const orderId = `P-${tag}-${++orders}`;
        const answer = await sellThrough(db, clock, { vendorId: product.vendor_id, link, orderId, amount: s.amount, currency: product.currency }, notifier);
        sales.push({ vendorId: product.vendor_id, orderId, amount: s.amount, refunded: 0, commissionId: answer.commission?.id ?? null });
        return;
      }
      case 'refund': {
        const sale = pick(sales, s.sale);
        const amount = nextRefund(sale, s.part);
        if (!sale || amount === undefined) return;
        await refundConversion(createConversionStore(db), clock, sale.vendorId, sale.orderId, { amount }, notifier);
        sale.refunded += amount;
        return;
      }
      case 'advance':
        clock.advanceDays(s.days);
        return;
      case 'approve':
        await approveMaturedCommissions(settlement(), ACTOR);
        return;
      case 'tiers':
        await assignTiers(tierCtx(), ACTOR);
        return;
      case 'pin': {
        const influencer = pick(influencers, s.influencer)!;
        if (s.tier === null) await unpinInfluencerTier(tierCtx(), ACTOR, { influencerId: influencer.id });
        else await setInfluencerTier(tierCtx(), ACTOR, { influencerId: influencer.id, tierId: pick(tiers, s.tier)!.id, pinned: true });
        return;
      }
      case 'payouts':
        payoutIds.push(...(await runPayouts(payouts(), ACTOR)).payouts.map((p) => p.id));
        return;
      case 'request': {
        const answer = await requestPayout(payouts(), pick(influencers, s.influencer)!.id);
        payoutIds.push(...answer.created.map((p) => p.id));
        return;
      }
      case 'pay':
      case 'fail': {
        const id = pick(payoutIds, s.payout);
        if (!id) return;
        const current = await db.selectFrom('payouts').select('status').where('id', '=', id).executeTakeFirstOrThrow();
        if (s.do === 'pay' && (current.status === 'pending' || current.status === 'approved')) {
          await approvePayout(payouts(), ACTOR, { payoutId: id });
          await markPayoutPaid(payouts(), ACTOR, { payoutId: id, reference: `REF-${id}` });
        } else if (s.do === 'fail' && (current.status === 'pending' || current.status === 'approved')) {
          await markPayoutFailed(payouts(), ACTOR, { payoutId: id, reason: 'bank said no' });
        }
        return;
      }
      case 'fraud': {
        const sale = pick(sales.filter((x) => x.commissionId !== null), s.sale);
        if (sale) await reverseCommission(settlement(), ACTOR, { commissionId: sale.commissionId!, reason: 'fraud suspected' });
        return;
      }
      case 'hold':
      case 'release':
      case 'fraudOrder': {
        const sale = pick(sales.filter((x) => x.commissionId !== null), s.sale);
        if (!sale) return;
        const conversionId = await conversionOf(sale);
        if (s.do === 'hold') await unlessRefused(holdConversion(review(), ACTOR, { conversionId, reason: 'under review' }));
        else if (s.do === 'release') await releaseConversion(review(), ACTOR, { conversionId });
        else await markConversionFraud(review(), ACTOR, { conversionId, reason: 'fraudulent order' });
        return;
      }
    }
  }

  return {
    influencers, sales, payoutIds, notifier, step,
    check: (): Promise<LedgerCheckReport> => checkLedger(createLedgerCheckStore(db), clock.now()),
  };
}

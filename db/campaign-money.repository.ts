import { sql, type Kysely } from 'kysely';
import type { CampaignBonus } from '../core/campaigns/campaign.ts';
import type { CampaignCredit, CampaignMoneyTx } from '../core/campaigns/campaigns.ports.ts';
import type { PromoLookup } from '../core/campaigns/campaign-credit.ts';
import type { Database } from './schema.ts';

function bonusOf(r: { bonus_rate_bps: number | null; bonus_fee: string | null }): CampaignBonus {
  return r.bonus_rate_bps !== null ? { kind: 'rate', rateBps: r.bonus_rate_bps } : { kind: 'fee', amount: Number(r.bonus_fee) };
}

/** The campaign side of a conversion or refund, on the transaction `trx`. */
export function campaignMoneyTx(trx: Kysely<Database>): CampaignMoneyTx {
  return {
    findCampaignFor: (order) => findCampaignFor(trx, order),
    reserveBudget: (campaignId, amount, at) => reserveBudget(trx, campaignId, amount, at),
    releaseBudget: (campaignId, amount, at) => releaseBudget(trx, campaignId, amount, at),
  };
}

/** One probe of campaign_members by the influencer: the oldest open campaign of theirs covering the order. */
export async function findCampaignFor(
  db: Kysely<Database>, order: { vendorId: string; brandId: string; productId: string | null; influencerId: string; occurredAt: Date },
): Promise<CampaignCredit | undefined> {
  const row = await db.selectFrom('campaign_members as m').innerJoin('campaigns as c', 'c.id', 'm.campaign_id')
    .select(['c.id', 'c.bonus_rate_bps', 'c.bonus_fee', 'c.currency'])
    .where('m.influencer_id', '=', order.influencerId).where('c.vendor_id', '=', order.vendorId).where('c.brand_id', '=', order.brandId)
    .where('c.status', '=', 'open').where('c.starts_at', '<=', order.occurredAt).where('c.ends_at', '>', order.occurredAt)
    .where((eb) => order.productId === null
      ? eb('c.product_ids', 'is', null)
      : eb.or([eb('c.product_ids', 'is', null), eb(sql<string>`${order.productId}::bigint`, '=', sql<string>`ANY(c.product_ids)`)]))
    .orderBy('c.id').limit(1).executeTakeFirst();
  return row && { campaignId: row.id, bonus: bonusOf(row), currency: row.currency };
}

/**
 * The spend cap's one gate. `SELECT … FOR UPDATE` makes concurrent reservations on a campaign
 * take turns (each sees what the one before it spent), then one UPDATE takes what fits; the
 * CHECK (spent <= spend_cap) backs it. Reaching the cap ends the campaign `spent`.
 */
export async function reserveBudget(db: Kysely<Database>, campaignId: string, amount: number, at: Date): Promise<number> {
  const locked = await db.selectFrom('campaigns').select(['spent', 'spend_cap', 'status']).where('id', '=', campaignId).forUpdate().executeTakeFirst();
  if (!locked || locked.status !== 'open') return 0;
  const left = Number(locked.spend_cap) - Number(locked.spent);
  const take = Math.max(0, Math.min(amount, left));
  if (take === 0) return 0;
  const spentAll = take === left;
  await db.updateTable('campaigns').set({
    spent: sql`spent + ${take}`, updated_at: at,
    ...(spentAll ? { status: 'ended' as const, end_reason: 'spent' as const } : {}),
  }).where('id', '=', campaignId).execute();
  return take;
}

/**
 * Gives budget back. A campaign that ended because it was spent opens again, unless another
 * live campaign took its promo code meanwhile (then it stays ended).
 */
export async function releaseBudget(db: Kysely<Database>, campaignId: string, amount: number, at: Date): Promise<void> {
  await sql`
    UPDATE campaigns c SET spent = greatest(0, c.spent - ${amount}), updated_at = ${at},
      status = CASE WHEN c.end_reason = 'spent' AND NOT EXISTS (
          SELECT 1 FROM campaigns o WHERE o.id <> c.id AND o.status <> 'ended' AND o.promo_code = c.promo_code
        ) THEN 'open' ELSE c.status END,
      end_reason = CASE WHEN c.end_reason = 'spent' AND NOT EXISTS (
          SELECT 1 FROM campaigns o WHERE o.id <> c.id AND o.status <> 'ended' AND o.promo_code = c.promo_code
        ) THEN NULL ELSE c.end_reason END
    WHERE c.id = ${campaignId}
  `.execute(db);
}

interface PromoRow {
  campaign_id: string; status: 'draft' | 'open' | 'paused' | 'ended'; starts_at: Date; ends_at: Date; product_ids: string[] | null;
  brand_id: string; bonus_rate_bps: number | null; bonus_fee: string | null; currency: string; influencer_id: string; influencer_status: string;
  payout_currency: string; lock_days: number; brand_rate_bps: number; brand_name: string; tier_id: string | null; tier_multiplier_bps: number | null;
  product_id: string | null; product_rate_bps: number | null; product_title: string | null;
}

/** A member's promo code at this vendor's campaigns, with the first ordered product of the campaign's brand. */
export function promoLookup(db: Kysely<Database>): PromoLookup {
  return {
    async findPromoCredit(vendorId, promoCode, skus) {
      const skuList = skus.length === 0 ? sql`ARRAY[]::text[]` : sql`ARRAY[${sql.join(skus.map((s) => sql`${s}`))}]::text[]`;
      const { rows } = await sql<PromoRow>`
        SELECT c.id AS campaign_id, c.status, c.starts_at, c.ends_at, c.product_ids::text[] AS product_ids, c.brand_id,
          c.bonus_rate_bps, c.bonus_fee, c.currency, m.influencer_id, i.status AS influencer_status, i.payout_currency,
          b.lock_days, b.commission_rate_bps AS brand_rate_bps, b.name AS brand_name, i.tier_id, t.multiplier_bps AS tier_multiplier_bps,
          p.id AS product_id, p.commission_rate_bps AS product_rate_bps, p.title AS product_title
        FROM campaign_members m
        JOIN campaigns c ON c.id = m.campaign_id
        JOIN brands b ON b.id = c.brand_id
        JOIN influencers i ON i.id = m.influencer_id
        LEFT JOIN tiers t ON t.id = i.tier_id
        LEFT JOIN LATERAL (
          SELECT p.id, p.commission_rate_bps, p.title FROM products p
          WHERE p.brand_id = c.brand_id AND p.sku = ANY(${skuList})
          ORDER BY array_position(${skuList}, p.sku) LIMIT 1
        ) p ON true
        WHERE m.promo_code = ${promoCode} AND c.vendor_id = ${vendorId}
      `.execute(db);
      const r = rows[0];
      if (!r) return undefined;
      return {
        campaign: {
          id: r.campaign_id, status: r.status, startsAt: r.starts_at, endsAt: r.ends_at, productIds: r.product_ids, brandId: r.brand_id,
          bonus: bonusOf(r), currency: r.currency,
        },
        influencerId: r.influencer_id, influencerActive: r.influencer_status === 'active', payoutCurrency: r.payout_currency,
        lockDays: r.lock_days, brandRateBps: r.brand_rate_bps, brandName: r.brand_name, tierId: r.tier_id, tierMultiplierBps: r.tier_multiplier_bps,
        product: r.product_id === null ? null : { id: r.product_id, rateBps: r.product_rate_bps, title: r.product_title ?? '' },
      };
    },
  };
}

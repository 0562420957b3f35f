import { sql, type Kysely } from 'kysely';
import type { CampaignStatus } from '../core/campaigns/campaign.ts';
import type { CampaignChatStore, ChatCampaign } from '../core/campaigns/campaigns.ports.ts';
import type { Database } from './schema.ts';

interface ChatRow {
  id: string; title: string; brand_name: string; bonus_rate_bps: number | null; bonus_fee: string | null; currency: string;
  starts_at: Date; ends_at: Date; promo_code: string | null; member_code: string | null; joined: boolean; status: CampaignStatus;
}

function toChatCampaign(r: ChatRow): ChatCampaign & { status: CampaignStatus } {
  return {
    id: r.id, title: r.title, brandName: r.brand_name, currency: r.currency, startsAt: r.starts_at, endsAt: r.ends_at,
    bonus: r.bonus_rate_bps !== null ? { kind: 'rate', rateBps: r.bonus_rate_bps } : { kind: 'fee', amount: Number(r.bonus_fee) },
    hasPromoCode: r.promo_code !== null, joined: r.joined ? { promoCode: r.member_code } : null, status: r.status,
  };
}

/** What `/campaigns` reads and writes; only brands the influencer is approved for are offered. */
export function campaignChatStore(db: Kysely<Database>): CampaignChatStore {
  const base = (influencerId: string) => db.selectFrom('campaigns as c')
    .innerJoin('brands as b', 'b.id', 'c.brand_id')
    .leftJoin('campaign_members as m', (j) => j.onRef('m.campaign_id', '=', 'c.id').on('m.influencer_id', '=', influencerId))
    .select(['c.id', 'c.title', 'b.name as brand_name', 'c.bonus_rate_bps', 'c.bonus_fee', 'c.currency', 'c.starts_at', 'c.ends_at',
      'c.promo_code', 'm.promo_code as member_code', sql<boolean>`m.influencer_id IS NOT NULL`.as('joined'), 'c.status']);
  const approved = (influencerId: string) => sql<boolean>`EXISTS (
    SELECT 1 FROM brand_memberships bm WHERE bm.brand_id = c.brand_id AND bm.influencer_id = ${influencerId} AND bm.status = 'approved')`;
  return {
    async listOpenCampaigns(influencerId, now) {
      const rows = await base(influencerId).where('c.status', '=', 'open').where('c.starts_at', '<=', now).where('c.ends_at', '>', now)
        .where(approved(influencerId)).orderBy('c.ends_at').orderBy('c.id').limit(20).execute();
      return rows.map((r) => toChatCampaign(r as ChatRow));
    },
    async listJoinedCampaigns(influencerId) {
      const rows = await base(influencerId).where('m.influencer_id', 'is not', null).orderBy('m.joined_at', 'desc').limit(20).execute();
      return rows.map((r) => toChatCampaign(r as ChatRow));
    },
    async findJoinable(influencerId, campaignId, now) {
      if (!/^[0-9]{1,18}$/.test(campaignId)) return undefined;
      const row = await db.selectFrom('campaigns as c').select('c.promo_code').where('c.id', '=', campaignId)
        .where('c.status', '=', 'open').where('c.starts_at', '<=', now).where('c.ends_at', '>', now).where(approved(influencerId)).executeTakeFirst();
      return row && { promoCode: row.promo_code };
    },
    async campaignEarnings(influencerId, from) {
      const rows = await db.selectFrom('commissions as cm').innerJoin('campaigns as c', 'c.id', 'cm.campaign_id')
        .select(['c.id', 'c.title', 'c.currency', sql<string>`count(*)`.as('sales'),
          // The bonus keeps the share of the commission that refunds left standing.
          sql<string>`sum(cm.bonus_amount - (cm.bonus_amount * cm.reversed_amount + cm.amount / 2) / nullif(cm.amount, 0))`.as('bonus')])
        .where('cm.influencer_id', '=', influencerId).where('cm.kind', '=', 'sale')
        .$if(from !== null, (q) => q.where('cm.created_at', '>=', from!))
        .groupBy(['c.id', 'c.title', 'c.currency']).orderBy('c.id', 'desc').limit(10).execute();
      return rows.map((r) => ({ title: r.title, sales: Number(r.sales), bonus: Number(r.bonus ?? 0), currency: r.currency }));
    },
    async joinCampaign(campaignId, influencerId, promoCode, at) {
      try {
        await db.insertInto('campaign_members').values({ campaign_id: campaignId, influencer_id: influencerId, promo_code: promoCode, joined_at: at })
          .onConflict((oc) => oc.columns(['campaign_id', 'influencer_id']).doNothing()).execute();
        return true;
      } catch (error) {
        // Another member holds this personal code: the caller draws another suffix.
        if ((error as { code?: string }).code === '23505') return false;
        throw error;
      }
    },
  };
}

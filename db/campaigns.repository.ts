import { sql, type Kysely } from 'kysely';
import type { Scope } from '../core/access/access.ts';
import type { Campaign, CampaignBonus } from '../core/campaigns/campaign.ts';
import type { CampaignListing, CampaignMember, CampaignStore } from '../core/campaigns/campaigns.ports.ts';
import { listPage } from './paging.ts';
import type { CampaignsTable, Database } from './schema.ts';
import type { Selectable } from 'kysely';

// Campaigns carry vendor_id, so a vendor's scope is one WHERE clause on every read and write.

type CampaignRow = Selectable<CampaignsTable>;

function bonusOf(r: Pick<CampaignRow, 'bonus_rate_bps' | 'bonus_fee'>): CampaignBonus {
  return r.bonus_rate_bps !== null ? { kind: 'rate', rateBps: r.bonus_rate_bps } : { kind: 'fee', amount: Number(r.bonus_fee) };
}

function toCampaign(r: CampaignRow): Campaign {
  return {
    id: r.id, vendorId: r.vendor_id, brandId: r.brand_id, title: r.title, productIds: r.product_ids?.map(String) ?? null,
    startsAt: r.starts_at, endsAt: r.ends_at, bonus: bonusOf(r), currency: r.currency, promoCode: r.promo_code,
    spendCap: Number(r.spend_cap), spent: Number(r.spent), status: r.status, endReason: r.end_reason, createdAt: r.created_at,
  };
}

/** Campaigns with their brand's name, members, and the sales that carried their bonus. */
function listings(db: Kysely<Database>, scope: Scope) {
  return db.selectFrom('campaigns as c').innerJoin('brands as b', 'b.id', 'c.brand_id')
    .selectAll('c')
    .select([
      'b.name as brand_name',
      sql<string>`(SELECT count(*) FROM campaign_members m WHERE m.campaign_id = c.id)`.as('members'),
      sql<string>`(SELECT count(*) FROM commissions cm WHERE cm.campaign_id = c.id AND cm.kind = 'sale')`.as('sales'),
      sql<string>`(SELECT coalesce(sum(cv.amount), 0) FROM commissions cm JOIN conversions cv ON cv.id = cm.conversion_id
        WHERE cm.campaign_id = c.id AND cm.kind = 'sale')`.as('sales_amount'),
    ])
    .$if(scope.vendorId !== null, (q) => q.where('c.vendor_id', '=', scope.vendorId!));
}

type ListingRow = CampaignRow & { brand_name: string; members: string; sales: string; sales_amount: string };

function toListing(r: ListingRow): CampaignListing {
  return { ...toCampaign(r), brandName: r.brand_name, members: Number(r.members), sales: Number(r.sales), salesAmount: Number(r.sales_amount) };
}

export function campaignStore(db: Kysely<Database>): CampaignStore {
  return {
    async findCampaign(scope, id) {
      const row = await listings(db, scope).where('c.id', '=', id).executeTakeFirst();
      return row && toListing(row as ListingRow);
    },
    listCampaigns: (scope, filter, page) => listPage(listings(db, scope), {
      id: 'c.id', equal: { 'c.status': filter.status, 'c.brand_id': filter.brandId },
    }, page, (r) => toListing(r as ListingRow)),
    async listMembers(scope, campaignId): Promise<CampaignMember[]> {
      const rows = await db.selectFrom('campaign_members as m')
        .innerJoin('campaigns as c', 'c.id', 'm.campaign_id').innerJoin('influencers as i', 'i.id', 'm.influencer_id')
        .select(['m.influencer_id', 'i.display_name', 'm.promo_code', 'm.joined_at',
          sql<string>`(SELECT count(*) FROM commissions cm WHERE cm.campaign_id = c.id AND cm.influencer_id = m.influencer_id AND cm.kind = 'sale')`.as('sales'),
          // The bonus net of refunds: the same share of it is reversed as of the whole commission.
          sql<string>`(SELECT coalesce(sum(cm.bonus_amount - (cm.bonus_amount * cm.reversed_amount + cm.amount / 2) / nullif(cm.amount, 0)), 0)
            FROM commissions cm WHERE cm.campaign_id = c.id AND cm.influencer_id = m.influencer_id AND cm.kind = 'sale')`.as('bonus_amount')])
        .where('m.campaign_id', '=', campaignId)
        .$if(scope.vendorId !== null, (q) => q.where('c.vendor_id', '=', scope.vendorId!))
        .orderBy('m.joined_at', 'desc').limit(1000).execute();
      return rows.map((r) => ({
        influencerId: r.influencer_id, displayName: r.display_name, promoCode: r.promo_code, joinedAt: r.joined_at,
        sales: Number(r.sales), bonusAmount: Number(r.bonus_amount),
      }));
    },
    async findBrandInScope(scope, brandId, productIds) {
      const brand = await db.selectFrom('brands').select(['id', 'vendor_id']).where('id', '=', brandId)
        .$if(scope.vendorId !== null, (q) => q.where('vendor_id', '=', scope.vendorId!)).executeTakeFirst();
      if (!brand) return undefined;
      const valid = productIds.filter((p) => /^[0-9]{1,18}$/.test(p));
      const products = valid.length === 0 ? [] : await db.selectFrom('products').select('id').where('brand_id', '=', brandId).where('id', 'in', valid).execute();
      return { id: brand.id, vendorId: brand.vendor_id, productIds: products.map((p) => String(p.id)) };
    },
    async insertCampaign(vendorId, c) {
      const row = await db.insertInto('campaigns').values({
        vendor_id: vendorId, brand_id: c.brandId, title: c.title, product_ids: c.productIds, starts_at: c.startsAt, ends_at: c.endsAt,
        bonus_rate_bps: c.bonus.kind === 'rate' ? c.bonus.rateBps : null, bonus_fee: c.bonus.kind === 'fee' ? c.bonus.amount : null,
        currency: c.currency, promo_code: c.promoCode, spend_cap: c.spendCap, status: c.status, created_by: c.createdBy,
      }).onConflict((oc) => oc.column('promo_code').where('promo_code', 'is not', null).where('status', '<>', 'ended').doNothing())
        .returning('id').executeTakeFirst();
      return row?.id;
    },
    async lockCampaign(scope, id) {
      const row = await db.selectFrom('campaigns').selectAll().where('id', '=', id)
        .$if(scope.vendorId !== null, (q) => q.where('vendor_id', '=', scope.vendorId!)).forUpdate().executeTakeFirst();
      return row && toCampaign(row);
    },
    async setStatus(id, status, endReason, at) {
      await db.updateTable('campaigns').set({ status, end_reason: endReason, updated_at: at }).where('id', '=', id).execute();
      return true;
    },
  };
}

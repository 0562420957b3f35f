import { sql, type Kysely } from 'kysely';
import type { MoneyTrailReads, TrailRow } from '../core/influencers/money-trail.service.ts';
import type { TrailEvent } from '../core/influencers/money-trail.ts';
import type { LinkChannel } from '../core/links/links.service.ts';
import type { ConversionStatus } from '../core/conversions/conversions.ports.ts';
import type { Page, PageQuery } from '../core/shared/paging.ts';
import { clickedAtNearColumn } from './click-window.ts';
import { LEDGER_ENTRY_COLUMNS, toLedgerEntry } from './ledger.repository.ts';
import { toPage } from './paging.ts';
import type { Database } from './schema.ts';

// The money trail's reads around each commission's own trail: the influencer's attributed
// orders with the click and terms behind them (one query per page; each click read within the
// time its id carries, so from one monthly partition), and who did what to them (the audit log,
// with admins' emails).

type Db = Kysely<Database>;

interface TrailSqlRow {
  id: string; order_id: string; vendor_id: string; vendor_name: string; product_id: string | null; product_title: string | null;
  brand_name: string | null; amount: string; refunded_amount: string; currency: string; status: ConversionStatus;
  attribution_reason: string | null; occurred_at: Date; received_at: Date; attributed_by: 'click' | 'promo_code' | null; promo_code: string | null;
  bonus_amount: string | null; campaign_id: string | null; campaign_title: string | null; bonus_rate_bps: number | null; bonus_fee: string | null;
  click_id: string | null; clicked_at: Date | null; link_id: string | null; link_code: string | null; channel: LinkChannel | null;
  group_label: string | null; counted: boolean | null; duplicate: boolean | null; bot: boolean | null; self_click: boolean | null;
  commission_id: string | null; base_amount: string | null; base_rate_bps: number | null; tier_name: string | null; lock_days: number | null;
  held_at: Date | null; hold_reason: string | null; held_by: string | null;
}

function toTrailRow(r: TrailSqlRow): TrailRow {
  const click = r.click_id && r.clicked_at && r.link_id && r.link_code && r.channel ? {
    id: r.click_id, clickedAt: r.clicked_at, linkId: r.link_id, linkCode: r.link_code, channel: r.channel, groupLabel: r.group_label ?? '',
    counted: r.counted ?? false,
    notCountedBecause: r.counted ? null : r.bot ? 'bot' as const : r.self_click ? 'self_click' as const : r.duplicate ? 'duplicate' as const : null,
  } : null;
  return {
    id: r.id,
    order: {
      id: r.id, orderId: r.order_id, vendorId: r.vendor_id, vendorName: r.vendor_name, productId: r.product_id, productTitle: r.product_title,
      brandName: r.brand_name, amount: Number(r.amount), refundedAmount: Number(r.refunded_amount), currency: r.currency.trim(), status: r.status,
      attributionReason: r.attribution_reason, attributedBy: r.attributed_by, promoCode: r.promo_code, occurredAt: r.occurred_at, receivedAt: r.received_at,
    },
    click,
    commissionId: r.commission_id,
    terms: r.commission_id === null ? null : {
      baseAmount: Number(r.base_amount), baseRateBps: r.base_rate_bps ?? 0, tierName: r.tier_name, lockDays: r.lock_days ?? 0,
      heldAt: r.held_at, holdReason: r.hold_reason, heldBy: r.held_by,
      bonusAmount: Number(r.bonus_amount ?? 0), campaignId: r.campaign_id, campaignTitle: r.campaign_title,
      bonusRateBps: r.bonus_rate_bps, bonusFee: r.bonus_fee === null ? null : Number(r.bonus_fee),
    },
  };
}

/** The influencer's attributed orders, newest first, by keyset on the conversion id. */
export async function listTrail(db: Db, influencerId: string, filter: { conversionId?: string }, page: PageQuery): Promise<Page<TrailRow>> {
  const { rows } = await sql<TrailSqlRow>`
    SELECT v.id, v.order_id, v.vendor_id, vn.name AS vendor_name, v.product_id, p.title AS product_title, b.name AS brand_name,
      v.amount, v.refunded_amount, v.currency, v.status, v.attribution_reason, v.occurred_at, v.received_at, v.attributed_by, v.promo_code,
      cm.bonus_amount, cm.campaign_id, cg.title AS campaign_title, cm.bonus_rate_bps, cm.bonus_fee,
      k.id AS click_id, k.clicked_at, l.id AS link_id, l.code AS link_code, l.channel, l.group_label, k.counted, k.duplicate, k.bot, k.self_click,
      cm.id AS commission_id, cm.base_amount, cm.base_rate_bps, t.name AS tier_name, cb.lock_days, cm.held_at, cm.hold_reason, cm.held_by
    FROM conversions v
    JOIN vendors vn ON vn.id = v.vendor_id
    LEFT JOIN products p ON p.id = v.product_id
    LEFT JOIN brands b ON b.id = p.brand_id
    LEFT JOIN LATERAL (
      SELECT * FROM clicks c WHERE c.id = v.click_id AND ${clickedAtNearColumn('c', 'v.click_id')} ORDER BY c.clicked_at DESC LIMIT 1
    ) k ON true
    LEFT JOIN links l ON l.id = coalesce(k.link_id, v.link_id)
    LEFT JOIN commissions cm ON cm.conversion_id = v.id AND cm.influencer_id = v.influencer_id AND cm.kind = 'sale'
    LEFT JOIN tiers t ON t.id = cm.tier_id
    LEFT JOIN brands cb ON cb.id = cm.brand_id
    LEFT JOIN campaigns cg ON cg.id = cm.campaign_id
    WHERE v.influencer_id = ${influencerId}
      ${filter.conversionId === undefined ? sql`` : sql`AND v.id = ${filter.conversionId}`}
      ${page.after === undefined ? sql`` : sql`AND v.id < ${page.after}`}
    ORDER BY v.id DESC
    LIMIT ${page.limit + 1}
  `.execute(db);
  return toPage(rows.map(toTrailRow), page.limit);
}

/** The audit log's actions on these objects, oldest first, with the admin's email for an admin actor. */
export async function trailEvents(db: Db, refs: { commissionIds: string[]; payoutIds: string[]; conversionIds: string[] }): Promise<TrailEvent[]> {
  const wanted = ([['commission', refs.commissionIds], ['payout', refs.payoutIds], ['conversion', refs.conversionIds]] as const).filter(([, ids]) => ids.length > 0);
  if (wanted.length === 0) return [];
  const rows = await db.selectFrom('audit_log as a')
    .leftJoin('admins as m', (join) => join.on(sql`a.actor`, '=', sql`'admin:' || m.id::text`))
    .select(['a.created_at', 'a.actor', 'm.email', 'a.action', 'a.entity', 'a.entity_id', 'a.details'])
    .where((eb) => eb.or(wanted.map(([entity, ids]) => eb.and([eb('a.entity', '=', entity), eb('a.entity_id', 'in', [...ids])]))))
    .orderBy('a.id').execute();
  return rows.map((r) => ({
    at: r.created_at, actor: r.actor, actorName: r.email, action: r.action, entity: r.entity, entityId: r.entity_id ?? '',
    details: r.details as Record<string, unknown> | null,
  }));
}

/** Who ran the approval runs stamped with these instants (each run's audit row carries its instant). */
export async function approvalRuns(db: Db, ats: Date[]): Promise<{ at: Date; actor: string; actorName: string | null }[]> {
  const rows = await db.selectFrom('audit_log as a')
    .leftJoin('admins as m', (join) => join.on(sql`a.actor`, '=', sql`'admin:' || m.id::text`))
    .select(['a.actor', 'm.email', sql<string>`a.details->>'at'`.as('at')])
    .where('a.entity', '=', 'commission').where('a.action', '=', 'commission.approve_matured')
    .where(sql<string>`a.details->>'at'`, 'in', ats.map((d) => d.toISOString()))
    .execute();
  return rows.map((r) => ({ at: new Date(r.at), actor: r.actor, actorName: r.email }));
}

export function moneyTrailReads(db: Db): MoneyTrailReads {
  return {
    influencerExists: async (influencerId) => Boolean(await db.selectFrom('influencers').select('id').where('id', '=', influencerId).executeTakeFirst()),
    listTrail: (influencerId, filter, page) => listTrail(db, influencerId, filter, page),
    eventsOf: (refs) => trailEvents(db, refs),
    approvalRuns: (ats) => approvalRuns(db, ats),
    async approvalPostings(influencerId, ats) {
      const rows = await db.selectFrom('ledger_entries').select(LEDGER_ENTRY_COLUMNS)
        .where('influencer_id', '=', influencerId).where('kind', '=', 'commission_approved').where('created_at', 'in', ats)
        .orderBy('id').execute();
      return rows.map(toLedgerEntry);
    },
  };
}

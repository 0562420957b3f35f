import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { COMMISSION_KINDS, COMMISSION_STATUSES } from '../../core/commissions/commission.ts';
import { CONVERSION_STATUSES } from '../../core/conversions/conversions.ports.ts';
import { NotFoundError } from '../../core/shared/errors.ts';
import { findBrandById } from '../../db/catalog.repository.ts';
import { findCommissionById, findConversionById, listClicks, listCommissions, listConversions } from '../../db/lists.repository.ts';
import type { ClickRow, CommissionRow, ConversionRow } from '../../db/schema.ts';
import type { AppDeps } from '../deps.ts';
import { ACCESS } from './access.ts';
import { pageQuery, pageResponse, timeRange } from './paging.ts';
import { BEARER, Id, IdParams, MinorUnits, Nullable, PageOf, PageQuery, StringEnum, TimeRangeQuery, Timestamp, errors } from './schemas.ts';

const ClickId = Type.String({ format: 'uuid', description: 'The click id: the dc_click value the vendor receives' });

const Click = Type.Object({
  id: ClickId, linkId: Id, influencerId: Id, productId: Id, clickedAt: Timestamp,
  counted: Type.Boolean({ description: 'Counts for stats and tiers (not a duplicate, not a bot, not a self-click)' }),
  duplicate: Type.Boolean({ description: 'Same visitor and link within 24 h' }), bot: Type.Boolean(), selfClick: Type.Boolean(),
});
const presentClick = (r: ClickRow) => ({
  id: r.id, linkId: r.link_id, influencerId: r.influencer_id, productId: r.product_id, clickedAt: r.clicked_at.toISOString(),
  counted: r.counted, duplicate: r.duplicate, bot: r.bot, selfClick: r.self_click,
});

const Conversion = Type.Object({
  id: Id, vendorId: Id, orderId: Type.String(), clickId: Nullable(ClickId), linkId: Nullable(Id), influencerId: Nullable(Id), productId: Nullable(Id),
  amount: MinorUnits, refundedAmount: MinorUnits, currency: Type.String(), status: StringEnum(CONVERSION_STATUSES),
  attributionReason: Nullable(Type.String()), selfPurchase: Type.Boolean(), occurredAt: Timestamp, receivedAt: Timestamp,
});
const presentConversion = (r: ConversionRow) => ({
  id: r.id, vendorId: r.vendor_id, orderId: r.order_id, clickId: r.click_id, linkId: r.link_id, influencerId: r.influencer_id,
  productId: r.product_id, amount: Number(r.amount), refundedAmount: Number(r.refunded_amount), currency: r.currency, status: r.status,
  attributionReason: r.attribution_reason, selfPurchase: r.self_purchase, occurredAt: r.occurred_at.toISOString(), receivedAt: r.received_at.toISOString(),
});

const Commission = Type.Object({
  id: Id, conversionId: Id, influencerId: Id, brandId: Id, kind: StringEnum(COMMISSION_KINDS),
  baseAmount: MinorUnits, amount: MinorUnits, reversedAmount: MinorUnits, currency: Type.String(),
  rateBps: Type.Integer({ description: 'The rate applied, tier multiplier included' }), baseRateBps: Type.Integer(), tierId: Nullable(Id),
  tierMultiplierBps: Type.Integer(), status: StringEnum(COMMISSION_STATUSES), payoutId: Nullable(Id),
  approvesAt: Timestamp, createdAt: Timestamp, approvedAt: Nullable(Timestamp), reversedAt: Nullable(Timestamp),
});
const presentCommission = (r: CommissionRow) => ({
  id: r.id, conversionId: r.conversion_id, influencerId: r.influencer_id, brandId: r.brand_id, kind: r.kind,
  baseAmount: Number(r.base_amount), amount: Number(r.amount), reversedAmount: Number(r.reversed_amount), currency: r.currency,
  rateBps: r.rate_bps, baseRateBps: r.base_rate_bps, tierId: r.tier_id, tierMultiplierBps: r.tier_multiplier_bps, status: r.status,
  payoutId: r.payout_id, approvesAt: r.approves_at.toISOString(), createdAt: r.created_at.toISOString(),
  approvedAt: r.approved_at?.toISOString() ?? null, reversedAt: r.reversed_at?.toISOString() ?? null,
});

const tags = ['admin: reports'];

/** What happened: clicks, conversions and commissions, read-only, filtered and paged. */
export function reportsRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (instance) => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();

    app.get('/clicks', {
      config: { access: ACCESS.read },
      schema: {
        tags, security: BEARER, summary: 'List clicks, newest first (by click time)',
        querystring: Type.Object({
          ...PageQuery, ...TimeRangeQuery, linkId: Type.Optional(Id), influencerId: Type.Optional(Id), productId: Type.Optional(Id),
          counted: Type.Optional(Type.Boolean()),
        }),
        response: { 200: PageOf(Click), ...errors(400) },
      },
    }, async (request) => {
      const { linkId, influencerId, productId, counted } = request.query;
      const filter = { linkId, influencerId, productId, counted, ...timeRange(request.query), vendorId: (request.caller.scope.vendorId ?? undefined) };
      return pageResponse(await listClicks(deps.db, filter, pageQuery(request.query, 'uuid')), presentClick);
    });

    app.get('/conversions', {
      config: { access: ACCESS.read },
      schema: {
        tags, security: BEARER, summary: 'List conversions (vendor orders), newest first; from/to apply to the order time',
        querystring: Type.Object({ ...PageQuery, ...TimeRangeQuery, status: Type.Optional(StringEnum(CONVERSION_STATUSES)), influencerId: Type.Optional(Id) }),
        response: { 200: PageOf(Conversion), ...errors(400) },
      },
    }, async (request) => {
      const { status, influencerId } = request.query;
      const filter = { status, influencerId, ...timeRange(request.query), vendorId: (request.caller.scope.vendorId ?? undefined) };
      return pageResponse(await listConversions(deps.db, filter, pageQuery(request.query)), presentConversion);
    });

    app.get('/conversions/:id', {
      config: { access: ACCESS.read },
      schema: { tags, security: BEARER, summary: 'Get a conversion', params: IdParams, response: { 200: Conversion, ...errors(400, 404) } },
    }, async (request) => {
      const scope = (request.caller.scope.vendorId ?? undefined);
      const conversion = await findConversionById(deps.db, request.params.id);
      if (!conversion || (scope !== undefined && conversion.vendor_id !== scope)) throw new NotFoundError('conversion', request.params.id);
      return presentConversion(conversion);
    });

    app.get('/commissions', {
      config: { access: ACCESS.read },
      schema: {
        tags, security: BEARER, summary: 'List commissions, newest first; from/to apply to when they were earned',
        querystring: Type.Object({ ...PageQuery, ...TimeRangeQuery, status: Type.Optional(StringEnum(COMMISSION_STATUSES)), influencerId: Type.Optional(Id) }),
        response: { 200: PageOf(Commission), ...errors(400) },
      },
    }, async (request) => {
      const { status, influencerId } = request.query;
      const filter = { status, influencerId, ...timeRange(request.query), vendorId: (request.caller.scope.vendorId ?? undefined) };
      return pageResponse(await listCommissions(deps.db, filter, pageQuery(request.query)), presentCommission);
    });

    app.get('/commissions/:id', {
      config: { access: ACCESS.read },
      schema: { tags, security: BEARER, summary: 'Get a commission', params: IdParams, response: { 200: Commission, ...errors(400, 404) } },
    }, async (request) => {
      const scope = (request.caller.scope.vendorId ?? undefined);
      const commission = await findCommissionById(deps.db, request.params.id);
      const visible = commission && (scope === undefined || (await findBrandById(deps.db, commission.brand_id))?.vendor_id === scope);
      if (!commission || !visible) throw new NotFoundError('commission', request.params.id);
      return presentCommission(commission);
    });
  };
}

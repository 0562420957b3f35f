import { Type } from 'typebox';
import { COMMISSION_KINDS, COMMISSION_STATUSES } from '../../core/commissions/commission.ts';
import { CONVERSION_STATUSES } from '../../core/conversions/conversions.ports.ts';
import type { ClickReport, CommissionReport, ConversionReport } from '../../core/reports/reports.ports.ts';
import { ACCESS } from './access.ts';
import { withIsoDates } from './present.ts';
import { adminRouteGroup } from './route-options.ts';
import { pageQuery, pageResponse, timeRange } from './paging.ts';
import { Id, IdParams, MinorUnits, Nullable, PageOf, PageQuery, StringEnum, TimeRangeQuery, Timestamp, errors } from './schemas.ts';

const ClickId = Type.String({ format: 'uuid', description: 'The click id: the dc_click value the vendor receives' });

const Click = Type.Object({
  id: ClickId, linkId: Id, influencerId: Id, productId: Id, clickedAt: Timestamp,
  counted: Type.Boolean({ description: 'Counts for stats and tiers (not a duplicate, not a bot, not a self-click)' }),
  duplicate: Type.Boolean({ description: 'Same visitor and link within 24 h' }), bot: Type.Boolean(), selfClick: Type.Boolean(),
});
const presentClick = (c: ClickReport) => withIsoDates(c);

const Conversion = Type.Object({
  id: Id, vendorId: Id, orderId: Type.String(), clickId: Nullable(ClickId), linkId: Nullable(Id), influencerId: Nullable(Id), productId: Nullable(Id),
  amount: MinorUnits, refundedAmount: MinorUnits, currency: Type.String(), status: StringEnum(CONVERSION_STATUSES),
  attributionReason: Nullable(Type.String()), selfPurchase: Type.Boolean(), occurredAt: Timestamp, receivedAt: Timestamp,
});
const presentConversion = (c: ConversionReport) => withIsoDates(c);

const Commission = Type.Object({
  id: Id, conversionId: Id, influencerId: Id, brandId: Id, kind: StringEnum(COMMISSION_KINDS),
  baseAmount: MinorUnits, amount: MinorUnits, reversedAmount: MinorUnits, currency: Type.String(),
  rateBps: Type.Integer({ description: 'The rate applied, tier multiplier included' }), baseRateBps: Type.Integer(), tierId: Nullable(Id),
  tierMultiplierBps: Type.Integer(), status: StringEnum(COMMISSION_STATUSES), payoutId: Nullable(Id),
  approvesAt: Timestamp, createdAt: Timestamp, approvedAt: Nullable(Timestamp), reversedAt: Nullable(Timestamp),
});
const presentCommission = (c: CommissionReport) => withIsoDates(c);

/** What happened: clicks, conversions and commissions, read-only, filtered and paged. */
export const reportsRoutes = adminRouteGroup('admin: reports', (app, route, deps) => {
  const reports = deps.services.people.reports;

  app.get('/clicks', route(ACCESS.read, {
    summary: 'List clicks, newest first (by click time)',
    querystring: Type.Object({
      ...PageQuery, ...TimeRangeQuery, linkId: Type.Optional(Id), influencerId: Type.Optional(Id), productId: Type.Optional(Id),
      counted: Type.Optional(Type.Boolean()),
    }),
    response: { 200: PageOf(Click), ...errors(400) },
  }), async ({ caller, query: { linkId, influencerId, productId, counted, ...rest } }) =>
    pageResponse(await reports.listClicks(caller, { linkId, influencerId, productId, counted, ...timeRange(rest) }, pageQuery(rest, 'uuid')), presentClick));

  app.get('/conversions', route(ACCESS.read, {
    summary: 'List conversions (vendor orders), newest first; from/to apply to the order time',
    querystring: Type.Object({ ...PageQuery, ...TimeRangeQuery, status: Type.Optional(StringEnum(CONVERSION_STATUSES)), influencerId: Type.Optional(Id) }),
    response: { 200: PageOf(Conversion), ...errors(400) },
  }), async ({ caller, query: { status, influencerId, ...rest } }) =>
    pageResponse(await reports.listConversions(caller, { status, influencerId, ...timeRange(rest) }, pageQuery(rest)), presentConversion));

  app.get('/conversions/:id', route(ACCESS.read, { summary: 'Get a conversion', params: IdParams, response: { 200: Conversion, ...errors(400, 404) } }), async (request) => presentConversion(await reports.getConversion(request.caller, request.params.id)));

  app.get('/commissions', route(ACCESS.read, {
    summary: 'List commissions, newest first; from/to apply to when they were earned',
    querystring: Type.Object({ ...PageQuery, ...TimeRangeQuery, status: Type.Optional(StringEnum(COMMISSION_STATUSES)), influencerId: Type.Optional(Id) }),
    response: { 200: PageOf(Commission), ...errors(400) },
  }), async ({ caller, query: { status, influencerId, ...rest } }) =>
    pageResponse(await reports.listCommissions(caller, { status, influencerId, ...timeRange(rest) }, pageQuery(rest)), presentCommission));

  app.get('/commissions/:id', route(ACCESS.read, { summary: 'Get a commission', params: IdParams, response: { 200: Commission, ...errors(400, 404) } }), async (request) => presentCommission(await reports.getCommission(request.caller, request.params.id)));
});

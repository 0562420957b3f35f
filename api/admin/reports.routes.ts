import { Type, type TSchema } from 'typebox';
import type { Caller } from '../../core/access/access.ts';
import type { Page, PageQuery as PageRequest, TimeRange } from '../../core/shared/paging.ts';
import { CLICK_FLAGS } from '../../core/clicks/click-flags.ts';
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
  flag: Nullable(StringEnum(CLICK_FLAGS, {
    description: 'Why it is not counted, the first rule that applies: bot, datacenter (a cloud provider\'s address), self (the influencer\'s own device), '
      + 'duplicate, velocity_visitor or velocity_address (past a click limit: a flood); null when counted',
  })),
});
const presentClick = (c: ClickReport) => withIsoDates(c);

const Conversion = Type.Object({
  id: Id, vendorId: Id, orderId: Type.String(), clickId: Nullable(ClickId), linkId: Nullable(Id), influencerId: Nullable(Id), productId: Nullable(Id),
  amount: MinorUnits, refundedAmount: MinorUnits, currency: Type.String(), status: StringEnum(CONVERSION_STATUSES),
  attributionReason: Nullable(Type.String()), selfPurchase: Type.Boolean(), occurredAt: Timestamp, receivedAt: Timestamp,
  held: Type.Boolean({ description: 'A commission of the order is on hold for review' }),
  holdReason: Nullable(Type.String({ description: 'Why (the first hold)' })), heldAt: Nullable(Timestamp),
  fraudAt: Nullable(Timestamp), fraudReason: Nullable(Type.String({ description: 'Set when an admin marked the order as fraud' })),
  influencerName: Nullable(Type.String({ description: 'The attributed influencer\'s display name' })),
  linkCode: Nullable(Type.String({ description: 'The attributed link\'s code' })), linkGroupLabel: Nullable(Type.String({ description: 'The attributed link\'s group label' })),
});
const presentConversion = (c: ConversionReport) => withIsoDates(c);

const Commission = Type.Object({
  id: Id, conversionId: Id, influencerId: Id, brandId: Id, kind: StringEnum(COMMISSION_KINDS),
  baseAmount: MinorUnits, amount: MinorUnits, reversedAmount: MinorUnits, currency: Type.String(),
  rateBps: Type.Integer({ description: 'The rate applied, tier multiplier included' }), baseRateBps: Type.Integer(), tierId: Nullable(Id),
  tierMultiplierBps: Type.Integer(), status: StringEnum(COMMISSION_STATUSES), payoutId: Nullable(Id),
  approvesAt: Timestamp, createdAt: Timestamp, approvedAt: Nullable(Timestamp), reversedAt: Nullable(Timestamp),
  held: Type.Boolean({ description: 'On hold for review: approval and payouts leave it alone until released' }),
  holdReason: Nullable(Type.String()), heldAt: Nullable(Timestamp), heldBy: Nullable(Type.String({ description: 'The actor who held it' })),
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

  /** Conversions and commissions read alike: a list by status, influencer, hold and time, and one by id. */
  function statusReports<S extends string, R extends { id: string }>(spec: {
    path: string; noun: string; timeNote: string; statuses: readonly S[]; schema: TSchema; present: (report: R) => unknown;
    list(caller: Caller, filter: { status?: S; influencerId?: string; held?: boolean; conversionId?: string } & TimeRange, page: PageRequest): Promise<Page<R>>;
    get(caller: Caller, id: string): Promise<R>;
    /** Lists the commissions of one order. */
    byConversion?: boolean;
  }) {
    const conversionFilter = { conversionId: Type.Optional(Id) };
    // Typed as present for both lists: the conversions' list simply never receives it.
    const byConversion = (spec.byConversion ? conversionFilter : {}) as typeof conversionFilter;
    app.get(`/${spec.path}`, route(ACCESS.read, {
      summary: `List ${spec.path}, newest first; from/to apply to ${spec.timeNote}`,
      querystring: Type.Object({
        ...PageQuery, ...TimeRangeQuery, status: Type.Optional(StringEnum(spec.statuses)), influencerId: Type.Optional(Id),
        held: Type.Optional(Type.Boolean({ description: 'true: only those on hold for review' })), ...byConversion,
      }),
      response: { 200: PageOf(spec.schema), ...errors(400) },
    }), async ({ caller, query: { status, influencerId, held, conversionId, ...rest } }) => {
      return pageResponse(await spec.list(caller, { status, influencerId, held, conversionId, ...timeRange(rest) }, pageQuery(rest)), spec.present);
    });
    app.get(`/${spec.path}/:id`, route(ACCESS.read, { summary: `Get a ${spec.noun}`, params: IdParams, response: { 200: spec.schema, ...errors(400, 404) } }),
      async (request) => spec.present(await spec.get(request.caller, request.params.id)));
  }

  statusReports({
    path: 'conversions', noun: 'conversion', timeNote: 'the order time', statuses: CONVERSION_STATUSES, schema: Conversion, present: presentConversion,
    list: (caller, filter, page) => reports.listConversions(caller, filter, page), get: (caller, id) => reports.getConversion(caller, id),
  });
  statusReports({
    path: 'commissions', noun: 'commission', timeNote: 'when they were earned', statuses: COMMISSION_STATUSES, schema: Commission, present: presentCommission, byConversion: true,
    list: (caller, filter, page) => reports.listCommissions(caller, filter, page), get: (caller, id) => reports.getCommission(caller, id),
  });
});

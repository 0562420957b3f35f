import { Type } from 'typebox';
import type { CommissionReview, ConversionReview } from '../../core/settlement/review.service.ts';
import { ACCESS } from './access.ts';
import { withIsoDates } from './present.ts';
import { adminRouteGroup } from './route-options.ts';
import { Balances, CommissionTrailSchema, IdItem, PayoutSchema, presentCommissionTrail, presentPayout } from './money.schemas.ts';
import { pageQuery, pageResponse } from './paging.ts';
import { Currency, Id, IdParams, Nullable, PageOf, PageQuery, Timestamp, errors } from './schemas.ts';

const StatementLine = Type.Object({
  id: Id, at: Timestamp, transactionId: Type.String(), kind: Type.String(), account: Type.String(),
  amount: Type.Integer({ description: 'From the influencer\'s side: positive adds to what they are owed in this account' }),
  currency: Type.String(), commissionId: Nullable(Id), payoutId: Nullable(Id), conversionId: Nullable(Id), orderId: Nullable(Type.String()),
  clickId: Nullable(Type.String({ description: 'The click (dc_click) that earned the order' })),
});

const ReasonBody = Type.Object({ reason: Type.String({ minLength: 3, maxLength: 500, pattern: '\\S' }) }, { additionalProperties: false });

const CommissionReviewSchema = Type.Object({
  commissionId: Id, conversionId: Id, kind: Type.String(), status: Type.String(), influencerId: Id,
  held: Type.Boolean({ description: 'On hold for review: approval and payouts leave it alone until released' }),
  holdReason: Nullable(Type.String()), heldAt: Nullable(Timestamp), heldBy: Nullable(Type.String({ description: 'The actor who held it' })),
});
const presentCommissionReview = (r: CommissionReview) => withIsoDates(r);

const ConversionReviewSchema = Type.Object({
  conversionId: Id, orderId: Type.String(),
  fraudAt: Nullable(Timestamp), fraudReason: Nullable(Type.String()), fraudBy: Nullable(Type.String()),
  commissions: Type.Array(CommissionReviewSchema),
  changed: Type.Array(IdItem, { description: 'The commissions this call changed' }),
});
const presentConversionReview = (r: ConversionReview) => ({ ...withIsoDates(r), commissions: r.commissions.map(presentCommissionReview) });

/** Following an influencer's money: balances, statement, one commission's trail; holding, releasing and reversing commissions. */
export const moneyRoutes = adminRouteGroup('admin: money', (app, route, deps) => {
  const money = deps.services.money;
  const review = money.review;

  app.get('/influencers/:id/money', route(ACCESS.staffRead, {
    summary: "An influencer's money: balances per currency, commissions by status, latest payouts",
    params: IdParams,
    response: {
      200: Type.Object({
        influencerId: Id, payoutCurrency: Type.String(), tierId: Nullable(Id), tierPinned: Type.Boolean(), recruitedBy: Nullable(Id),
        balances: Type.Array(Balances),
        commissions: Type.Array(Type.Object({ kind: Type.String(), status: Type.String(), currency: Type.String(), count: Type.Integer(), net: Type.Integer(), reversed: Type.Integer() })),
        payouts: Type.Array(PayoutSchema),
      }),
      ...errors(400, 404),
    },
  }), async (request) => {
    const m = await money.influencers.money(request.params.id);
    return { ...m, payouts: m.payouts.map(presentPayout) };
  });

  app.put('/influencers/:id/payout-currency', route(ACCESS.manage, {
    summary: 'Set the currency an influencer is paid in',
    description: 'Applies to commissions earned from now on; balances already held in another currency stay in it and are paid out in it.',
    params: IdParams,
    body: Type.Object({ currency: Currency }, { additionalProperties: false }),
    response: { 200: Type.Object({ influencerId: Id, payoutCurrency: Type.String(), previous: Type.String() }), ...errors(400, 404) },
  }), async (request) => money.influencers.setPayoutCurrency(request.caller, { influencerId: request.params.id, currency: request.body.currency }));

  app.get('/influencers/:id/statement', route(ACCESS.staffRead, {
    summary: "An influencer's ledger statement, newest first, each line with the order and click behind it",
    params: IdParams, querystring: Type.Object({ ...PageQuery }),
    response: { 200: PageOf(StatementLine), ...errors(400, 404) },
  }), async (request) => pageResponse(await money.influencers.statement(request.params.id, pageQuery(request.query)), withIsoDates));

  app.get('/commissions/:id/trail', route(ACCESS.staffRead, {
    summary: 'One commission from the click to the payout: the order, the rate, every posting, the payout',
    params: IdParams,
    response: {
      200: CommissionTrailSchema,
      ...errors(400, 404),
    },
  }), async (request) => presentCommissionTrail(await money.commissions.trail(request.caller, request.params.id)));

  app.post('/commissions/:id/reverse', route(ACCESS.manage, {
    summary: 'Reverse a commission in full (fraud), with the override it earned a recruiter',
    description: 'Pending or approved money is reversed; money already in a payout is clawed back from the available balance and netted by the next payout.',
    params: IdParams,
    body: Type.Object({ reason: Type.String({ minLength: 3, maxLength: 500 }) }, { additionalProperties: false }),
    response: { 200: Type.Object({ commissionId: Id, reversedNow: Type.Integer(), status: Type.String(), overridesReversed: Type.Array(Id) }), ...errors(400, 404) },
  }), async (request) => money.commissions.reverse(request.caller, { commissionId: request.params.id, reason: request.body.reason }));

  app.post('/commissions/:id/hold', route(ACCESS.manage, {
    summary: 'Hold a commission for review: approval skips it past its lock date and no payout takes it, until released',
    description: 'Pending or approved money only (409 for money in a payout, paid or reversed). Holding a held commission changes nothing.',
    params: IdParams, body: ReasonBody,
    response: { 200: CommissionReviewSchema, ...errors(400, 404, 409) },
  }), async (request) => presentCommissionReview(await review.holdCommission(request.caller, { commissionId: request.params.id, reason: request.body.reason })));

  app.post('/commissions/:id/release', route(ACCESS.manage, {
    summary: 'Release a held commission: the next approval run approves it if its lock has ended',
    params: IdParams,
    response: { 200: CommissionReviewSchema, ...errors(400, 404) },
  }), async (request) => presentCommissionReview(await review.releaseCommission(request.caller, { commissionId: request.params.id })));

  app.post('/conversions/:id/hold', route(ACCESS.manage, {
    summary: 'Hold every commission of an order that can still move, the recruiters\' overrides on it included',
    description: '409 when the order earned nothing, or all of it is in a payout, paid or reversed.',
    params: IdParams, body: ReasonBody,
    response: { 200: ConversionReviewSchema, ...errors(400, 404, 409) },
  }), async (request) => presentConversionReview(await review.holdConversion(request.caller, { conversionId: request.params.id, reason: request.body.reason })));

  app.post('/conversions/:id/release', route(ACCESS.manage, {
    summary: 'Release every held commission of an order',
    params: IdParams,
    response: { 200: ConversionReviewSchema, ...errors(400, 404) },
  }), async (request) => presentConversionReview(await review.releaseConversion(request.caller, { conversionId: request.params.id })));

  app.post('/conversions/:id/fraud', route(ACCESS.manage, {
    summary: 'Mark an order as fraud: reverse all its commissions (with the overrides they earned) as a full refund would',
    description: 'Balanced postings; money already in a payout is clawed back from the available balance and netted by the next payout. '
      + 'The influencers are told of each reversal. Holds are lifted. Marking it again changes nothing.',
    params: IdParams, body: ReasonBody,
    response: {
      200: Type.Object({ ...ConversionReviewSchema.properties, reversed: Type.Array(Type.Object({ commissionId: Id, reversedNow: Type.Integer(), status: Type.String() })) }),
      ...errors(400, 404),
    },
  }), async (request) => {
    const result = await review.markFraud(request.caller, { conversionId: request.params.id, reason: request.body.reason });
    return { ...presentConversionReview(result), reversed: result.reversed };
  });

  app.post('/commissions/approvals', route(ACCESS.manage, {
    summary: 'Approve matured commissions now (the hourly job, on demand)',
    response: {
      200: Type.Object({ approved: Type.Integer(), overrides: Type.Integer(), batches: Type.Integer(), totals: Type.Record(Type.String(), Type.Integer()) }),
      ...errors(),
    },
  }), async (request) => money.commissions.approveMatured(request.caller));
});

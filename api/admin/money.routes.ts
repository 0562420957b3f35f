import { Type } from 'typebox';
import { ACCESS } from './access.ts';
import { withIsoDates } from './present.ts';
import { adminRouteGroup } from './route-options.ts';
import { Balances, CommissionTrailSchema, PayoutSchema, presentCommissionTrail, presentPayout } from './money.schemas.ts';
import { pageQuery, pageResponse } from './paging.ts';
import { Currency, Id, IdParams, Nullable, PageOf, PageQuery, Timestamp, errors } from './schemas.ts';

const StatementLine = Type.Object({
  id: Id, at: Timestamp, transactionId: Type.String(), kind: Type.String(), account: Type.String(),
  amount: Type.Integer({ description: 'From the influencer\'s side: positive adds to what they are owed in this account' }),
  currency: Type.String(), commissionId: Nullable(Id), payoutId: Nullable(Id), conversionId: Nullable(Id), orderId: Nullable(Type.String()),
  clickId: Nullable(Type.String({ description: 'The click (dc_click) that earned the order' })),
});

/** Following an influencer's money: balances, statement, one commission's trail; reversing a commission. */
export const moneyRoutes = adminRouteGroup('admin: money', (app, route, deps) => {
  const money = deps.services.money;

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

  app.post('/commissions/approvals', route(ACCESS.manage, {
    summary: 'Approve matured commissions now (the hourly job, on demand)',
    response: {
      200: Type.Object({ approved: Type.Integer(), overrides: Type.Integer(), batches: Type.Integer(), totals: Type.Record(Type.String(), Type.Integer()) }),
      ...errors(),
    },
  }), async (request) => money.commissions.approveMatured(request.caller));
});

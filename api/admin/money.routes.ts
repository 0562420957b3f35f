import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { NotFoundError } from '../../core/shared/errors.ts';
import { formatRateE9 } from '../../core/money/fx.ts';
import { assertCurrency } from '../../core/money/money.ts';
import { approveMaturedCommissions, checkReversalReason, reverseCommission, type SettlementContext } from '../../core/settlement/settlement.service.ts';
import { findCommissionById, findConversionById } from '../../db/lists.repository.ts';
import { recordAudit } from '../../db/admins.repository.ts';
import { commissionTallies, influencerBalances, influencerStatement, ledgerLinesOf, setPayoutCurrency } from '../../db/money.repository.ts';
import { findPayoutById, listPayouts } from '../../db/payout-lists.repository.ts';
import { toPayout } from '../../db/payouts.repository.ts';
import { createSettlementStore } from '../../db/settlement.repository.ts';
import type { AppDeps } from '../deps.ts';
import { ACCESS } from './access.ts';
import { Balances, LedgerLine, PayoutSchema, presentPayout } from './money.schemas.ts';
import { pageQuery, pageResponse } from './paging.ts';
import { BEARER, Currency, Id, IdParams, MinorUnits, Nullable, PageOf, PageQuery, Timestamp, errors } from './schemas.ts';

const StatementLine = Type.Object({
  id: Id, at: Timestamp, transactionId: Type.String(), kind: Type.String(), account: Type.String(),
  amount: Type.Integer({ description: 'From the influencer\'s side: positive adds to what they are owed in this account' }),
  currency: Type.String(), commissionId: Nullable(Id), payoutId: Nullable(Id), conversionId: Nullable(Id), orderId: Nullable(Type.String()),
  clickId: Nullable(Type.String({ description: 'The click (dc_click) that earned the order' })),
});

const tags = ['admin: money'];

/** Following an influencer's money: balances, statement, one commission's trail; reversing a commission. */
export function moneyRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (instance) => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    const ctx = (): SettlementContext => ({
      store: createSettlementStore(deps.db), clock: deps.clock, notifier: deps.notifier,
      onNotifyError: (err) => deps.logger.error({ err }, 'settlement notification could not be handed over'),
    });

    app.get('/influencers/:id/money', {
      config: { access: ACCESS.staffRead },
      schema: {
        tags, security: BEARER, summary: "An influencer's money: balances per currency, commissions by status, latest payouts",
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
      },
    }, async (request) => {
      const influencer = await deps.db.selectFrom('influencers').select(['id', 'payout_currency', 'tier_id', 'tier_pinned', 'recruited_by'])
        .where('id', '=', request.params.id).executeTakeFirst();
      if (!influencer) throw new NotFoundError('influencer', request.params.id);
      const payouts = await listPayouts(deps.db, { influencerId: influencer.id }, { limit: 20 });
      return {
        influencerId: influencer.id, payoutCurrency: influencer.payout_currency, tierId: influencer.tier_id, tierPinned: influencer.tier_pinned,
        recruitedBy: influencer.recruited_by,
        balances: await influencerBalances(deps.db, influencer.id),
        commissions: await commissionTallies(deps.db, influencer.id),
        payouts: payouts.items.map((row) => presentPayout(toPayout(row))),
      };
    });

    app.put('/influencers/:id/payout-currency', {
      config: { access: ACCESS.manage },
      schema: {
        tags, security: BEARER, summary: 'Set the currency an influencer is paid in',
        description: 'Applies to commissions earned from now on; balances already held in another currency stay in it and are paid out in it.',
        params: IdParams,
        body: Type.Object({ currency: Currency }, { additionalProperties: false }),
        response: { 200: Type.Object({ influencerId: Id, payoutCurrency: Type.String(), previous: Type.String() }), ...errors(400, 404) },
      },
    }, async (request) => {
      const currency = assertCurrency(request.body.currency.toUpperCase());
      const previous = await deps.db.transaction().execute(async (trx) => {
        const before = await setPayoutCurrency(trx, request.params.id, currency);
        if (before === undefined) throw new NotFoundError('influencer', request.params.id);
        await recordAudit(trx, { actor: request.caller.actor, action: 'influencer.payout_currency', entity: 'influencer', entityId: request.params.id, details: { from: before, to: currency } });
        return before;
      });
      return { influencerId: request.params.id, payoutCurrency: currency, previous };
    });

    app.get('/influencers/:id/statement', {
      config: { access: ACCESS.staffRead },
      schema: {
        tags, security: BEARER, summary: "An influencer's ledger statement, newest first, each line with the order and click behind it",
        params: IdParams, querystring: Type.Object({ ...PageQuery }),
        response: { 200: PageOf(StatementLine), ...errors(400, 404) },
      },
    }, async (request) => {
      const page = await influencerStatement(deps.db, request.params.id, pageQuery(request.query));
      return pageResponse(page, (line) => ({ ...line, at: line.at.toISOString() }));
    });

    app.get('/commissions/:id/trail', {
      config: { access: ACCESS.staffRead },
      schema: {
        tags, security: BEARER, summary: 'One commission from the click to the payout: the order, the rate, every posting, the payout',
        params: IdParams,
        response: {
          200: Type.Object({
            commission: Type.Object({
              id: Id, kind: Type.String(), status: Type.String(), influencerId: Id, amount: MinorUnits, reversedAmount: MinorUnits, currency: Type.String(),
              payoutAmount: MinorUnits, reversedPayoutAmount: MinorUnits, payoutCurrency: Type.String(), fxRate: Type.String(),
              rateBps: Type.Integer(), tierId: Nullable(Id), tierMultiplierBps: Type.Integer(), sourceCommissionId: Nullable(Id),
              createdAt: Timestamp, approvesAt: Timestamp, approvedAt: Nullable(Timestamp), reversedAt: Nullable(Timestamp),
            }),
            conversion: Type.Object({
              id: Id, orderId: Type.String(), clickId: Nullable(Type.String()), linkId: Nullable(Id), amount: MinorUnits, refundedAmount: MinorUnits,
              currency: Type.String(), occurredAt: Timestamp, receivedAt: Timestamp, fxRate: Nullable(Type.String()), payoutCurrency: Nullable(Type.String()),
            }),
            ledger: Type.Array(LedgerLine),
            payout: Nullable(PayoutSchema),
            payoutLedger: Type.Array(LedgerLine),
          }),
          ...errors(400, 404),
        },
      },
    }, async (request) => {
      const c = await findCommissionById(deps.db, request.params.id);
      if (!c) throw new NotFoundError('commission', request.params.id);
      const v = (await findConversionById(deps.db, c.conversion_id))!;
      const payout = c.payout_id === null ? undefined : await findPayoutById(deps.db, c.payout_id);
      const lines = async (owner: { commissionId?: string; payoutId?: string }) =>
        (await ledgerLinesOf(deps.db, owner)).map((l) => ({ ...l, at: l.at.toISOString() }));
      return {
        commission: {
          id: c.id, kind: c.kind, status: c.status, influencerId: c.influencer_id, amount: Number(c.amount), reversedAmount: Number(c.reversed_amount),
          currency: c.currency, payoutAmount: Number(c.payout_amount), reversedPayoutAmount: Number(c.reversed_payout_amount), payoutCurrency: c.payout_currency,
          fxRate: formatRateE9(BigInt(c.fx_rate_e9)), rateBps: c.rate_bps, tierId: c.tier_id, tierMultiplierBps: c.tier_multiplier_bps,
          sourceCommissionId: c.source_commission_id, createdAt: c.created_at.toISOString(), approvesAt: c.approves_at.toISOString(),
          approvedAt: c.approved_at?.toISOString() ?? null, reversedAt: c.reversed_at?.toISOString() ?? null,
        },
        conversion: {
          id: v.id, orderId: v.order_id, clickId: v.click_id, linkId: v.link_id, amount: Number(v.amount), refundedAmount: Number(v.refunded_amount),
          currency: v.currency, occurredAt: v.occurred_at.toISOString(), receivedAt: v.received_at.toISOString(),
          fxRate: v.fx_rate_e9 === null ? null : formatRateE9(BigInt(v.fx_rate_e9)), payoutCurrency: v.payout_currency,
        },
        ledger: await lines({ commissionId: c.id }),
        payout: payout ? presentPayout(toPayout(payout)) : null,
        payoutLedger: payout ? await lines({ payoutId: payout.id }) : [],
      };
    });

    app.post('/commissions/:id/reverse', {
      config: { access: ACCESS.manage },
      schema: {
        tags, security: BEARER, summary: 'Reverse a commission in full (fraud), with the override it earned a recruiter',
        description: 'Pending or approved money is reversed; money already in a payout is clawed back from the available balance and netted by the next payout.',
        params: IdParams,
        body: Type.Object({ reason: Type.String({ minLength: 3, maxLength: 500 }) }, { additionalProperties: false }),
        response: { 200: Type.Object({ commissionId: Id, reversedNow: Type.Integer(), status: Type.String(), overridesReversed: Type.Array(Id) }), ...errors(400, 404) },
      },
    }, async (request) => {
      return reverseCommission(ctx(), { commissionId: request.params.id, reason: checkReversalReason(request.body.reason), actor: request.caller.actor });
    });

    app.post('/commissions/approvals', {
      config: { access: ACCESS.manage },
      schema: {
        tags, security: BEARER, summary: 'Approve matured commissions now (the hourly job, on demand)',
        response: {
          200: Type.Object({ approved: Type.Integer(), overrides: Type.Integer(), batches: Type.Integer(), totals: Type.Record(Type.String(), Type.Integer()) }),
          ...errors(),
        },
      },
    }, async () => {
      return approveMaturedCommissions(ctx());
    });
  };
}

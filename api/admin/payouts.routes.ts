import { Type } from 'typebox';
import type { PayoutListItem } from '../../core/payouts/payout-reads.ports.ts';
import { PAYOUT_STATUSES } from '../../core/payouts/payouts.ports.ts';
import { ACCESS } from './access.ts';
import { withIsoDates } from './present.ts';
import { adminRouteGroup } from './route-options.ts';
import { minorToDecimal, toCsv } from './csv.ts';
import { IdItem, LedgerLine, PayoutSchema, presentLedgerEntry, presentPayout as present } from './money.schemas.ts';
import { pageQuery, pageResponse, timeRange } from './paging.ts';
import { Currency, Id, IdParams, MinorUnits, PageOf, PageQuery, StringEnum, TimeRangeQuery, Timestamp, errors } from './schemas.ts';

const STATUSES = PAYOUT_STATUSES;
/** A payout as the list and the detail show it: with whom it pays. */
const PayoutListed = Type.Object({ ...PayoutSchema.properties, influencerName: Type.String({ description: 'The influencer\'s display name' }) });
const presentListed = (p: PayoutListItem) => withIsoDates(p);
const RunKey = Type.String({ minLength: 1, maxLength: 100, pattern: '^[^\\u0000-\\u001f\\u007f]+$', description: 'The run (batch) that created the payouts' });

/** Payouts: runs, the admin's decisions (approve, paid, failed), and the CSV payment file of a batch. */
export const payoutsRoutes = adminRouteGroup('admin: payouts', (app, route, deps) => {
  const payouts = deps.services.money.payouts;

  app.get('/payouts', route(ACCESS.staffRead, {
    summary: 'List payouts, newest first',
    querystring: Type.Object({
      ...PageQuery, ...TimeRangeQuery, status: Type.Optional(StringEnum(STATUSES)), runKey: Type.Optional(RunKey),
      influencerId: Type.Optional(Id), currency: Type.Optional(Currency),
    }),
    response: { 200: PageOf(PayoutListed), ...errors(400) },
  }), async (request) => {
    const { status, runKey, influencerId, currency } = request.query;
    const filter = { status, runKey, influencerId, currency: currency?.toUpperCase(), ...timeRange(request.query) };
    return pageResponse(await payouts.list(filter, pageQuery(request.query)), presentListed);
  });

  app.get('/payouts/runs', route(ACCESS.staffRead, {
    summary: 'Payout runs (batches), newest first, with their count and total per currency',
    response: { 200: Type.Object({ items: Type.Array(Type.Object({ runKey: Type.String(), currency: Type.String(), payouts: Type.Integer(), total: MinorUnits, createdAt: Timestamp })) }), ...errors() },
  }), async () => ({ items: (await payouts.runs()).map(withIsoDates) }));

  app.post('/payouts/runs', route(ACCESS.manage, {
    summary: 'Run payouts now: one payout per influencer and currency whose available balance reaches the minimum',
    description: 'The same run as the weekly job. Safe to repeat and safe while the job runs: a balance is paid once. A repeated runKey creates nothing new.',
    body: Type.Object({ runKey: Type.Optional(RunKey) }, { additionalProperties: false }),
    response: {
      201: Type.Object({
        runKey: Type.String(),
        payouts: Type.Array(Type.Object({ id: Id, influencerId: Id, currency: Type.String(), amount: MinorUnits, commissions: Type.Integer() })),
        totals: Type.Record(Type.String(), Type.Integer()),
      }),
      ...errors(400),
    },
  }), async (request, reply) => reply.status(201).send(await payouts.run(request.caller, { runKey: request.body?.runKey })));

  app.get('/payouts/export', route(ACCESS.staffRead, {
    summary: 'Payouts as CSV (the payment file): one run, or the list\'s filters',
    description: 'text/csv, one line per payout, oldest first, with the same filters as GET /payouts; status=approved (the default) lists what is ready to pay, '
      + 'status=all every status. Amounts as exact decimals and in minor units; payout_method (iban, blik, paypal) and payout_account (the full IBAN, '
      + 'BLIK phone or PayPal e-mail to pay to, empty when the influencer set none). At most 50,000 lines (400 beyond: narrow the filters).',
    querystring: Type.Object({
      ...TimeRangeQuery, runKey: Type.Optional(RunKey), status: Type.Optional(StringEnum([...STATUSES, 'all'] as const)),
      influencerId: Type.Optional(Id), currency: Type.Optional(Currency),
    }),
  }), async (request, reply) => {
    const { runKey, status, influencerId, currency } = request.query;
    const lines = await payouts.batch({ runKey, status, influencerId, currency: currency?.toUpperCase(), ...timeRange(request.query) });
    const csv = toCsv(
      ['payout_id', 'run_key', 'influencer_id', 'influencer_name', 'country', 'currency', 'amount', 'amount_minor', 'status', 'created_at', 'approved_at', 'reference', 'payout_method', 'payout_account'],
      lines.map(({ payout: p, influencerName, country, payoutMethod }) => [
        p.id, p.runKey, p.influencerId, influencerName, country, p.currency, minorToDecimal(p.amount, p.currency), p.amount, p.status,
        p.createdAt.toISOString(), p.approvedAt?.toISOString() ?? null, p.reference, payoutMethod?.kind ?? null, payoutMethod?.account ?? null,
      ]),
    );
    const name = `payouts-${(runKey ?? status ?? 'approved').replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 80)}.csv`;
    return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}"`).send(csv);
  });

  app.get('/payouts/:id', route(ACCESS.staffRead, {
    summary: 'A payout with the commissions it took in and its ledger postings',
    params: IdParams,
    response: {
      200: Type.Object({
        ...PayoutListed.properties,
        commissions: Type.Array(Type.Object({ id: Id, kind: Type.String(), status: Type.String(), conversionId: Id, payoutAmount: MinorUnits, reversedPayoutAmount: MinorUnits })),
        ledger: Type.Array(LedgerLine),
      }),
      ...errors(400, 404),
    },
  }), async (request) => {
    const { payout, commissions, ledger } = await payouts.detail(request.params.id);
    return { ...presentListed(payout), commissions, ledger: ledger.map(presentLedgerEntry) };
  });

  app.post('/payouts/:id/approve', route(ACCESS.manage, { summary: 'Approve a pending payout for payment', params: IdParams, response: { 200: PayoutSchema, ...errors(400, 404, 409) } }), async (request) => present(await payouts.approve(request.caller, { payoutId: request.params.id })));

  app.post('/payouts/approve-batch', route(ACCESS.manage, {
    summary: 'Approve every pending payout of a run, or of a list of ids (what a filtered list shows)',
    description: 'Send runKey or payoutIds. Payouts no longer pending are left as they are; the answer lists those approved now.',
    body: Type.Union([
      Type.Object({ runKey: RunKey }, { additionalProperties: false }),
      Type.Object({ payoutIds: Type.Array(IdItem, { minItems: 1, maxItems: 500, description: 'Payout ids' }) }, { additionalProperties: false }),
    ]),
    response: { 200: Type.Object({ approved: Type.Array(PayoutSchema) }), ...errors(400) },
  }), async (request) => ({
    approved: (await payouts.approveBatch(request.caller, 'runKey' in request.body ? { runKey: request.body.runKey } : { payoutIds: request.body.payoutIds })).map(present),
  }));

  app.post('/payouts/:id/paid', route(ACCESS.manage, {
    summary: 'Mark an approved payout paid, with the payment reference',
    description: 'The influencer is told in chat. Repeating it with the same reference changes nothing; another reference is 409.',
    params: IdParams,
    body: Type.Object({ reference: Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' }) }, { additionalProperties: false }),
    response: { 200: PayoutSchema, ...errors(400, 404, 409) },
  }), async (request) => present(await payouts.markPaid(request.caller, { payoutId: request.params.id, reference: request.body.reference })));

  app.post('/payouts/:id/failed', route(ACCESS.manage, {
    summary: 'Mark a payout failed: its money returns to the available balance',
    params: IdParams,
    body: Type.Object({ reason: Type.String({ minLength: 1, maxLength: 500, pattern: '\\S' }) }, { additionalProperties: false }),
    response: { 200: PayoutSchema, ...errors(400, 404, 409) },
  }), async (request) => present(await payouts.markFailed(request.caller, { payoutId: request.params.id, reason: request.body.reason })));
});

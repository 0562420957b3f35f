import { Type } from 'typebox';
import { ACCESS } from './access.ts';
import { adminRouteGroup } from './route-options.ts';
import { Timestamp, errors } from './schemas.ts';

/** The platform's books: totals per account, and the check of every invariant (`dealcast ledger check`). */
export const ledgerRoutes = adminRouteGroup('admin: ledger', (app, route, deps) => {
  const ledger = deps.services.money.ledger;

  app.get('/ledger/check', route(ACCESS.staffRead, {
    summary: 'Verify the ledger: balanced postings, no unexplained negative balance, commissions and payouts reconciled',
    description: 'The same check as `dealcast ledger check`. Reads the whole ledger: run it off-peak on a large database.',
    response: {
      200: Type.Object({
        ok: Type.Boolean(),
        checkedAt: Timestamp,
        figures: Type.Object({
          transactions: Type.Integer(), entries: Type.Integer(), commissions: Type.Integer(), payouts: Type.Integer(),
          totals: Type.Record(Type.String(), Type.String({ description: 'Sum of every entry in the currency; "0" when balanced' })),
        }),
        checks: Type.Array(Type.Object({
          name: Type.String(), description: Type.String(), ok: Type.Boolean(), violations: Type.Integer(),
          examples: Type.Array(Type.Record(Type.String(), Type.Unknown())),
        })),
      }),
      ...errors(),
    },
  }), async () => ledger.check());

  app.get('/ledger/accounts', route(ACCESS.staffRead, {
    summary: 'The sum of every account per currency (debit positive, credit negative)',
    response: { 200: Type.Object({ items: Type.Array(Type.Object({ account: Type.String(), currency: Type.String(), total: Type.Integer() })) }), ...errors() },
  }), async () => ({ items: await ledger.accountTotals() }));
});

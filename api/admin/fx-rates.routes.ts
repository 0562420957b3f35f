import { parse } from 'csv-parse/sync';
import { Type } from 'typebox';
import { ValidationError } from '../../core/shared/errors.ts';
import { formatRateE9 } from '../../core/money/fx.ts';
import type { FxRateInput } from '../../core/money/fx-rates.ts';
import type { FxRate as StoredRate } from '../../core/money/fx-rates.ports.ts';
import { ACCESS } from './access.ts';
import { adminRouteGroup } from './route-options.ts';
import { Currency, Timestamp, errors } from './schemas.ts';

const RateText = Type.String({ pattern: '^[0-9]{1,9}(\\.[0-9]{1,9})?$', description: 'Quote units per base unit, at most 9 decimals, e.g. "4.2735"' });
const FxRate = Type.Object({
  base: Type.String(), quote: Type.String(), rate: Type.String({ description: 'Exact decimal' }),
  rateE9: Type.String({ description: 'The stored integer: rate × 10^9' }), validFrom: Timestamp,
});
const present = (r: StoredRate) => ({ base: r.base, quote: r.quote, rate: formatRateE9(r.rateE9), rateE9: String(r.rateE9), validFrom: r.validFrom.toISOString() });

/** Upper bound of an import: a few hundred pairs, years of daily rates at most. */
const MAX_IMPORT_BYTES = 512 * 1024;
/**
 * FX rates: a commission is converted into the influencer's payout currency at the rate in
 * force when the order arrives (stored with the conversion), so a new rate changes only what
 * comes after it.
 */
export const fxRatesRoutes = adminRouteGroup('admin: fx rates', (app, route, deps) => {
  const fxRates = deps.services.money.fxRates;
  app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: MAX_IMPORT_BYTES }, (_request, body, done) => done(null, body));

  app.get('/fx-rates', route(ACCESS.read, {
    summary: 'FX rates in force now per pair (or every stored rate with history=true)',
    querystring: Type.Object({ base: Type.Optional(Currency), quote: Type.Optional(Currency), history: Type.Optional(Type.Boolean()) }),
    response: { 200: Type.Object({ items: Type.Array(FxRate) }), ...errors(400) },
  }), async (request) => ({ items: (await fxRates.list(request.query)).map(present) }));

  app.post('/fx-rates', route(ACCESS.manage, {
    summary: 'Set a rate from validFrom (default now); the inverse pair is derived when not set',
    body: Type.Object({ base: Currency, quote: Currency, rate: RateText, validFrom: Type.Optional(Type.String({ format: 'date-time' })) }, { additionalProperties: false }),
    response: { 201: FxRate, ...errors(400) },
  }), async (request, reply) => reply.status(201).send(present(await fxRates.set(request.caller, request.body))));

  app.post('/fx-rates/import', route(ACCESS.manage, {
    summary: 'Import rates from CSV (Content-Type: text/csv; columns base,quote,rate[,valid_from])',
    description: 'All or nothing: one invalid line refuses the file (400) with every problem listed by line. A line for an existing pair and valid_from replaces it.',
    response: { 200: Type.Object({ imported: Type.Integer(), items: Type.Array(FxRate) }), ...errors(400) },
  }), async (request) => {
    if (typeof request.body !== 'string') throw new ValidationError('Send the rates as a text/csv body with the header base,quote,rate[,valid_from]');
    const stored = await fxRates.import(request.caller, readRateLines(request.body));
    return { imported: stored.length, items: stored.map(present) };
  });
});

function readRateLines(text: string): { line: number; input: FxRateInput }[] {
  let records: Record<string, string>[];
  try {
    records = parse(text, { columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()), skip_empty_lines: true, trim: true, bom: true });
  } catch (error) {
    throw new ValidationError(`The rate file is not valid CSV: ${error instanceof Error ? error.message : String(error)}`);
  }
  const columns = records.length > 0 ? Object.keys(records[0]!) : [];
  const missing = ['base', 'quote', 'rate'].filter((c) => records.length > 0 && !columns.includes(c));
  if (missing.length > 0) throw new ValidationError(`The rate file lacks the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (header base,quote,rate[,valid_from])`);
  // Line 1 is the header.
  return records.map((r, i) => ({ line: i + 2, input: { base: r.base ?? '', quote: r.quote ?? '', rate: r.rate ?? '', validFrom: r.valid_from || undefined } }));
}

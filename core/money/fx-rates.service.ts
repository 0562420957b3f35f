import type { Caller } from '../access/access.ts';
import type { Clock } from '../shared/clock.ts';
import { ValidationError } from '../shared/errors.ts';
import { checkFxRate, checkFxRateImport, type FxRateInput } from './fx-rates.ts';
import type { FxRate, FxRateStore } from './fx-rates.ports.ts';

export interface FxRateContext {
  store: FxRateStore;
  clock: Clock;
}

/**
 * An admin sets a rate from `validFrom` (default now). A commission is converted at the rate
 * in force when its order arrives, so a new rate changes only what comes after it.
 */
export async function setFxRate(ctx: FxRateContext, caller: Caller, input: FxRateInput): Promise<FxRate> {
  const checked = checkFxRate(input, ctx.clock.now());
  if (!checked.rate) throw new ValidationError(`Invalid rate: ${checked.problems.map((p) => `${p.field} ${p.problem}`).join('; ')}`, { problems: checked.problems });
  const rate = checked.rate;
  return ctx.store.unitOfWork(async ({ fxRates, audit }) => {
    const before = await fxRates.findStoredRate(rate.base, rate.quote, rate.validFrom);
    const [stored] = await fxRates.upsertRates([rate]);
    await audit.record({ actor: caller.actor, action: 'fx_rate.set', entity: 'fx_rate', entityId: `${rate.base}/${rate.quote}`, before, after: stored });
    return stored!;
  });
}

/**
 * An admin imports rates (CSV lines already read into inputs): all or nothing, every
 * problem listed by line (`checkFxRateImport`). One audit row with the count.
 */
export async function importFxRates(ctx: FxRateContext, caller: Caller, lines: { line: number; input: FxRateInput }[]): Promise<FxRate[]> {
  const rates = checkFxRateImport(lines, ctx.clock.now());
  return ctx.store.unitOfWork(async ({ fxRates, audit }) => {
    const stored = await fxRates.upsertRates(rates);
    await audit.record({
      actor: caller.actor, action: 'fx_rate.import', entity: 'fx_rate', entityId: null,
      details: { lines: rates.length, pairs: [...new Set(stored.map((r) => `${r.base}/${r.quote}`))].sort() },
    });
    return stored;
  });
}

/** The rates in force now per pair, or every stored rate with `history`. */
export function listFxRates(ctx: FxRateContext, filter: { base?: string; quote?: string; history?: boolean }): Promise<FxRate[]> {
  return ctx.store.listRates({ base: filter.base?.toUpperCase(), quote: filter.quote?.toUpperCase(), history: filter.history }, ctx.clock.now());
}

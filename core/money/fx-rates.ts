import { DomainError, ValidationError } from '../shared/errors.ts';
import { parseRateE9 } from './fx.ts';
import { isKnownCurrency } from './money.ts';
import type { FxRate } from './fx-rates.ports.ts';

/** A rate as an admin or a CSV line gives it: decimal rate, ISO codes, optional start. */
export interface FxRateInput {
  base: string;
  quote: string;
  /** Quote units per base unit, as a decimal string ("4.2735"). */
  rate: string;
  /** RFC 3339; absent means from now on. */
  validFrom?: string;
}

/** A rate that passed every check: the stored shape. */
export type CheckedFxRate = FxRate;

/** Checks one rate, listing every problem; codes are upper-cased, the rate read exactly (core/money/fx.ts). */
export function checkFxRate(input: FxRateInput, now: Date): { rate?: CheckedFxRate; problems: { field: string; problem: string }[] } {
  const problems: { field: string; problem: string }[] = [];
  const base = String(input.base ?? '').trim().toUpperCase();
  const quote = String(input.quote ?? '').trim().toUpperCase();
  if (!isKnownCurrency(base)) problems.push({ field: 'base', problem: `${JSON.stringify(input.base)} is not a currency we settle in` });
  if (!isKnownCurrency(quote)) problems.push({ field: 'quote', problem: `${JSON.stringify(input.quote)} is not a currency we settle in` });
  if (base === quote && isKnownCurrency(base)) problems.push({ field: 'quote', problem: 'must differ from base (a currency converts to itself at exactly 1)' });
  let rateE9: number | undefined;
  try {
    rateE9 = parseRateE9(String(input.rate ?? ''));
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    problems.push({ field: 'rate', problem: error.message });
  }
  let validFrom = now;
  if (input.validFrom !== undefined && input.validFrom.trim() !== '') {
    validFrom = new Date(input.validFrom.trim());
    if (Number.isNaN(validFrom.getTime())) problems.push({ field: 'validFrom', problem: `${JSON.stringify(input.validFrom)} is not a date-time (RFC 3339)` });
  }
  if (problems.length > 0 || rateE9 === undefined) return { problems };
  return { rate: { base, quote, rateE9, validFrom }, problems };
}

/**
 * Checks every line of an import (CSV columns `base,quote,rate[,valid_from]`); one bad line
 * refuses the whole import with every problem listed by line number, so that a half-imported
 * rate table never prices a commission.
 */
export function checkFxRateImport(lines: { line: number; input: FxRateInput }[], now: Date): CheckedFxRate[] {
  const rates: CheckedFxRate[] = [];
  const problems: { line: number; field: string; problem: string }[] = [];
  const seen = new Map<string, number>();
  for (const { line, input } of lines) {
    const checked = checkFxRate(input, now);
    problems.push(...checked.problems.map((p) => ({ line, ...p })));
    if (!checked.rate) continue;
    const key = `${checked.rate.base}/${checked.rate.quote}@${checked.rate.validFrom.toISOString()}`;
    const first = seen.get(key);
    if (first !== undefined) problems.push({ line, field: 'rate', problem: `repeats line ${first} (same pair and valid_from)` });
    else seen.set(key, line);
    rates.push(checked.rate);
  }
  if (lines.length === 0) problems.push({ line: 1, field: '(file)', problem: 'has no rate lines (header base,quote,rate[,valid_from])' });
  if (problems.length > 0) throw new ValidationError(`${new Set(problems.map((p) => p.line)).size} lines of the rate file are invalid; nothing was imported`, { lines: problems });
  return rates;
}

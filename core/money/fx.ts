import { ValidationError } from '../shared/errors.ts';
import { CURRENCY_EXPONENTS } from './money.ts';

/**
 * Foreign exchange, in integers only.
 *
 * A rate is stored as `rate_e9`: units of the quote currency per unit of the base currency,
 * times 10^9 (EUR→PLN 4.2735 is 4_273_500_000). Nine decimals are exact for every rate we
 * meet; a float never holds a rate.
 *
 * Rounding rules (written down here and in README.md, tested in test/core/fx.test.ts):
 * 1. A conversion rounds half up to the minor unit of the quote currency (0.5 grosz → 1 grosz):
 *    `convertMinor(amount) = round_half_up(amount × rate_e9 × 10^(eq − eb) / 10^9)`.
 * 2. A partial reversal converts the cumulative reversed amount, never each reversal's own
 *    share: the influencer side of a commission after reversals is always
 *    `convertMinor(amount − reversed)`-consistent, and a full reversal returns exactly the
 *    converted amount, so rounding cannot drift over many refunds.
 * 3. An inverse rate (PLN→EUR from a stored EUR→PLN) is `round_half_up(10^18 / rate_e9)`.
 * 4. Equal currencies convert at exactly 1 (rate 10^9): nothing is rounded.
 */
export const RATE_SCALE = 1_000_000_000n;
export const IDENTITY_RATE_E9 = 1_000_000_000;

/** The rate applied to one conversion and where it came from, stored with the conversion. */
export interface AppliedRate {
  base: string;
  quote: string;
  rateE9: number;
  /** When the stored rate took effect; null for the identity rate of equal currencies. */
  validFrom: Date | null;
}

/** Converts `amount` minor units of `from` into minor units of `to` at `rateE9` (rule 1). */
export function convertMinor(amount: number, rateE9: number, from: string, to: string): number {
  if (from === to && rateE9 === IDENTITY_RATE_E9) return amount;
  const shift = exponentOf(to) - exponentOf(from);
  let numerator = BigInt(amount) * BigInt(rateE9);
  let denominator = RATE_SCALE;
  if (shift > 0) numerator *= 10n ** BigInt(shift);
  else if (shift < 0) denominator *= 10n ** BigInt(-shift);
  return Number((numerator * 2n + denominator) / (denominator * 2n));
}

/**
 * How much of a converted commission stands reversed once `reversedAmount` of its `amount`
 * is (rule 2): the converted cumulative amount, exactly `payoutAmount` when all of it is, and
 * never more than `payoutAmount`.
 */
export function convertedReversal(c: { amount: number; payoutAmount: number; fxRateE9: number; currency: string; payoutCurrency: string }, reversedAmount: number): number {
  if (reversedAmount >= c.amount) return c.payoutAmount;
  return Math.min(c.payoutAmount, convertMinor(reversedAmount, c.fxRateE9, c.currency, c.payoutCurrency));
}

/** The inverse of a rate (rule 3), e.g. PLN→EUR from EUR→PLN. */
export function invertRateE9(rateE9: number): number {
  const scale = RATE_SCALE * RATE_SCALE;
  return Number((scale * 2n + BigInt(rateE9)) / (BigInt(rateE9) * 2n));
}

/**
 * Reads a decimal rate ("4.2735") as `rate_e9` exactly, by string arithmetic: more than nine
 * decimals, zero, a negative or a non-number is refused, never rounded.
 */
export function parseRateE9(text: string, field = 'rate'): number {
  const trimmed = text.trim();
  const match = /^(\d{1,9})(?:\.(\d{1,9}))?$/.exec(trimmed);
  if (!match) {
    throw new ValidationError(`${field} must be a positive decimal with at most 9 decimals, such as 4.2735 (got ${JSON.stringify(text)})`, { field, value: text });
  }
  const value = BigInt(match[1]!) * RATE_SCALE + BigInt((match[2] ?? '').padEnd(9, '0'));
  if (value === 0n) throw new ValidationError(`${field} must be greater than zero`, { field, value: text });
  return Number(value);
}

/** `rate_e9` back as the shortest exact decimal: 4273500000 → "4.2735". */
export function formatRateE9(rateE9: number | bigint): string {
  const value = BigInt(rateE9);
  const whole = value / RATE_SCALE;
  const fraction = (value % RATE_SCALE).toString().padStart(9, '0').replace(/0+$/, '');
  return fraction === '' ? whole.toString() : `${whole}.${fraction}`;
}

function exponentOf(currency: string): number {
  const exponent = CURRENCY_EXPONENTS[currency];
  if (exponent === undefined) throw new ValidationError(`Unknown currency ${JSON.stringify(currency)}`, { currency });
  return exponent;
}

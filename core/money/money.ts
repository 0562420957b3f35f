import { DomainError } from '../shared/errors.ts';

/**
 * ISO 4217 currencies we accept, with their minor-unit exponent. Amounts are always integers
 * in minor units (cents, grosze, kopecks); a float never holds money.
 */
export const CURRENCY_EXPONENTS: Readonly<Record<string, number>> = Object.freeze({
  EUR: 2, USD: 2, GBP: 2, PLN: 2, RUB: 2, CHF: 2, SEK: 2, NOK: 2, DKK: 2, CZK: 2, HUF: 2,
  RON: 2, BGN: 2, UAH: 2, TRY: 2, CNY: 2, HKD: 2, JPY: 0, KRW: 0, CAD: 2, AUD: 2,
});

export function isKnownCurrency(code: string): boolean {
  return Object.hasOwn(CURRENCY_EXPONENTS, code);
}

/** Throws `unknown_currency` unless the code is one we settle in. */
export function assertCurrency(code: string): string {
  if (!isKnownCurrency(code)) {
    throw new DomainError('unknown_currency', `Unknown currency ${JSON.stringify(code)}; use an ISO 4217 code such as EUR`, {
      currency: code,
      accepted: Object.keys(CURRENCY_EXPONENTS),
    });
  }
  return code;
}

/** Throws `invalid_amount` unless the amount is a safe non-negative integer of minor units. */
export function assertMinorUnits(amount: unknown, field = 'amount', { allowZero = true } = {}): number {
  if (typeof amount !== 'number' || !Number.isSafeInteger(amount) || amount < 0 || (!allowZero && amount === 0)) {
    throw new DomainError(
      'invalid_amount',
      `${field} must be a ${allowZero ? 'non-negative' : 'positive'} integer in minor units (e.g. 1999 for 19.99)`,
      { field, value: amount },
    );
  }
  return amount;
}

/**
 * `amount × bps / 10000`, rounded half up, in integer arithmetic.
 * Rounding rule: commissions round half up to the nearest minor unit.
 */
export function applyBps(amount: number, bps: number): number {
  const product = BigInt(amount) * BigInt(bps);
  return Number((product * 2n + 10000n) / 20000n);
}

/** `total × part / whole`, rounded half up; used to reverse a refund's proportional share. */
export function proportion(total: number, part: number, whole: number): number {
  if (whole === 0) return 0;
  return Number((BigInt(total) * BigInt(part) * 2n + BigInt(whole)) / (2n * BigInt(whole)));
}

// Building an Intl.NumberFormat costs far more than formatting with one (tens of µs, three per
// deal card), so each (locale, currency) builds its own once; bounded in case of odd codes.
const moneyFormats = new Map<string, Intl.NumberFormat>();
const MAX_MONEY_FORMATS = 500;

/** Formats minor units for people, e.g. formatMoney(1999, 'EUR', 'fr') → "19,99 €". */
export function formatMoney(amount: number, currency: string, locale = 'en'): string {
  const exponent = CURRENCY_EXPONENTS[currency] ?? 2;
  const key = `${locale}:${currency}`;
  let format = moneyFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: exponent, maximumFractionDigits: exponent });
    if (moneyFormats.size >= MAX_MONEY_FORMATS) moneyFormats.clear();
    moneyFormats.set(key, format);
  }
  return format.format(amount / 10 ** exponent);
}

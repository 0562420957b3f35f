import { currentLanguage } from '../i18n/i18n.ts';

const LOCALES = { en: 'en-GB', ru: 'ru-RU', fr: 'fr-FR', es: 'es-ES', pl: 'pl-PL' } as const;
export const locale = (): string => LOCALES[currentLanguage()];

/** How many minor units a currency has (EUR 2, JPY 0), from the platform's own tables. */
export function minorDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** Integer minor units as a plain decimal: 123450 EUR → "1234.50" (exact, no symbol, no grouping: CSV cells, inputs). */
export function minorToDecimal(minor: number | string | bigint, currency: string): string {
  const digits = minorDigits(currency);
  const value = BigInt(minor);
  const negative = value < 0n;
  const text = (negative ? -value : value).toString().padStart(digits + 1, '0');
  return `${negative ? '-' : ''}${digits ? `${text.slice(0, -digits)}.${text.slice(-digits)}` : text}`;
}

/** Integer minor units as money in the console's language: 123456 EUR → "1 234,56 €" (fr). Exact: no float sums. */
export function formatMoney(minor: number | string | bigint, currency: string): string {
  const digits = minorDigits(currency);
  // Intl formats a decimal string exactly (no Number rounding) when given one.
  const decimal = minorToDecimal(minor, currency);
  try {
    return new Intl.NumberFormat(locale(), { style: 'currency', currency, minimumFractionDigits: digits }).format(decimal as unknown as number);
  } catch {
    return `${decimal} ${currency}`;
  }
}

/** Parses what a person types as money ("12,5" or "12.50") into minor units, or null. */
export function parseMoney(text: string, currency: string): number | null {
  const digits = minorDigits(currency);
  const match = text.trim().replace(/\s/g, '').match(/^(\d+)(?:[.,](\d*))?$/);
  if (!match) return null;
  const fraction = (match[2] ?? '').padEnd(digits, '0');
  if (fraction.length > digits) return null;
  return Number(`${match[1]}${fraction}`);
}

export const formatNumber = (n: number): string => new Intl.NumberFormat(locale()).format(n);

/** Basis points as a percentage: 850 → "8.5 %". */
export const formatBps = (bps: number): string => new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: 2 }).format(bps / 10_000);

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium' }).format(new Date(iso));
}

/** "in 3 days", "2 hours ago" in the console's language. */
export function formatRelative(iso: string, now = Date.now()): string {
  const seconds = (new Date(iso).getTime() - now) / 1000;
  const units: [Intl.RelativeTimeFormatUnit, number][] = [['day', 86_400], ['hour', 3_600], ['minute', 60], ['second', 1]];
  const format = new Intl.RelativeTimeFormat(locale(), { numeric: 'auto' });
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size || unit === 'second') return format.format(Math.round(seconds / size), unit);
  }
  return '';
}

import { CURRENCY_EXPONENTS } from '../../core/money/money.ts';

/**
 * RFC 4180 CSV: fields with a comma, quote or line break are quoted, quotes doubled, lines end
 * with CRLF. A text field a spreadsheet would run as a formula (=, +, -, @, tab, CR first) gets
 * a leading apostrophe: an influencer's display name must never execute in an admin's Excel.
 */
export function toCsv(header: readonly string[], rows: readonly (readonly (string | number | null)[])[]): string {
  return [header, ...rows].map((row) => row.map(field).join(',')).join('\r\n') + '\r\n';
}

function field(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Minor units as an exact decimal in major units: 2500 EUR → "25.00", -5 EUR → "-0.05", 10 JPY → "10". */
export function minorToDecimal(amount: number, currency: string): string {
  const exponent = CURRENCY_EXPONENTS[currency] ?? 2;
  const sign = amount < 0 ? '-' : '';
  const digits = Math.abs(amount).toString().padStart(exponent + 1, '0');
  return exponent === 0 ? `${sign}${digits}` : `${sign}${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}

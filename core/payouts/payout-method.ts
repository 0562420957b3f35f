import { electronicFormatIBAN, validateIBAN, ValidationErrorsIBAN } from 'ibantools';

/**
 * Where an influencer's money goes: a bank account (IBAN, SEPA and most of Europe), a BLIK
 * phone number (Poland's instant transfers to a phone), or a PayPal account (its e-mail).
 */
export const PAYOUT_METHOD_KINDS = ['iban', 'blik', 'paypal'] as const;
export type PayoutMethodKind = (typeof PAYOUT_METHOD_KINDS)[number];

/** A payout method in full: `account` is the normalised IBAN, +48 phone number or e-mail. */
export interface PayoutMethod {
  kind: PayoutMethodKind;
  account: string;
}

/** Why a typed account was refused; each has its own polite reply in chat. */
export type PayoutMethodProblem =
  | 'iban_checksum'
  | 'iban_length'
  | 'iban_country'
  | 'iban_format'
  | 'blik_phone'
  | 'email';

export type ParsedPayoutMethod = { ok: true; method: PayoutMethod } | { ok: false; problem: PayoutMethodProblem };

/** Every country whose people we offer BLIK: only Polish banks run it. */
const BLIK_COUNTRIES = new Set(['PL']);
/** PayPal does not serve people in Russia (since 2022): not offered there. */
const NO_PAYPAL_COUNTRIES = new Set(['RU', 'BY']);

export function isPayoutMethodKind(value: string): value is PayoutMethodKind {
  return (PAYOUT_METHOD_KINDS as readonly string[]).includes(value);
}

/**
 * The methods offered to someone from `country`, the usual one first: BLIK, IBAN and PayPal
 * in Poland; IBAN and PayPal elsewhere (IBAN only where PayPal does not operate).
 */
export function payoutMethodsForCountry(country: string | null | undefined): PayoutMethodKind[] {
  const code = (country ?? '').toUpperCase();
  const kinds: PayoutMethodKind[] = [];
  if (BLIK_COUNTRIES.has(code)) kinds.push('blik');
  kinds.push('iban');
  if (!NO_PAYPAL_COUNTRIES.has(code)) kinds.push('paypal');
  return kinds;
}

/**
 * An IBAN as typed ("pl61 1090 1014 0000 0712 1981 2874", with spaces, dashes or dots), in its
 * electronic form when it is valid: a known country, that country's length and BBAN format,
 * and the ISO 13616 mod-97 check digits (all by `ibantools`, which keeps the registry's table).
 */
export function parseIban(input: string): ParsedPayoutMethod {
  const iban = electronicFormatIBAN(input.replace(/[.\-_]/g, '')) ?? '';
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(iban)) return { ok: false, problem: 'iban_format' };
  const { valid, errorCodes } = validateIBAN(iban);
  if (valid) return { ok: true, method: { kind: 'iban', account: iban } };
  if (errorCodes.includes(ValidationErrorsIBAN.NoIBANCountry)) return { ok: false, problem: 'iban_country' };
  if (errorCodes.includes(ValidationErrorsIBAN.WrongBBANLength)) return { ok: false, problem: 'iban_length' };
  if (errorCodes.includes(ValidationErrorsIBAN.WrongBBANFormat)) return { ok: false, problem: 'iban_format' };
  return { ok: false, problem: 'iban_checksum' };
}

/** A Polish mobile number for BLIK: +48 and 9 digits, typed with or without +48, spaces or dashes; stored as "+48601234567". */
export function parseBlikPhone(input: string): ParsedPayoutMethod {
  const digits = input.replace(/[\s().\-]/g, '');
  const match = /^(?:\+48|0048|48)?(\d{9})$/.exec(digits);
  if (!match) return { ok: false, problem: 'blik_phone' };
  return { ok: true, method: { kind: 'blik', account: `+48${match[1]}` } };
}

// One @, no spaces, a dotted domain with a 2+ letter top level: what PayPal accepts as a login.
const EMAIL = /^[^\s@]{1,64}@[^\s@.]+(?:\.[^\s@.]+)*\.[\p{L}]{2,}$/u;

/** A PayPal account's e-mail, its domain lower-cased. */
export function parsePaypalEmail(input: string): ParsedPayoutMethod {
  const trimmed = input.trim().replace(/^mailto:/i, '');
  if (trimmed.length > 254 || !EMAIL.test(trimmed)) return { ok: false, problem: 'email' };
  const at = trimmed.lastIndexOf('@');
  return { ok: true, method: { kind: 'paypal', account: `${trimmed.slice(0, at)}@${trimmed.slice(at + 1).toLowerCase()}` } };
}

/** The account typed for a method of `kind`, checked and normalised. */
export function parsePayoutMethod(kind: PayoutMethodKind, input: string): ParsedPayoutMethod {
  switch (kind) {
    case 'iban': return parseIban(input);
    case 'blik': return parseBlikPhone(input);
    case 'paypal': return parsePaypalEmail(input);
  }
}

/**
 * The account as chat and the influencer's export show it, enough to recognise, not to use:
 * "PL61 **** **** 2874", "+48 *** *** 567", "p***@example.com".
 */
export function maskPayoutAccount(method: PayoutMethod): string {
  const { account } = method;
  switch (method.kind) {
    case 'iban': return `${account.slice(0, 4)} **** **** ${account.slice(-4)}`;
    case 'blik': return `+48 *** *** ${account.slice(-3)}`;
    case 'paypal': {
      const at = account.lastIndexOf('@');
      return `${[...account.slice(0, at)][0] ?? ''}***${account.slice(at)}`;
    }
  }
}

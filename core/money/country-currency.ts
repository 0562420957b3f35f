import { isKnownCurrency } from './money.ts';

/**
 * The currency a person is paid in by default: their country's own, so that a Polish influencer
 * sees złoty in /balance and is paid in złoty (an admin or the influencer may change it later).
 * Euro-area countries, and countries whose currency we do not handle, get EUR.
 */
const NATIONAL_CURRENCIES: Readonly<Record<string, string>> = Object.freeze({
  PL: 'PLN', CZ: 'CZK', HU: 'HUF', RO: 'RON', SE: 'SEK', DK: 'DKK', NO: 'NOK', IS: 'ISK', CH: 'CHF', LI: 'CHF',
  GB: 'GBP', RU: 'RUB', UA: 'UAH', TR: 'TRY', US: 'USD', CA: 'CAD', AU: 'AUD', JP: 'JPY', KR: 'KRW', CN: 'CNY', HK: 'HKD',
});

export const DEFAULT_PAYOUT_CURRENCY = 'EUR';

/** The default payout currency of an influencer from `country` (ISO 3166-1 alpha-2). */
export function payoutCurrencyForCountry(country: string | null | undefined): string {
  const currency = country ? NATIONAL_CURRENCIES[country.toUpperCase()] : undefined;
  return currency && isKnownCurrency(currency) ? currency : DEFAULT_PAYOUT_CURRENCY;
}

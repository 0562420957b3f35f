import { DEFAULT_LANGUAGE, type Language } from './languages.ts';
import { countryOfPhoneNumber } from './phone-country.ts';

/**
 * The countries whose people we greet in their language before they pick one. Kazakhstan
 * shares Russia's +7, and Russian is read there by nearly everyone.
 */
const LANGUAGE_BY_COUNTRY: Readonly<Record<string, Language>> = { RU: 'ru', KZ: 'ru', FR: 'fr', ES: 'es', PL: 'pl' };

/**
 * The language to greet a phone number in at first contact (WhatsApp gives no client
 * language): the language of its country (core/i18n/phone-country.ts), English for any other
 * country or no number. Accepts "+48 601 234 567", "48601234567" or "48601234567@c.us".
 */
export function languageOfPhoneNumber(phone: string | null | undefined): Language {
  const country = countryOfPhoneNumber(phone);
  return (country && LANGUAGE_BY_COUNTRY[country]) || DEFAULT_LANGUAGE;
}

import { DEFAULT_LANGUAGE, type Language } from './languages.ts';

/**
 * Country calling codes whose people we greet in their language before they pick one. +7 is
 * Russia and Kazakhstan, where Russian is read by nearly everyone.
 */
const LANGUAGE_BY_CALLING_CODE: readonly (readonly [string, Language])[] = [
  ['7', 'ru'],
  ['33', 'fr'],
  ['34', 'es'],
  ['48', 'pl'],
];

/**
 * The language to greet a phone number in at first contact (WhatsApp gives no client
 * language): +7 Russian, +33 French, +34 Spanish, +48 Polish, anything else (or no number)
 * English. Accepts "+48 601 234 567", "48601234567" or a WhatsApp id "48601234567@c.us".
 */
export function languageOfPhoneNumber(phone: string | null | undefined): Language {
  const digits = (phone ?? '').split('@')[0]!.replace(/[^\d]/g, '');
  if (digits.length < 6) return DEFAULT_LANGUAGE;
  for (const [code, language] of LANGUAGE_BY_CALLING_CODE) {
    if (digits.startsWith(code)) return language;
  }
  return DEFAULT_LANGUAGE;
}

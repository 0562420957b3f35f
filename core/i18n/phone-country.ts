/**
 * Country calling codes of the countries we expect people from (Europe first), longest first
 * where one extends another: +7 is Russia except +76/+77, Kazakhstan. Codes shared by several
 * countries (+1: the US, Canada and the Caribbean) name none, and the person is asked.
 */
const COUNTRY_BY_CALLING_CODE: readonly (readonly [string, string])[] = [
  ['351', 'PT'], ['352', 'LU'], ['353', 'IE'], ['356', 'MT'], ['357', 'CY'], ['358', 'FI'], ['359', 'BG'],
  ['370', 'LT'], ['371', 'LV'], ['372', 'EE'], ['373', 'MD'], ['374', 'AM'], ['375', 'BY'], ['380', 'UA'],
  ['381', 'RS'], ['385', 'HR'], ['386', 'SI'], ['387', 'BA'], ['420', 'CZ'], ['421', 'SK'], ['995', 'GE'],
  ['30', 'GR'], ['31', 'NL'], ['32', 'BE'], ['33', 'FR'], ['34', 'ES'], ['36', 'HU'], ['39', 'IT'], ['40', 'RO'],
  ['41', 'CH'], ['43', 'AT'], ['44', 'GB'], ['45', 'DK'], ['46', 'SE'], ['47', 'NO'], ['48', 'PL'], ['49', 'DE'],
  ['90', 'TR'], ['76', 'KZ'], ['77', 'KZ'], ['7', 'RU'],
];

/**
 * The country (ISO 3166-1 alpha-2) a phone number belongs to by its calling code, for the
 * first guess at registration on WhatsApp (the person confirms or changes it); undefined when
 * the code is unknown or shared. Accepts "+48 601 234 567", "48601234567" or "48601234567@c.us".
 */
export function countryOfPhoneNumber(phone: string | null | undefined): string | undefined {
  const digits = (phone ?? '').split('@')[0]!.replace(/[^\d]/g, '');
  if (digits.length < 8) return undefined;
  return COUNTRY_BY_CALLING_CODE.find(([code]) => digits.startsWith(code))?.[1];
}

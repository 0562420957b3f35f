/**
 * The time zone a country mostly lives in: the default of an influencer's posting times and of
 * their alert digest hour. Where a country spans several zones, its capital's.
 */
export const COUNTRY_TIME_ZONES: Readonly<Record<string, string>> = Object.freeze({
  PL: 'Europe/Warsaw', FR: 'Europe/Paris', ES: 'Europe/Madrid', RU: 'Europe/Moscow', DE: 'Europe/Berlin', IT: 'Europe/Rome',
  PT: 'Europe/Lisbon', GB: 'Europe/London', IE: 'Europe/Dublin', NL: 'Europe/Amsterdam', BE: 'Europe/Brussels', LU: 'Europe/Luxembourg',
  CH: 'Europe/Zurich', AT: 'Europe/Vienna', CZ: 'Europe/Prague', SK: 'Europe/Bratislava', HU: 'Europe/Budapest', RO: 'Europe/Bucharest',
  BG: 'Europe/Sofia', GR: 'Europe/Athens', UA: 'Europe/Kyiv', BY: 'Europe/Minsk', LT: 'Europe/Vilnius', LV: 'Europe/Riga',
  EE: 'Europe/Tallinn', FI: 'Europe/Helsinki', SE: 'Europe/Stockholm', NO: 'Europe/Oslo', DK: 'Europe/Copenhagen', HR: 'Europe/Zagreb',
  SI: 'Europe/Ljubljana', RS: 'Europe/Belgrade', MD: 'Europe/Chisinau', KZ: 'Asia/Almaty', TR: 'Europe/Istanbul', MA: 'Africa/Casablanca',
  DZ: 'Africa/Algiers', TN: 'Africa/Tunis', MX: 'America/Mexico_City', AR: 'America/Argentina/Buenos_Aires', CO: 'America/Bogota',
  CL: 'America/Santiago', PE: 'America/Lima', US: 'America/New_York', CA: 'America/Toronto', CN: 'Asia/Shanghai',
});

/** The time zone of a country (ISO 3166-1 alpha-2); `fallback` (UTC unless told) when unknown. */
export function timeZoneOfCountry(country: string | null | undefined, fallback = 'UTC'): string {
  return COUNTRY_TIME_ZONES[(country ?? '').trim().toUpperCase()] ?? fallback;
}

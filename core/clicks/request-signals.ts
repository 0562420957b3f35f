import type { AddressRanges } from './address-ranges.ts';
import type { RequestFlag } from './click-flags.ts';
import { isAutomatedClient } from './preview-fetchers.ts';

/** The shipped list of data-centre ranges (see its header for the sources); the redirect reads it once (`parseAddressRanges`). */
export const DATA_CENTRE_RANGES_FILE = new URL('./data-centre-ranges.txt', import.meta.url);

/**
 * What the request alone shows that keeps its click from counting, first that applies (the
 * order of `CLICK_FLAGS`):
 * - `bot`: a browser's user agent without `Accept-Language`. Every browser sends it on a
 *   navigation (the in-app browsers of WhatsApp, Telegram and Instagram too); a script that
 *   borrowed a browser's user agent usually forgets it. Clients that name themselves (curl, a
 *   crawler) are the click worker's to flag by their user agent.
 * - `datacenter`: the raw address (never stored) lies in a cloud provider's published ranges.
 * - `self`: the device carries the owner mark of the link's own influencer (`OwnerMark`).
 * Positional parameters and a string result: it runs once per redirect and allocates nothing.
 */
export function requestFlagOf(
  userAgent: string | undefined,
  acceptLanguage: string | undefined,
  address: string | undefined,
  dataCentres: AddressRanges,
  ownerMark: string | undefined,
  influencerId: string,
): RequestFlag | null {
  if (!acceptLanguage && !isAutomatedClient(userAgent)) return 'bot';
  if (address && dataCentres.contains(address)) return 'datacenter';
  if (ownerMark !== undefined && ownerMark === influencerId) return 'self';
  return null;
}

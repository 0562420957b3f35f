export const CLICK_PARAM = 'dc_click';

/** Builds the vendor URL carrying a click id; prepared once per link, applied once per click. */
export type TrackedUrlBuilder = (clickId: string) => string;

/**
 * Prepares the vendor URL so that each click only concatenates strings: `dc_click=<id>` is
 * appended to the query, before any fragment. The vendor's own parameters are kept byte for
 * byte (rewriting them through URLSearchParams would re-encode them), except a stale
 * `dc_click`, which is replaced. Returns undefined for a URL a browser must not be sent to.
 */
export function prepareTrackedUrl(productUrl: string): TrackedUrlBuilder | undefined {
  let url: URL;
  try {
    url = new URL(productUrl);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  if (url.searchParams.has(CLICK_PARAM)) url.searchParams.delete(CLICK_PARAM);
  const hash = url.hash;
  url.hash = '';
  const base = url.href;
  const prefix = `${base}${url.search ? '&' : '?'}${CLICK_PARAM}=`;
  return (clickId) => `${prefix}${clickId}${hash}`;
}

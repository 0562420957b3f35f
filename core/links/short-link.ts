import type { LinkLanding } from './links.service.ts';

/**
 * The one URL a link is shared with: `<PUBLIC_URL>/d/<code>` when its influencer chose the
 * deal page as its landing, `<PUBLIC_URL>/r/<code>` (straight to the vendor) otherwise. The
 * one place that knows the shapes; the routes are mounted at the same paths.
 */
export function shortLinkUrl(publicUrl: string, link: { code: string; landing: LinkLanding }): string {
  return link.landing === 'deal_page' ? dealPageUrl(publicUrl, link.code) : redirectUrl(publicUrl, link.code);
}

/** The redirect of a code, `<PUBLIC_URL>/r/<code>`: where every click is counted, whatever the link's landing (the deal page's buy button leads here). */
export function redirectUrl(publicUrl: string, code: string): string {
  return `${baseOf(publicUrl)}${SHORT_LINK_PATH}/${encodeURIComponent(code)}`;
}

/** The deal page of a code, `<PUBLIC_URL>/d/<code>`: it answers for every link, whatever its landing. */
export function dealPageUrl(publicUrl: string, code: string): string {
  return `${baseOf(publicUrl)}${DEAL_PAGE_PATH}/${encodeURIComponent(code)}`;
}

/** An influencer's storefront, `<PUBLIC_URL>/s/<handle>`. */
export function storefrontUrl(publicUrl: string, handle: string): string {
  return `${baseOf(publicUrl)}${STOREFRONT_PATH}/${encodeURIComponent(handle)}`;
}

/** Where the redirect listens. */
export const SHORT_LINK_PATH = '/r';
/** Where the deal pages are served. */
export const DEAL_PAGE_PATH = '/d';
/** Where the storefronts are served. */
export const STOREFRONT_PATH = '/s';

/** The last segment of an owner link: the short link opened by its own influencer (core/clicks/owner-mark.ts). */
export const OWNER_MARK_SEGMENT = 'mine';

/** `<redirect>/mine?t=<token>`: the link an influencer opens to mark their own device (core/clicks/owner-mark.ts). */
export function ownerMarkUrl(publicUrl: string, code: string, token: string): string {
  return `${redirectUrl(publicUrl, code)}/${OWNER_MARK_SEGMENT}?t=${encodeURIComponent(token)}`;
}

function baseOf(publicUrl: string): string {
  return publicUrl.replace(/\/+$/, '');
}

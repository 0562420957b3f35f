/**
 * The tracked short link of a code: `<PUBLIC_URL>/r/<code>`. The one place that knows the
 * shape; the redirect route is mounted at the same path (`SHORT_LINK_PATH`).
 */
export function shortLinkUrl(publicUrl: string, code: string): string {
  return `${publicUrl.replace(/\/+$/, '')}${SHORT_LINK_PATH}/${encodeURIComponent(code)}`;
}

/** Where the redirect listens. */
export const SHORT_LINK_PATH = '/r';

/** The last segment of an owner link: the short link opened by its own influencer (core/clicks/owner-mark.ts). */
export const OWNER_MARK_SEGMENT = 'mine';

/** `<short link>/mine?t=<token>`: the link an influencer opens to mark their own device (core/clicks/owner-mark.ts). */
export function ownerMarkUrl(publicUrl: string, code: string, token: string): string {
  return `${shortLinkUrl(publicUrl, code)}/${OWNER_MARK_SEGMENT}?t=${encodeURIComponent(token)}`;
}

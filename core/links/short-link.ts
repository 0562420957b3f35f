/**
 * The tracked short link of a code: `<PUBLIC_URL>/r/<code>`. The one place that knows the
 * shape; the redirect route is mounted at the same path (`SHORT_LINK_PATH`).
 */
export function shortLinkUrl(publicUrl: string, code: string): string {
  return `${publicUrl.replace(/\/+$/, '')}${SHORT_LINK_PATH}/${encodeURIComponent(code)}`;
}

/** Where the redirect listens. */
export const SHORT_LINK_PATH = '/r';

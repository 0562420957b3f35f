import { isbot } from 'isbot';

/**
 * Link-preview fetchers named by the product spec, matched before the generic bot list so that
 * they keep working whatever a future `isbot` release decides.
 */
const NAMED_PREVIEW_FETCHERS = /WhatsApp|TelegramBot|facebookexternalhit|Facebot|Twitterbot|Slackbot|Discordbot|LinkedInBot|SkypeUriPreview|vkShare|Viber|redditbot|Pinterest|Embedly|iframely/i;

// User agents repeat heavily (a few browser builds carry most traffic), and the generic bot
// pattern costs microseconds per call on the redirect's hot path, so verdicts are memoised.
const MEMO_LIMIT = 4096;
const MAX_MEMO_KEY_LENGTH = 512;
const memo = new Map<string, boolean>();

/**
 * True when the user agent is a link-preview fetcher or another automated client (crawler,
 * monitor, HTTP library). Such requests get the OpenGraph page and are never counted as clicks.
 * A missing user agent is not a preview fetcher: the person is still redirected (see
 * {@link isAutomatedClient} for how the click is then classified).
 */
export function isPreviewFetcher(userAgent: string | undefined | null): boolean {
  if (!userAgent) return false;
  const known = memo.get(userAgent);
  if (known !== undefined) return known;
  const verdict = NAMED_PREVIEW_FETCHERS.test(userAgent) || isbot(userAgent);
  if (userAgent.length <= MAX_MEMO_KEY_LENGTH) {
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(userAgent, verdict);
  }
  return verdict;
}

/**
 * True when a click that reached the redirect should be flagged as a bot: every browser sends
 * a user agent, so a missing one marks a script, and a known automated agent is a bot even if
 * it slipped through (e.g. the bot list grew after the click was queued).
 */
export function isAutomatedClient(userAgent: string | undefined | null): boolean {
  return !userAgent || userAgent.trim() === '' || isPreviewFetcher(userAgent);
}

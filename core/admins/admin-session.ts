import crypto from 'node:crypto';

// The rules of console sessions: how long they live, and the CSRF token bound to each one.

/** A session unused this long is over (each use slides it on). */
export const SESSION_IDLE_MS = 12 * 60 * 60 * 1000;
/** No session outlives this, however busy. */
export const SESSION_ABSOLUTE_MS = 7 * 24 * 60 * 60 * 1000;
/** `last_seen_at` is kept to the minute: a busy console does not write on every request. */
export const SESSION_TOUCH_RESOLUTION_MS = 60_000;
/** Bytes of randomness in a session cookie's value. */
export const SESSION_TOKEN_BYTES = 32;
/** Browser strings are kept for the "where am I signed in" list, not in full. */
export const USER_AGENT_MAX_LENGTH = 256;

/** When a session used at `now` expires: idle limit from now, never past its absolute limit. */
export function slidingExpiry(now: Date, absoluteExpiresAt: Date): Date {
  return new Date(Math.min(now.getTime() + SESSION_IDLE_MS, absoluteExpiresAt.getTime()));
}

/** The absolute end of a session created at `createdAt`. */
export function absoluteExpiry(createdAt: Date): Date {
  return new Date(createdAt.getTime() + SESSION_ABSOLUTE_MS);
}

/** The browser string as stored: trimmed to a sane length, null when absent. */
export function truncateUserAgent(userAgent: string | undefined): string | null {
  const value = userAgent?.trim();
  return value ? value.slice(0, USER_AGENT_MAX_LENGTH) : null;
}

/**
 * The CSRF token of a session: HMAC-SHA256 of its id under the server's secret. Bound to the
 * session (another session's token never fits), nothing to store, and unguessable without the
 * secret even though session ids are sequential.
 */
export function csrfTokenFor(secret: string, sessionId: string): string {
  return crypto.createHmac('sha256', secret).update(`dealcast:csrf:${sessionId}`).digest('base64url');
}

/** True when `given` is the session's CSRF token; compared in constant time. */
export function csrfTokenMatches(secret: string, sessionId: string, given: string | undefined): boolean {
  if (given === undefined || given.length === 0) return false;
  const expected = crypto.createHash('sha256').update(csrfTokenFor(secret, sessionId)).digest();
  const actual = crypto.createHash('sha256').update(given).digest();
  return crypto.timingSafeEqual(expected, actual);
}

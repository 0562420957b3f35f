import { describe, expect, it } from 'vitest';
import {
  SESSION_ABSOLUTE_MS, SESSION_IDLE_MS, USER_AGENT_MAX_LENGTH, absoluteExpiry, csrfTokenFor, csrfTokenMatches, slidingExpiry, truncateUserAgent,
} from '../../../core/admins/admin-session.ts';

describe('console session rules', () => {
  it('slides the idle expiry but never past the absolute one', () => {
    const created = new Date('2026-12-01T00:00:00Z');
    const absolute = absoluteExpiry(created);
    expect(absolute.getTime() - created.getTime()).toBe(SESSION_ABSOLUTE_MS);
    expect(slidingExpiry(created, absolute).getTime()).toBe(created.getTime() + SESSION_IDLE_MS);
    const late = new Date(absolute.getTime() - 60_000);
    expect(slidingExpiry(late, absolute)).toEqual(absolute);
  });

  it('binds the CSRF token to the session and the secret', () => {
    const token = csrfTokenFor('secret', '42');
    expect(csrfTokenMatches('secret', '42', token)).toBe(true);
    expect(csrfTokenMatches('secret', '43', token)).toBe(false);
    expect(csrfTokenMatches('other secret', '42', token)).toBe(false);
    expect(csrfTokenMatches('secret', '42', undefined)).toBe(false);
    expect(csrfTokenMatches('secret', '42', '')).toBe(false);
    expect(csrfTokenMatches('secret', '42', `${token}x`)).toBe(false);
  });

  it('keeps a bounded browser string', () => {
    expect(truncateUserAgent(undefined)).toBeNull();
    expect(truncateUserAgent('   ')).toBeNull();
    expect(truncateUserAgent('x'.repeat(1000))).toHaveLength(USER_AGENT_MAX_LENGTH);
  });
});

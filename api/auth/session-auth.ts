import type { CookieSerializeOptions } from '@fastify/cookie';
import type { FastifyRequest } from 'fastify';
import type { ActiveSession } from '../../core/admins/sessions.service.ts';
import { DomainError } from '../../core/shared/errors.ts';
import type { AdminAuthenticator, AuthenticatedAdmin } from '../admin/admin-auth.ts';
import type { AppDeps } from '../deps.ts';

/** The console's session cookie. */
export const SESSION_COOKIE = 'dc_session';
/** The header every state-changing request of a console session carries. */
export const CSRF_HEADER = 'x-csrf-token';

// Reading never changes state, so it needs no CSRF token (and a link or an <img> can do no harm).
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The cookie's attributes: out of scripts' reach, never sent by another site's request, and
 * `Secure` whenever the platform is served over https (PUBLIC_URL tells).
 */
export function sessionCookieOptions(publicUrl: string, maxAgeSeconds?: number): CookieSerializeOptions {
  return {
    httpOnly: true, sameSite: 'strict', path: '/', secure: publicUrl.startsWith('https:'),
    ...(maxAgeSeconds === undefined ? {} : { maxAge: maxAgeSeconds }),
  };
}

/**
 * `Cookie: dc_session=…`: a live console session, and for every state-changing request its
 * CSRF token in `X-CSRF-Token` (`csrf_failed` otherwise). An Authorization header wins over the
 * cookie: the bearer authenticator runs first, and this one steps aside when it sees one.
 */
export function sessionCookieAuthenticator(deps: Pick<AppDeps, 'services'>, csrf: CsrfCheck = 'token'): AdminAuthenticator {
  return async (request) => {
    const session = await sessionOfRequest(deps, request, csrf);
    return session && authenticatedBySession(session);
  };
}

/**
 * How a state-changing request proves it comes from our own pages: the session's token in
 * `X-CSRF-Token` (the console), or, for a page we do not write and that cannot send our
 * header (Bull Board), an `Origin` (else `Referer`) of this very host, on top of the cookie's
 * SameSite=Strict.
 */
export type CsrfCheck = 'token' | 'same-origin';

/**
 * The one place a request's session cookie is checked: undefined without a cookie (or with an
 * Authorization header, which wins); `unauthorized` for a dead session; `csrf_failed` for a
 * state-changing request without the session's token.
 */
export async function sessionOfRequest(deps: Pick<AppDeps, 'services'>, request: FastifyRequest, csrf: CsrfCheck = 'token'): Promise<ActiveSession | undefined> {
  if (request.headers.authorization !== undefined) return undefined;
  const token = request.cookies[SESSION_COOKIE];
  if (!token) return undefined;
  const session = token.length <= 512 ? await deps.services.auth.sessions.resolve(token) : undefined;
  if (!session) throw new DomainError('unauthorized', 'The session has expired or was signed out; sign in again');
  if (SAFE_METHODS.has(request.method)) return session;
  if (csrf === 'same-origin') {
    if (!isSameOrigin(request)) throw new DomainError('csrf_failed', 'This request must come from a page of this site (its Origin or Referer header names another, or none)', { header: 'Origin' });
  } else if (!deps.services.auth.sessions.csrfTokenMatches(session.sessionId, csrfHeaderOf(request))) {
    throw new DomainError('csrf_failed', 'This request needs the X-CSRF-Token header of its session (the csrfToken of POST or GET /api/v1/auth/session)', { header: 'X-CSRF-Token' });
  }
  return session;
}

/** The request's Origin (else Referer) is this host, as the browser reached it (X-Forwarded-* behind a proxy). */
function isSameOrigin(request: FastifyRequest): boolean {
  const origin = request.headers.origin ?? request.headers.referer;
  if (typeof origin !== 'string' || origin === 'null') return false;
  try {
    // Both through URL, so that a default port written out (":80") compares equal to none.
    return new URL(origin).origin === new URL(`${request.protocol}://${request.host}`).origin;
  } catch {
    return false;
  }
}

/** The admin of a resolved session, as the access hook and the auth routes see it. */
export function authenticatedBySession(session: ActiveSession): AuthenticatedAdmin {
  const { id, email, role, vendorId } = session.admin;
  return { id, email, role, vendorId, via: 'session', sessionId: session.sessionId };
}

function csrfHeaderOf(request: FastifyRequest): string | undefined {
  const value = request.headers[CSRF_HEADER];
  return typeof value === 'string' ? value : undefined;
}

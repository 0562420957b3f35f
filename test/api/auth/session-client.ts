import crypto from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { createAdmin } from '../../support/admins.ts';
import type { AdminRole } from '../../../db/schema.ts';
import type { TestApp } from '../../support/app.ts';

export const PASSWORD = 'correct horse battery';

/** A client address of its own, so that one test's failures never count against another's. */
export const someAddress = () => `10.${[1, 2, 3].map(() => crypto.randomInt(1, 255)).join('.')}`;

/** POST /api/v1/auth/session as a browser would send it. */
export function postSignIn(t: TestApp, email: string, password: string, address = someAddress()): Promise<LightMyRequestResponse> {
  return t.app.inject({
    method: 'POST', url: '/api/v1/auth/session', payload: { email, password },
    headers: { 'x-forwarded-for': address, 'user-agent': 'Mozilla/5.0 (test console)' },
  });
}

export interface ConsoleSession {
  readonly adminId: string;
  readonly email: string;
  readonly cookie: string;
  readonly csrfToken: string;
  /** A request with the session cookie; `csrf: false` leaves the X-CSRF-Token header out. */
  call(method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, body?: unknown, options?: { csrf?: boolean | string }): Promise<LightMyRequestResponse>;
}

/** Signs in an existing account and answers its session; throws unless the sign-in answered 201. */
export async function signIn(t: TestApp, email: string, password = PASSWORD): Promise<ConsoleSession> {
  const response = await postSignIn(t, email, password);
  if (response.statusCode !== 201) throw new Error(`sign-in answered ${response.statusCode}: ${response.body}`);
  const cookie = response.cookies.find((c) => c.name === 'dc_session')!.value;
  const { csrfToken, admin } = response.json() as { csrfToken: string; admin: { id: string } };
  return sessionOf(t, admin.id, email, cookie, csrfToken);
}

/** A session for a cookie value and CSRF token (a reused old cookie, say). */
export function sessionOf(t: TestApp, adminId: string, email: string, cookie: string, csrfToken: string): ConsoleSession {
  return {
    adminId, email, cookie, csrfToken,
    call(method, url, body, options = {}) {
      const csrf = options.csrf ?? true;
      const headers: Record<string, string> = { cookie: `dc_session=${cookie}` };
      if (csrf !== false) headers['x-csrf-token'] = csrf === true ? csrfToken : csrf;
      return t.app.inject({ method, url, headers, ...(body === undefined ? {} : { payload: body as object }) });
    },
  };
}

/** A new account of `role` (a vendor's when `vendorId` is given), signed in. */
export async function signedInAdmin(t: TestApp, role: AdminRole = 'admin', vendorId?: string): Promise<ConsoleSession> {
  const email = `${role}-${crypto.randomBytes(4).toString('hex')}@dealcast.test`;
  await createAdmin(t.database.db, { email, password: PASSWORD, role, vendorId });
  return signIn(t, email);
}

/** The audit rows of an action, oldest first. */
export function auditRows(t: TestApp, action: string) {
  return t.database.db.selectFrom('audit_log').select(['actor', 'action', 'entity', 'entity_id', 'before', 'after', 'details'])
    .where('action', '=', action).orderBy('id').execute();
}

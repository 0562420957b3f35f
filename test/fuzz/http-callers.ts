import crypto from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { signVendorRequest } from '../../core/vendors/vendor-signature.ts';
import type { AdminRole } from '../../db/schema.ts';
import { createAdmin, createApiToken } from '../support/admins.ts';
import type { TestApp } from '../support/app.ts';
import type { VendorCredentials } from '../support/vendor.ts';
import { signIn, someAddress, PASSWORD } from '../api/auth/session-client.ts';
import type { OperationAuth } from './openapi-operations.ts';

/** A request as the fuzzer built it, before a caller adds its credentials. */
export interface DraftRequest {
  method: string;
  url: string;
  /** The raw payload (what a vendor signs); undefined for none. */
  payload?: string;
  headers: Record<string, string>;
}

/** Someone calling the API: their credentials for a request, and what they learn from its answer. */
export interface Caller {
  readonly label: string;
  /** Whether these credentials are good for the request (an anonymous or forged caller must never get a 2xx from a protected route). */
  genuine(request: DraftRequest): boolean;
  headersFor(request: DraftRequest): Promise<Record<string, string>>;
  afterResponse?(request: DraftRequest, response: LightMyRequestResponse): Promise<void>;
}

/** The API's request limit per admin account is 1200 a minute: a fresh account long before that. */
const USES_PER_ACCOUNT = 500;

/** API tokens of accounts of one role, a new account every few hundred requests so the fuzz never meets the rate limit. */
function tokenPool(t: TestApp, role: AdminRole, vendorId?: string) {
  let token: string | undefined;
  let uses = 0;
  return async () => {
    if (!token || uses >= USES_PER_ACCOUNT) {
      const admin = await createAdmin(t.database.db, { email: `fuzz-${role}-${crypto.randomBytes(4).toString('hex')}@dealcast.test`, password: PASSWORD, role, vendorId });
      token = await createApiToken(t.database.db, admin.id, 'fuzz');
      uses = 0;
    }
    uses += 1;
    return token;
  };
}

const bearer = (label: string, next: () => Promise<string>): Caller => ({
  label, genuine: () => true, headersFor: async () => ({ authorization: `Bearer ${await next()}` }),
});

const fixed = (label: string, headers: Record<string, string>): Caller => ({ label, genuine: () => false, headersFor: async () => headers });

/**
 * A console session (cookie, and the CSRF token unless told otherwise) of an admin account;
 * signed in again whenever a request of the fuzz signed it out.
 */
function sessionCaller(t: TestApp, label: string, withCsrf: boolean): Caller {
  let current: Promise<{ email: string; cookie: string; csrfToken: string }> | undefined;
  let email: string | undefined;
  const session = () => {
    current ??= (async () => {
      if (!email) {
        email = `fuzz-session-${crypto.randomBytes(4).toString('hex')}@dealcast.test`;
        await createAdmin(t.database.db, { email, password: PASSWORD, role: 'admin' });
      }
      return signIn(t, email);
    })();
    return current;
  };
  return {
    label,
    // Reading needs no CSRF token.
    genuine: (request) => withCsrf || request.method === 'GET' || request.method === 'HEAD',
    async headersFor() {
      const { cookie, csrfToken } = await session();
      return { cookie: `dc_session=${cookie}`, ...(withCsrf ? { 'x-csrf-token': csrfToken } : {}) };
    },
    async afterResponse(request, response) {
      if (!request.url.startsWith('/api/v1/auth/') || request.method === 'GET' || response.statusCode >= 300) return;
      const { cookie } = await session();
      // From an address of its own: the sign-in routes are limited per address.
      const check = await t.app.inject({ method: 'GET', url: '/api/v1/auth/session', headers: { cookie: `dc_session=${cookie}`, 'x-forwarded-for': someAddress() } });
      if (check.statusCode !== 200) current = undefined;
    },
  };
}

/** A vendor's server: the body signed with the key's secret, or signed wrong in one of the ways forgers try. */
function vendorCaller(label: string, credentials: VendorCredentials, sign: (raw: string) => Record<string, string>): Caller {
  return { label, genuine: () => label === 'signed vendor', headersFor: async (request) => ({ 'x-dealcast-key': credentials.keyId, ...sign(request.payload ?? '') }) };
}

/** Everyone who may knock on an operation of each kind: the genuine caller first, then the rest. */
export function callersFor(t: TestApp, ctx: { vendor: VendorCredentials; vendorId: string }): Record<OperationAuth, Caller[]> {
  const anonymous = fixed('anonymous', {});
  const now = () => Math.floor(Date.now() / 1000);
  const admin = bearer('admin token', tokenPool(t, 'admin'));
  const vendorAdmin = bearer('vendor-role token', tokenPool(t, 'vendor', ctx.vendorId));
  const support = bearer('support token', tokenPool(t, 'support'));
  const session = sessionCaller(t, 'admin session', true);
  const sessionWithoutCsrf = sessionCaller(t, 'admin session without CSRF token', false);
  const forgedBearer = fixed('unknown bearer token', { authorization: `Bearer dct_${crypto.randomBytes(16).toString('hex')}` });
  const brokenBearer = fixed('malformed Authorization header', { authorization: 'Bearer' });
  const forgedCookie = fixed('unknown session cookie', { cookie: `dc_session=${crypto.randomBytes(24).toString('base64url')}`, 'x-csrf-token': 'x' });
  const signed = vendorCaller('signed vendor', ctx.vendor, (raw) => ({ 'x-dealcast-signature': signVendorRequest(ctx.vendor.secret, raw, now()) }));
  const vendor = [
    signed,
    vendorCaller('wrong secret', ctx.vendor, (raw) => ({ 'x-dealcast-signature': signVendorRequest('whsec_wrong', raw, now()) })),
    vendorCaller('stale signature', ctx.vendor, (raw) => ({ 'x-dealcast-signature': signVendorRequest(ctx.vendor.secret, raw, now() - 3600) })),
    vendorCaller('garbled signature header', ctx.vendor, () => ({ 'x-dealcast-signature': 't=abc,v1=zz,v1=' })),
    fixed('unknown vendor key', { 'x-dealcast-key': 'vk_nobody', 'x-dealcast-signature': `t=${now()},v1=${'0'.repeat(64)}` }),
    anonymous,
  ];
  return {
    none: [anonymous, session],
    bearer: [admin, vendorAdmin, support, session, sessionWithoutCsrf, forgedBearer, brokenBearer, forgedCookie, anonymous],
    vendor,
    session: [session, forgedCookie, anonymous],
    'session+csrf': [session, sessionWithoutCsrf, forgedCookie, anonymous],
  };
}

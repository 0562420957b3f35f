import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { systemCaller, type Caller } from '../../core/access/access.ts';
import type { ActiveSession } from '../../core/admins/sessions.service.ts';
import { DomainError } from '../../core/shared/errors.ts';
import type { AppDeps } from '../deps.ts';
import { limitRequests } from '../security/rate-limits.ts';
import { requestLimitOf } from '../security/security.ts';
import { strictValidatorCompiler } from '../vendor/strict-validator.ts';
import {
  PasswordChangeBody, SESSION_COOKIE_SECURITY, SESSION_WRITE_SECURITY, SessionBody, SignInBody, sessionErrors,
} from './auth.schemas.ts';
import { SESSION_COOKIE, sessionCookieOptions, sessionOfRequest } from './session-auth.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The console session of an /api/v1/auth route that needs one, set before the body is read. */
    consoleSession?: ActiveSession;
  }
}

const TAGS = ['auth'];
const present = (session: ActiveSession) => {
  const { id, email, role, vendorId } = session.admin;
  return { admin: { id, email, role, vendorId }, csrfToken: session.csrfToken };
};

/**
 * Console sign-in under /api/v1/auth: open a session (a cookie) with email and password, read
 * it, close it, close every one, change the password. Every route but sign-in needs a live
 * session; the writes also need its X-CSRF-Token (checked in api/auth/session-auth.ts).
 */
export function authRoutes(deps: AppDeps): FastifyPluginAsync {
  const sessions = deps.services.auth.sessions;
  const cookie = (maxAgeSeconds?: number) => sessionCookieOptions(deps.publicUrl, maxAgeSeconds);

  // Runs before the body is parsed: nobody learns anything about a body without a session.
  const requireSession = async (request: FastifyRequest) => {
    const session = await sessionOfRequest(deps, request);
    if (!session) throw new DomainError('unauthorized', 'Sign in first: POST /api/v1/auth/session');
    request.consoleSession = session;
  };
  const own = (request: FastifyRequest) => {
    const session = request.consoleSession!;
    const caller: Caller = systemCaller(`admin:${session.admin.id}`);
    return { caller, ref: { adminId: session.admin.id, sessionId: session.sessionId } };
  };

  return async (instance) => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    app.setValidatorCompiler(strictValidatorCompiler);
    app.addHook('onRequest', async (_request, reply) => { reply.header('cache-control', 'no-store'); });
    // Per client address, before anything else; failed sign-ins also have their own throttle per email and address.
    limitRequests(instance, 'auth', requestLimitOf(deps, 'auth'), 'onRequest');

    app.post('/auth/session', {
      schema: {
        tags: TAGS, summary: 'Sign in to the console with email and password: sets the dc_session cookie',
        description: 'At most 5 failed sign-ins per email and 20 per client address in 15 minutes; beyond, 429 with Retry-After.',
        body: SignInBody, response: { 201: SessionBody, ...sessionErrors(400, 429) },
      },
    }, async (request, reply) => {
      const opened = await sessions.signIn({ ...request.body, address: request.ip, userAgent: request.headers['user-agent'] });
      const maxAge = Math.ceil((opened.absoluteExpiresAt.getTime() - deps.clock.now().getTime()) / 1000);
      return reply.setCookie(SESSION_COOKIE, opened.token, cookie(maxAge)).status(201).send(present(opened));
    });

    app.get('/auth/session', {
      onRequest: requireSession,
      schema: { tags: TAGS, summary: 'Who is signed in, and the CSRF token of the session', security: SESSION_COOKIE_SECURITY, response: { 200: SessionBody, ...sessionErrors() } },
    }, async (request) => present(request.consoleSession!));

    app.delete('/auth/session', {
      onRequest: requireSession,
      schema: { tags: TAGS, summary: 'Sign out: the session ends and its cookie is cleared', security: SESSION_WRITE_SECURITY, response: { 204: Type.Null(), ...sessionErrors() } },
    }, async (request, reply) => {
      const { caller, ref } = own(request);
      await sessions.signOut(caller, ref);
      return reply.clearCookie(SESSION_COOKIE, cookie()).status(204).send(null);
    });

    app.post('/auth/sign-out-everywhere', {
      onRequest: requireSession,
      schema: {
        tags: TAGS, summary: "Sign out everywhere: every console session of the signed-in admin ends (API tokens stay)",
        security: SESSION_WRITE_SECURITY, response: { 204: Type.Null(), ...sessionErrors() },
      },
    }, async (request, reply) => {
      const { caller, ref } = own(request);
      await sessions.signOutEverywhere(caller, ref.adminId);
      return reply.clearCookie(SESSION_COOKIE, cookie()).status(204).send(null);
    });

    app.put('/auth/password', {
      onRequest: requireSession,
      schema: {
        tags: TAGS, summary: 'Change the password: the current one is required; every other session ends',
        security: SESSION_WRITE_SECURITY, body: PasswordChangeBody, response: { 204: Type.Null(), ...sessionErrors(400, 429) },
      },
    }, async (request, reply) => {
      const { caller, ref } = own(request);
      await sessions.changePassword(caller, ref, request.body);
      return reply.status(204).send(null);
    });
  };
}

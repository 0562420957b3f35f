import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ownVendor, EVERY_VENDOR, type AdminRole, type Caller, type StaffRole } from '../../core/access/access.ts';
import { DomainError } from '../../core/shared/errors.ts';
import type { AdminAuthenticator, AuthenticatedAdmin } from './admin-auth.ts';

/**
 * Who may call an admin route, declared in its options (`config: { access }`) and enforced by
 * one hook. Staff roles are named; `vendors: 'own-data'` lets vendor accounts in too, and their
 * calls carry the scope of their own vendor, which the repository puts in the query.
 */
export interface RouteAccess {
  readonly roles: readonly StaffRole[];
  readonly vendors?: 'own-data';
}

/** The policies the admin API uses; a route picks one. */
export const ACCESS = {
  /** Everyone reads; a vendor account sees only its own vendor's rows. */
  read: { roles: ['admin', 'manager', 'support'], vendors: 'own-data' },
  /** Staff read (support included); vendor accounts never see it (influencers, money, ledger). */
  staffRead: { roles: ['admin', 'manager', 'support'] },
  /** Admins and managers change it. */
  manage: { roles: ['admin', 'manager'] },
  /** Admins and managers change it, and a vendor account changes its own vendor's. */
  manageOwn: { roles: ['admin', 'manager'], vendors: 'own-data' },
  /** Admins alone: what cannot be undone (anonymising a person). */
  adminOnly: { roles: ['admin'] },
} as const satisfies Record<string, RouteAccess>;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call this route; an admin route that declares none refuses to start. */
    access?: RouteAccess;
  }
  interface FastifyRequest {
    admin?: AuthenticatedAdmin;
    /** Who asks and whose data they may touch, set by the access hook before any handler runs. */
    caller: Caller;
  }
}

/** The OpenAPI extension of every admin operation: `{ roles, vendorScoped }`. */
export const ACCESS_EXTENSION = 'x-dealcast-access';

/** The roles a declaration admits, for error details and the OpenAPI description. */
export function rolesOf(access: RouteAccess): AdminRole[] {
  return access.vendors === 'own-data' ? [...access.roles, 'vendor'] : [...access.roles];
}

/**
 * The admin scope's single access check. At start-up every route registered in the scope
 * must declare `config.access` (the app does not start otherwise). Per request, before the
 * body is parsed: authenticate, check the role against the route's declaration, and hand the
 * handler `request.caller` with the scope its queries take.
 */
export function enforceDeclaredAccess(app: FastifyInstance, authenticators: readonly AdminAuthenticator[]): void {
  app.decorateRequest('caller', null as unknown as Caller);
  app.addHook('onRoute', (route) => {
    const access = route.config?.access;
    if (!access || !Array.isArray(access.roles)) {
      throw new Error(`Admin route ${String(route.method)} ${route.url} declares no access: add config: { access: ACCESS.… } to its options`);
    }
    // The declaration is part of the OpenAPI document: the route table clients, the console and the tests read.
    route.schema = {
      ...route.schema,
      description: [route.schema?.description, `Roles: ${rolesOf(access).join(', ')}${access.vendors ? ' (a vendor account sees its own data only)' : ''}.`].filter(Boolean).join('\n\n'),
      [ACCESS_EXTENSION]: { roles: rolesOf(access), vendorScoped: access.vendors === 'own-data' },
    } as typeof route.schema;
  });
  app.addHook('onRequest', async (request, reply) => {
    reply.header('cache-control', 'no-store');
    const access = request.routeOptions.config.access;
    // Only the not-found handler has no declaration (the onRoute hook saw to every route).
    if (!access) return;
    const admin = await authenticateAdmin(request, reply, authenticators);
    request.admin = admin;
    request.caller = authorize(admin, access, request.query);
  });
}

/** The first authenticator that knows the request (token, then session), or `unauthorized`. */
export async function authenticateAdmin(request: FastifyRequest, reply: import('fastify').FastifyReply, authenticators: readonly AdminAuthenticator[]): Promise<AuthenticatedAdmin> {
  try {
    for (const authenticate of authenticators) {
      const admin = await authenticate(request, reply);
      if (admin) return admin;
    }
  } catch (error) {
    if (error instanceof DomainError && error.code === 'unauthorized') reply.header('www-authenticate', 'Bearer realm="dealcast"');
    throw error;
  }
  reply.header('www-authenticate', 'Bearer realm="dealcast"');
  throw new DomainError('unauthorized', 'Authentication required: send Authorization: Bearer <API token>, or sign in with POST /api/v1/auth/session');
}

/**
 * The caller a declaration admits, or `forbidden`. A vendor account that asks for another
 * vendor's data by filter is refused rather than silently narrowed.
 */
export function authorize(admin: AuthenticatedAdmin, access: RouteAccess, query: unknown): Caller {
  const allowed = rolesOf(access);
  if (!allowed.includes(admin.role)) {
    throw new DomainError('forbidden', `The ${admin.role} role may not do this`, { role: admin.role, allowed });
  }
  const actor = `admin:${admin.id}`;
  if (admin.role !== 'vendor') return { actor, scope: EVERY_VENDOR };
  if (admin.vendorId === null) throw new DomainError('forbidden', 'This vendor account is not linked to a vendor');
  const requested = (query as { vendorId?: unknown } | undefined)?.vendorId;
  if (requested !== undefined && requested !== admin.vendorId) {
    throw new DomainError('forbidden', 'A vendor account sees only its own vendor', { vendorId: requested });
  }
  return { actor, scope: ownVendor(admin.vendorId) };
}

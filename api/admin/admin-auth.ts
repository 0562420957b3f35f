import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../../core/shared/errors.ts';
import { findAdminByApiToken } from '../../db/admins.repository.ts';
import type { AdminRole } from '../../db/schema.ts';
import type { AppDeps } from '../deps.ts';

export interface AuthenticatedAdmin {
  id: string;
  email: string;
  role: AdminRole;
  /** The vendor a `vendor`-role admin belongs to; null for every other role. */
  vendorId: string | null;
  /** How the request proved who it is. */
  via: 'token' | 'session';
}

declare module 'fastify' {
  interface FastifyRequest {
    admin?: AuthenticatedAdmin;
  }
}

/**
 * One way to recognise an admin. Answers undefined when the request carries none of its
 * credentials (the next authenticator gets a turn), and throws `unauthorized` when it carries
 * them but they are wrong. The console's session cookie will be a second authenticator.
 */
export type AdminAuthenticator = (request: FastifyRequest, reply: FastifyReply) => Promise<AuthenticatedAdmin | undefined>;

/** `Authorization: Bearer <token>`: the token's sha256 names a live API token. */
export function bearerTokenAuthenticator(deps: Pick<AppDeps, 'db'>): AdminAuthenticator {
  return async (request) => {
    const header = request.headers.authorization;
    if (header === undefined) return undefined;
    const match = /^Bearer +(\S{1,512})\s*$/i.exec(header);
    if (!match) throw new DomainError('unauthorized', 'The Authorization header must be "Bearer <token>"');
    const admin = await findAdminByApiToken(deps.db, match[1]!);
    if (!admin) throw new DomainError('unauthorized', 'The API token is unknown or revoked');
    return { id: admin.id, email: admin.email, role: admin.role, vendorId: admin.vendor_id, via: 'token' };
  };
}

/**
 * Authenticates every route of the scope it is registered in, before the body is even parsed,
 * so that an anonymous caller learns nothing about the schemas.
 */
export function registerAdminAuth(app: FastifyInstance, authenticators: AdminAuthenticator[]): void {
  app.addHook('onRequest', async (request, reply) => {
    reply.header('cache-control', 'no-store');
    try {
      for (const authenticate of authenticators) {
        const admin = await authenticate(request, reply);
        if (admin) {
          request.admin = admin;
          return;
        }
      }
    } catch (error) {
      if (error instanceof DomainError && error.code === 'unauthorized') reply.header('www-authenticate', 'Bearer realm="dealcast"');
      throw error;
    }
    reply.header('www-authenticate', 'Bearer realm="dealcast"');
    throw new DomainError('unauthorized', 'Authentication required: send Authorization: Bearer <API token>');
  });
}

/** What a route does, for the role check. */
export type Access =
  /** Read anything the role may see. Every role. */
  | 'read'
  /** Create or change vendors, brands, influencers, links. Admins and managers. */
  | 'write'
  /** Change a vendor's own things (its products, its signing secret). Admins, managers, and vendor accounts within their vendor. */
  | 'vendor-write';

const ROLES_BY_ACCESS: Record<Access, readonly AdminRole[]> = {
  read: ['admin', 'manager', 'support', 'vendor'],
  write: ['admin', 'manager'],
  'vendor-write': ['admin', 'manager', 'vendor'],
};

/** The authenticated admin, if its role may do `access`; `forbidden` otherwise (support is read-only). */
export function requireAdmin(request: FastifyRequest, access: Access = 'read'): AuthenticatedAdmin {
  const admin = request.admin;
  if (!admin) throw new DomainError('unauthorized', 'Authentication required');
  if (!ROLES_BY_ACCESS[access].includes(admin.role)) {
    throw new DomainError('forbidden', `The ${admin.role} role may not do this`, { role: admin.role, allowed: ROLES_BY_ACCESS[access] });
  }
  if (admin.role === 'vendor' && admin.vendorId === null) throw new DomainError('forbidden', 'This vendor account is not linked to a vendor');
  return admin;
}

/**
 * The vendor whose data this admin is confined to (undefined: everything). A vendor admin
 * that asks for another vendor's data by filter is refused rather than silently narrowed.
 */
export function vendorScope(admin: AuthenticatedAdmin, requestedVendorId?: string): string | undefined {
  if (admin.role !== 'vendor') return requestedVendorId;
  if (requestedVendorId !== undefined && requestedVendorId !== admin.vendorId) {
    throw new DomainError('forbidden', 'A vendor account sees only its own vendor', { vendorId: requestedVendorId });
  }
  return admin.vendorId!;
}

/** Refuses roles that must never see a kind of data (vendors do not browse the influencer directory). */
export function refuseVendorRole(admin: AuthenticatedAdmin): void {
  if (admin.role === 'vendor') throw new DomainError('forbidden', 'A vendor account cannot see this');
}

/** Who did it, for the audit log. */
export function actorOf(admin: AuthenticatedAdmin): string {
  return `admin:${admin.id}`;
}

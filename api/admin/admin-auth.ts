import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../../core/shared/errors.ts';
import type { AdminRole } from '../../core/access/access.ts';
import type { AppDeps } from '../deps.ts';

export interface AuthenticatedAdmin {
  id: string;
  email: string;
  role: AdminRole;
  /** The vendor a `vendor`-role admin belongs to; null for every other role. */
  vendorId: string | null;
  /** How the request proved who it is. */
  via: 'token' | 'session';
  /** The console session the request runs in (`via: 'session'` only). */
  sessionId?: string;
}

/**
 * One way to recognise an admin. Answers undefined when the request carries none of its
 * credentials (the next authenticator gets a turn), and throws `unauthorized` when it carries
 * them but they are wrong. The console's session cookie is the second (api/auth/session-auth.ts).
 */
export type AdminAuthenticator = (request: FastifyRequest, reply: FastifyReply) => Promise<AuthenticatedAdmin | undefined>;

/** `Authorization: Bearer <token>`: the token's sha256 names a live API token. */
export function bearerTokenAuthenticator(deps: Pick<AppDeps, 'services'>): AdminAuthenticator {
  return async (request) => {
    const header = request.headers.authorization;
    if (header === undefined) return undefined;
    const match = /^Bearer +(\S{1,512})\s*$/i.exec(header);
    if (!match) throw new DomainError('unauthorized', 'The Authorization header must be "Bearer <token>"');
    const admin = await deps.services.edge.authenticateApiToken(match[1]!);
    if (!admin) throw new DomainError('unauthorized', 'The API token is unknown or revoked');
    return { id: admin.id, email: admin.email, role: admin.role, vendorId: admin.vendorId, via: 'token' };
  };
}

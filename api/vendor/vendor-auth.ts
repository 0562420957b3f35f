import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError } from '../../core/shared/errors.ts';
import { liveSealedSecrets } from '../../core/vendors/secret-rotation.ts';
import { verifyVendorSignature } from '../../core/vendors/vendor-signature.ts';
import type { AppDeps } from '../deps.ts';

export interface AuthenticatedVendor {
  id: string;
  name: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The exact bytes the vendor signed (JSON routes of the vendor API only). */
    rawBody?: string;
    vendor?: AuthenticatedVendor;
  }
}

/** The vendor authenticated by `registerVendorAuth`; throws if a route forgot to register it. */
export function requireVendor(request: FastifyRequest): AuthenticatedVendor {
  if (!request.vendor) throw new DomainError('unauthorized', 'Vendor authentication is required');
  return request.vendor;
}

/**
 * Vendor API authentication for the routes of this scope: keeps the raw body, looks up the
 * key, and verifies `X-Dealcast-Signature` over the raw bytes before the body is validated,
 * so an unsigned request learns nothing about the schema.
 */
export function registerVendorAuth(app: FastifyInstance, deps: Pick<AppDeps, 'services' | 'secretBox' | 'clock'>): void {
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const raw = body as string;
    request.rawBody = raw;
    if (raw.length === 0) return done(null, undefined);
    try {
      done(null, JSON.parse(raw));
    } catch {
      done(new DomainError('validation_failed', 'The body is not valid JSON'), undefined);
    }
  });

  app.addHook('preValidation', async (request) => {
    const keyId = headerValue(request.headers['x-dealcast-key']);
    if (!keyId) throw new DomainError('unknown_key', 'Missing X-Dealcast-Key header');
    const vendor = await deps.services.edge.vendorKeys.findVendorKey(keyId);
    if (!vendor) throw new DomainError('unknown_key', 'Unknown X-Dealcast-Key');
    const now = deps.clock.now();
    // Two secrets only during a rotation's grace period; the current one is tried first.
    const secrets = liveSealedSecrets(vendor, now).map((sealed) => deps.secretBox.open(sealed));
    verifyVendorSignature(secrets, request.rawBody ?? '', headerValue(request.headers['x-dealcast-signature']), Math.floor(now.getTime() / 1000));
    request.vendor = { id: vendor.vendorId, name: vendor.vendorName };
  });
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { signVendorRequest } from '../../core/vendors/vendor-signature.ts';

export interface VendorCredentials {
  keyId: string;
  secret: string;
}

/** Sends a request the way a vendor's server does: raw JSON body, key and HMAC signature headers. */
export async function sendSigned(
  app: FastifyInstance,
  credentials: VendorCredentials,
  request: { method: 'POST' | 'PUT'; url: string; body: unknown; t?: number; rawBody?: string },
): Promise<LightMyRequestResponse> {
  const raw = request.rawBody ?? JSON.stringify(request.body);
  const t = request.t ?? Math.floor(Date.now() / 1000);
  return app.inject({
    method: request.method,
    url: request.url,
    payload: raw,
    headers: {
      'content-type': 'application/json',
      'x-dealcast-key': credentials.keyId,
      'x-dealcast-signature': signVendorRequest(credentials.secret, raw, t),
    },
  });
}

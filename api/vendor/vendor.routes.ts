import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../deps.ts';
import { catalogRoutes } from './catalog.routes.ts';
import { conversionsRoutes } from './conversions.routes.ts';
import { refundsRoutes } from './refunds.routes.ts';
import { registerVendorAuth } from './vendor-auth.ts';
import { limitRequests } from '../security/rate-limits.ts';
import { requestLimitOf } from '../security/security.ts';

/**
 * The vendor API, under /api/v1: one encapsulated scope in which every route needs a valid
 * key and an HMAC signature over the raw body (checked before the body is validated), and
 * each vendor has its own request limit.
 */
export function vendorRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (app) => {
    await app.register(async (signed) => {
      registerVendorAuth(signed, deps);
      // Counted per vendor once the signature holds (after registerVendorAuth's preValidation hook).
      limitRequests(signed, 'vendor', requestLimitOf(deps, 'vendor'), 'preValidation', (request) => request.vendor?.id);
      await signed.register(conversionsRoutes(deps));
      await signed.register(refundsRoutes(deps));
      await signed.register(catalogRoutes(deps));
    });
  };
}

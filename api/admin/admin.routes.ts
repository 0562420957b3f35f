import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../deps.ts';
import { strictValidatorCompiler } from '../vendor/strict-validator.ts';
import { enforceDeclaredAccess } from './access.ts';
import { limitRequests } from '../security/rate-limits.ts';
import { requestLimitOf } from '../security/security.ts';
import { sessionCookieAuthenticator } from '../auth/session-auth.ts';
import { bearerTokenAuthenticator } from './admin-auth.ts';
import { auditRoutes } from './audit.routes.ts';
import { brandsRoutes } from './brands.routes.ts';
import { campaignsRoutes } from './campaigns.routes.ts';
import { fxRatesRoutes } from './fx-rates.routes.ts';
import { influencersRoutes } from './influencers.routes.ts';
import { integrationRoutes } from './integration.routes.ts';
import { joinRequestsRoutes } from './join-requests.routes.ts';
import { ledgerRoutes } from './ledger.routes.ts';
import { linkMediaRoutes } from './link-media.routes.ts';
import { linksRoutes } from './links.routes.ts';
import { moneyRoutes } from './money.routes.ts';
import { payoutsRoutes } from './payouts.routes.ts';
import { playgroundRoutes } from './playground.routes.ts';
import { productsRoutes } from './products.routes.ts';
import { queuesRoutes } from './queues.routes.ts';
import { reportsRoutes } from './reports.routes.ts';
import { searchRoutes } from './search.routes.ts';
import { autopostRoutes } from './autopost.routes.ts';
import { influencerReachRoutes } from './influencer-reach.routes.ts';
import { statsRoutes } from './stats.routes.ts';
import { tiersRoutes } from './tiers.routes.ts';
import { vendorsRoutes } from './vendors.routes.ts';
import { whatsappRoutes } from './whatsapp.routes.ts';

/** Every group of admin routes, in the order the OpenAPI document lists them. */
const ROUTE_GROUPS = [
  vendorsRoutes, integrationRoutes, brandsRoutes, joinRequestsRoutes, productsRoutes, influencersRoutes, autopostRoutes, influencerReachRoutes, searchRoutes, linksRoutes, linkMediaRoutes, campaignsRoutes, reportsRoutes, statsRoutes,
  tiersRoutes, payoutsRoutes, fxRatesRoutes, moneyRoutes, ledgerRoutes, auditRoutes, whatsappRoutes,
  playgroundRoutes, queuesRoutes,
];

/**
 * The admin API under /api/v1/admin. Every route declares who may call it (`config.access`);
 * one hook authenticates (an API token, else the console's session cookie with its CSRF check),
 * checks the declaration and hands the handler `request.caller`.
 */
export function adminRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (app) => {
    // The header is tried first, so it wins when a request carries both.
    enforceDeclaredAccess(app, [bearerTokenAuthenticator(deps), sessionCookieAuthenticator(deps)]);
    // Counted per account once authenticated (the access hook runs on onRequest).
    limitRequests(app, 'admin', requestLimitOf(deps, 'admin'), 'preValidation', (request) => request.admin?.id);
    // Bodies are checked exactly as sent (no "1999" read as 1999), like the vendor API's.
    app.setValidatorCompiler(strictValidatorCompiler);
    for (const group of ROUTE_GROUPS) await app.register(group(deps));
  };
}

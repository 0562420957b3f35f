import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import { SHORT_LINK_PATH } from '../../core/links/short-link.ts';

type Directives = Record<string, string[]>;

/**
 * The content security policy of every page we serve (the console, /docs, Bull Board) and of
 * every JSON answer: nothing is loaded from elsewhere but pictures (a shop's image host); styles
 * may be inline (Chart.js, Swagger UI and Bull Board set them); only this site may frame us
 * (the console frames Bull Board). No `upgrade-insecure-requests`: a developer's
 * http://127.0.0.1 would load nothing; HSTS covers https deployments.
 */
const PAGE_DIRECTIVES: Directives = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:', 'blob:', 'https:', 'http:'],
  'connect-src': ["'self'"],
  'frame-src': ["'self'", 'blob:'],
  'object-src': ["'self'", 'blob:'],
  'frame-ancestors': ["'self'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
};

/** The console's own page: the same policy, and nobody frames it, not even this site. */
export const CONSOLE_CSP = cspHeader({ ...PAGE_DIRECTIVES, 'frame-ancestors': ["'none'"] });

/** The Referrer-Policy of our pages and answers: our URLs (ids, filters) never reach another site. */
export const REFERRER_POLICY = 'same-origin';

/** HSTS for a year when the public URL is https (browsers ignore it over http anyway). */
const HSTS_MAX_AGE_SECONDS = 365 * 24 * 60 * 60;

/**
 * Security headers on every response but the redirect's (@fastify/helmet): the policy above,
 * `X-Content-Type-Options: nosniff`, `X-Frame-Options: SAMEORIGIN`, `Referrer-Policy:
 * same-origin`, cross-origin opener and resource policies, and HSTS when `publicUrl` is https.
 *
 * The redirect (`/r/:code`) is left out. Its 302 has no body to sniff or frame and its preview
 * page is for fetchers; what matters there is the referrer the shop sees, and no policy is set
 * on purpose: the browser's default (`strict-origin-when-cross-origin`) sends the shop at most
 * the origin of the page the link was tapped in (e.g. https://web.telegram.org), never its path,
 * as a direct link would; a 302 does not add our own URL. It is also the hottest route, and
 * helmet builds its middleware on every request it serves (about 35 µs of CPU measured here).
 * Must be called before any route is registered.
 */
export async function registerSecurityHeaders(app: FastifyInstance, options: { publicUrl: string }): Promise<void> {
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith(`${SHORT_LINK_PATH}/`)) route.helmet = false;
  });
  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: PAGE_DIRECTIVES },
    strictTransportSecurity: new URL(options.publicUrl).protocol === 'https:' ? { maxAge: HSTS_MAX_AGE_SECONDS, includeSubDomains: false } : false,
    xFrameOptions: { action: 'sameorigin' },
    referrerPolicy: { policy: REFERRER_POLICY },
  });
}

function cspHeader(directives: Directives): string {
  return Object.entries(directives).map(([name, values]) => `${name} ${values.join(' ')}`).join('; ');
}

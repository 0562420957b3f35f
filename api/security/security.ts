import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../deps.ts';
import { DEFAULT_REQUEST_LIMITS, registerRateLimiting, type RequestLimit, type RequestLimits } from './rate-limits.ts';
import { registerSecurityHeaders } from './security-headers.ts';
import { refuseUnstorableText } from './storable-text.ts';

/**
 * The app's security layer, registered before any route: security headers on every response
 * but the redirect's, and the rate-limit machinery the route families opt into
 * (`limitRequests` with `requestLimitOf`), and the refusal of text PostgreSQL cannot store
 * (storable-text.ts). Body size limits are Fastify's `bodyLimit` (app.ts,
 * raised per route where a body may be larger).
 */
export async function registerSecurity(app: FastifyInstance, deps: Pick<AppDeps, 'publicUrl' | 'redis' | 'redisPrefix' | 'logger'>): Promise<void> {
  await registerSecurityHeaders(app, { publicUrl: deps.publicUrl });
  await registerRateLimiting(app, deps);
  refuseUnstorableText(app);
}

/** The limit of a family of routes: the deployment's, else the default. */
export function requestLimitOf(deps: Pick<AppDeps, 'requestLimits'>, family: keyof RequestLimits): RequestLimit {
  return deps.requestLimits?.[family] ?? DEFAULT_REQUEST_LIMITS[family];
}

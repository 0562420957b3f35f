import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../deps.ts';

// Placeholder until the vendor routes land.
export function vendorRoutes(_deps: AppDeps): FastifyPluginAsync {
  return async () => undefined;
}

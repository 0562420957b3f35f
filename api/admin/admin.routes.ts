import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../deps.ts';

// Placeholder until the admin routes land.
export function adminRoutes(_deps: AppDeps): FastifyPluginAsync {
  return async () => undefined;
}

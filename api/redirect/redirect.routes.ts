import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../deps.ts';

// Placeholder until the redirect routes land.
export function redirectRoutes(_deps: AppDeps): FastifyPluginAsync {
  return async () => undefined;
}

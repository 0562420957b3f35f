import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../deps.ts';

// Placeholder until the catalog push lands. Registered inside the signed vendor scope.
export function catalogRoutes(_deps: AppDeps): FastifyPluginAsync {
  return async () => undefined;
}

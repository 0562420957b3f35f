import type { FastifySchema } from 'fastify';
import type { RouteAccess } from './access.ts';
import { BEARER } from './schemas.ts';

/**
 * The options of an admin route: who may call it (enforced by the access hook) and its schema,
 * tagged for the OpenAPI document and marked as bearer-authenticated. One call per route, so
 * that a route reads as what it is: access, summary, shapes, handler.
 */
export function adminRoutesTagged(...tags: string[]) {
  return <const S extends FastifySchema>(access: RouteAccess, schema: S) => ({
    config: { access },
    schema: { tags, security: BEARER, ...schema },
  });
}

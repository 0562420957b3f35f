import type {
  FastifyBaseLogger, FastifyInstance, FastifyPluginAsync, FastifySchema, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault,
} from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AppDeps } from '../deps.ts';
import type { RouteAccess } from './access.ts';
import { BEARER } from './schemas.ts';

/** The admin scope, typed by its TypeBox schemas. */
export type AdminApp = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, TypeBoxTypeProvider>;

/**
 * The options of one admin route: who may call it (enforced by the access hook) and its
 * schema, tagged for the OpenAPI document and marked as bearer-authenticated.
 */
export type AdminRouteOptions = <const S extends FastifySchema>(access: RouteAccess, schema: S) => {
  config: { access: RouteAccess };
  schema: S & { tags: string[]; security: typeof BEARER };
};

/**
 * A group of admin routes under one OpenAPI tag: `register` declares them on the typed app,
 * each with `route(ACCESS.…, schema)`, and calls the services in `deps.services`.
 */
export function adminRouteGroup(tag: string, register: (app: AdminApp, route: AdminRouteOptions, deps: AppDeps) => void): (deps: AppDeps) => FastifyPluginAsync {
  const route: AdminRouteOptions = (access, schema) => ({ config: { access }, schema: { ...schema, tags: [tag], security: BEARER } });
  return (deps) => async (instance) => register(instance.withTypeProvider<TypeBoxTypeProvider>(), route, deps);
}

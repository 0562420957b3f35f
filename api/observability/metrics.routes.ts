import type { FastifyPluginAsync } from 'fastify';
import type { Registry } from 'prom-client';
import { DomainError } from '../../core/shared/errors.ts';
import { sameSecret } from '../../core/shared/same-secret.ts';

export const METRICS_PATH = '/metrics';

export interface MetricsAccess {
  readonly registry: Registry;
  /** When set, a scrape must send `Authorization: Bearer <token>` (Prometheus: `authorization: {credentials: …}`). */
  readonly token: string | undefined;
}

/**
 * `GET /metrics`: the process's figures in Prometheus' text format. They hold counts and
 * timings by route pattern, queue and job name, never an id, an address or a URL.
 */
export function metricsRoutes(access: MetricsAccess): FastifyPluginAsync {
  const expected = access.token === undefined ? undefined : `Bearer ${access.token}`;
  return async (app) => {
    app.get(METRICS_PATH, { schema: { hide: true } }, async (request, reply) => {
      if (expected !== undefined && !sameSecret(request.headers.authorization, expected)) {
        reply.header('www-authenticate', 'Bearer realm="metrics"');
        throw new DomainError('unauthorized', 'metrics need Authorization: Bearer <METRICS_TOKEN>');
      }
      return reply.type(access.registry.contentType).header('cache-control', 'no-store').send(await access.registry.metrics());
    });
  };
}

import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { registerErrorHandling } from '../errors.ts';
import { metricsRoutes, type MetricsAccess } from './metrics.routes.ts';

/**
 * A listener that serves only `GET /metrics`, for METRICS_PORT: the worker and bots roles
 * have no HTTP server of their own, and a port of its own keeps the figures off the public
 * API port (scraped inside the network, never published through the reverse proxy).
 */
export async function buildMetricsServer(access: MetricsAccess, logger: Logger): Promise<FastifyInstance> {
  const app = Fastify({ loggerInstance: logger as FastifyBaseLogger, logController: new LogController({ disableRequestLogging: true }), return503OnClosing: true });
  registerErrorHandling(app);
  await app.register(metricsRoutes(access));
  return app;
}

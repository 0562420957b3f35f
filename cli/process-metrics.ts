import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics } from 'prom-client';
import { buildMetricsServer } from '../api/observability/metrics-server.ts';
import { registerQueueFigures } from '../queue/queue-figures.ts';
import type { Infrastructure } from './infrastructure.ts';

export interface ProcessMetrics {
  close(): Promise<void>;
}

/**
 * What every `dealcast start` process reports besides its roles' own figures: Node's (CPU,
 * memory, event loop delay, GC) and the queues' (read from Redis when scraped); and, with
 * METRICS_PORT, a listener that serves them, since the worker and bots roles have no HTTP
 * server of their own.
 */
export async function startProcessMetrics(infra: Infrastructure): Promise<ProcessMetrics> {
  collectDefaultMetrics({ register: infra.metrics });
  const queues = registerQueueFigures(infra.metrics, { connection: infra.redis, prefix: infra.redisPrefix });
  let server: FastifyInstance | undefined;
  const { metricsPort, metricsToken, host } = infra.config;
  try {
    if (metricsPort !== undefined) {
      server = await buildMetricsServer({ registry: infra.metrics, token: metricsToken }, infra.logger);
      await server.listen({ host, port: metricsPort });
      infra.logger.info({ port: metricsPort, token: metricsToken !== undefined }, 'metrics listening at /metrics');
    }
  } catch (error) {
    await queues.close();
    throw error;
  }
  return {
    async close() {
      await server?.close();
      await queues.close();
    },
  };
}

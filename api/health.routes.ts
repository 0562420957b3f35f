import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from './deps.ts';

/** `/healthz`: the process lives. `/readyz`: PostgreSQL and Redis both answer. */
export function healthRoutes(deps: Pick<AppDeps, 'services' | 'redis'>): FastifyPluginAsync {
  return async (app) => {
    app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
    app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
      const [postgres, redis] = await Promise.all([
        withTimeout(deps.services.edge.database.isReachable(), 2000),
        withTimeout(deps.redis.ping().then((r) => r === 'PONG'), 2000),
      ]);
      const ready = postgres && redis;
      return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'unavailable', postgres, redis });
    });
  };
}

async function withTimeout(check: Promise<boolean>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => { timer = setTimeout(() => resolve(false), ms); });
  try {
    return await Promise.race([check.catch(() => false), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

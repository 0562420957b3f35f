import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AppDeps } from './deps.ts';
import { registerErrorHandling } from './errors.ts';
import { healthRoutes } from './health.routes.ts';
import { redirectRoutes } from './redirect/redirect.routes.ts';
import { vendorRoutes } from './vendor/vendor.routes.ts';
import { adminRoutes } from './admin/admin.routes.ts';
import { authRoutes } from './auth/auth.routes.ts';
import { telegramWebhookRoutes } from './telegram/telegram-webhook.routes.ts';
import { consoleRoutes } from './web/console.routes.ts';
import { queueBoardRoutes } from './queues/queue-board.ts';

/** One megabyte: a catalog push of a few thousand products fits; anything larger is refused with 413. */
export const BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * Builds the HTTP app: external plugins, then error handling, then routes.
 * Nothing listens here; the CLI calls `listen`, tests call `inject`.
 */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: true,
    // Per-request logs would dominate the redirect's cost; errors are still logged.
    logController: new LogController({ disableRequestLogging: true }),
    return503OnClosing: true,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: true } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      info: { title: 'dealcast API', version: '1', description: 'Vendor postbacks, catalog push, and the admin API of dealcast.' },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          vendorKey: { type: 'apiKey', in: 'header', name: 'X-Dealcast-Key' },
          vendorSignature: { type: 'apiKey', in: 'header', name: 'X-Dealcast-Signature' },
          sessionCookie: { type: 'apiKey', in: 'cookie', name: 'dc_session' },
          csrfToken: { type: 'apiKey', in: 'header', name: 'X-CSRF-Token' },
        },
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  registerErrorHandling(app);
  await app.register(healthRoutes(deps));
  await app.register(redirectRoutes(deps));
  await app.register(vendorRoutes(deps), { prefix: '/api/v1' });
  await app.register(authRoutes(deps), { prefix: '/api/v1' });
  await app.register(adminRoutes(deps), { prefix: '/api/v1/admin' });
  if (deps.telegramWebhook) await app.register(telegramWebhookRoutes(deps.telegramWebhook, deps.logger));
  await app.register(queueBoardRoutes(deps));
  await app.register(consoleRoutes(deps.consoleDir));
  return app;
}

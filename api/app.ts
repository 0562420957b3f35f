import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { TRUSTED_PROXIES_DEFAULT, type AppDeps, type TrustedProxies } from './deps.ts';
import { answerFrameworkError, registerErrorHandling } from './errors.ts';
import { healthRoutes } from './health.routes.ts';
import { redirectRoutes } from './redirect/redirect.routes.ts';
import { dealPageRoutes } from './deal-pages/deal-pages.routes.ts';
import { vendorRoutes } from './vendor/vendor.routes.ts';
import { adminRoutes } from './admin/admin.routes.ts';
import { authRoutes } from './auth/auth.routes.ts';
import { telegramWebhookRoutes } from './telegram/telegram-webhook.routes.ts';
import { consoleRoutes } from './web/console.routes.ts';
import { queueBoardRoutes } from './queues/queue-board.ts';
import { AccessLog, REQUEST_LOG_SERIALIZERS } from './observability/access-log.ts';
import { registerHttpMetrics } from './observability/http-metrics.ts';
import { metricsRoutes } from './observability/metrics.routes.ts';
import { echoRequestId, requestIdOf } from './observability/request-id.ts';
import { registerSecurity } from './security/security.ts';

/**
 * 256 KB for any body: every admin, sign-in and webhook body fits many times over; anything
 * larger is refused with 413. Routes that take more say so (the vendor API's catalog push and
 * order reports, 1 MB; the CSV imports, 4 MB).
 */
export const BODY_LIMIT_BYTES = 256 * 1024;

/**
 * Builds the HTTP app: external plugins, then error handling, then routes.
 * Nothing listens here; the CLI calls `listen`, tests call `inject`.
 */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.logger.child({}, { serializers: REQUEST_LOG_SERIALIZERS }) as FastifyBaseLogger,
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: trustProxyOption(deps.trustProxy ?? TRUSTED_PROXIES_DEFAULT),
    genReqId: requestIdOf,
    // One line per API request; none for the redirect, whose volume would dominate its cost. Errors are logged everywhere.
    logController: new AccessLog(),
    return503OnClosing: true,
    // Bad escapes and over-long path parameters are refused by the router itself: in our error shape too.
    frameworkErrors: answerFrameworkError,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: true } },
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.addHook('onRequest', echoRequestId);
  if (deps.metrics) registerHttpMetrics(app, deps.metrics);

  await app.register(cookie);
  await registerSecurity(app, deps);
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
  if (deps.metrics?.scrapeToken) await app.register(metricsRoutes({ registry: deps.metrics.registry, token: deps.metrics.scrapeToken }));
  await app.register(redirectRoutes(deps));
  await app.register(dealPageRoutes(deps));
  await app.register(vendorRoutes(deps), { prefix: '/api/v1' });
  await app.register(authRoutes(deps), { prefix: '/api/v1' });
  await app.register(adminRoutes(deps), { prefix: '/api/v1/admin' });
  if (deps.telegramWebhook) await app.register(telegramWebhookRoutes(deps.telegramWebhook, deps.logger));
  await app.register(queueBoardRoutes(deps));
  await app.register(consoleRoutes(deps.consoleDir));
  return app;
}

/** A hop count as the function Fastify's types take for it (the nearest `hops` proxies are believed). */
function trustProxyOption(trusted: TrustedProxies): string | boolean | ((address: string, hop: number) => boolean) {
  return typeof trusted === 'number' ? (_address, hop) => hop < trusted : trusted;
}

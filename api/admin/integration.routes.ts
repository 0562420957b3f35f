import { Type } from 'typebox';
import type { PostbackTransport } from '../../core/vendors/test-order.ports.ts';
import type { TestOrderResult, VendorIntegration } from '../../core/vendors/test-order.service.ts';
import { ACCESS } from './access.ts';
import type { AdminApp } from './route-options.ts';
import { adminRouteGroup } from './route-options.ts';
import { Currency, Id, IdParams, Nullable, Timestamp, errors } from './schemas.ts';

const IntegrationSchema = Type.Object({
  vendorId: Id,
  vendorName: Type.String(),
  keyId: Type.String({ description: 'Sent by the vendor as X-Dealcast-Key' }),
  vendorCreatedAt: Timestamp,
  secretRotatedAt: Nullable(Timestamp),
  previousSecretExpiresAt: Type.Union([Timestamp, Type.Null()], { description: 'Until when the secret the last rotation replaced still verifies; null when none does' }),
  urls: Type.Object({
    conversions: Type.String({ description: 'POST a signed order here' }),
    refunds: Type.String({ description: 'POST a signed refund here, {orderId} replaced' }),
    catalog: Type.String({ description: 'PUT your products here (signed)' }),
  }),
  signature: Type.Object({ keyHeader: Type.String(), signatureHeader: Type.String(), format: Type.String(), toleranceSeconds: Type.Integer() }),
  examples: Type.Object({ conversion: Type.Unknown(), refund: Type.Unknown(), catalog: Type.Unknown() }),
}, { description: 'Never the signing secret: it is shown once, when the vendor is created or its secret rotated' });

const TestOrderBody = Type.Object({
  amount: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: 'Order total in minor units (1999 = 19.99)' }),
  currency: Currency,
  clickId: Type.Optional(Type.String({ maxLength: 100, description: 'The dc_click of a real redirect, to test attribution; absent: an order without a click' })),
}, { additionalProperties: false });

const TestOrderSchema = Type.Object({
  orderId: Type.String({ description: 'test-<unix ms>-<random>' }),
  request: Type.Object({
    method: Type.Literal('POST'),
    url: Type.String(),
    headers: Type.Record(Type.String(), Type.String(), { description: 'Content-Type, X-Dealcast-Key and X-Dealcast-Signature as sent' }),
    body: Type.String({ description: 'The raw body that was signed' }),
    json: Type.Unknown(),
  }),
  response: Type.Object({ status: Type.Integer(), body: Type.Unknown() }, { description: 'What POST /api/v1/conversions answered' }),
});

function present(integration: VendorIntegration) {
  const { vendor, keyId, secretRotatedAt, previousSecretExpiresAt, urls, signature, examples } = integration;
  return {
    vendorId: vendor.id, vendorName: vendor.name, keyId, vendorCreatedAt: vendor.createdAt.toISOString(),
    secretRotatedAt: secretRotatedAt?.toISOString() ?? null, previousSecretExpiresAt: previousSecretExpiresAt?.toISOString() ?? null, urls, signature, examples,
  };
}

/** The vendor API, reached in-process through the app's router: the same route and signature check a vendor's server hits. */
function inProcessTransport(app: AdminApp): PostbackTransport {
  return {
    async send(postback) {
      const answer = await app.inject({ method: postback.method, url: postback.path, headers: postback.headers, payload: postback.body });
      let body: unknown = answer.body;
      try { body = JSON.parse(answer.body); } catch { /* not JSON: keep the text */ }
      return { status: answer.statusCode, body };
    },
  };
}

/** A vendor's integration: its key, the signed-postback guide and a test order through the real conversion route. */
export const integrationRoutes = adminRouteGroup('admin: vendor integration', (app, route, deps) => {
  const integration = deps.services.catalog.integration;

  app.get('/vendors/:id/integration', route(ACCESS.read, {
    summary: "A vendor's API key, when its secret last changed, the postback URLs and example bodies (never the secret)",
    params: IdParams,
    response: { 200: IntegrationSchema, ...errors(400, 404) },
  }), async (request) => present(await integration.describe(request.caller, request.params.id)));

  app.post('/vendors/:id/test-order', route(ACCESS.manageOwn, {
    summary: "Send a test order signed with the vendor's own secret through POST /api/v1/conversions",
    description: 'The order id is test-<time>. Without clickId it is recorded unattributed (no commission), like a real order without a click; '
      + 'with the dc_click of a real redirect it is attributed and earns a pending commission. Answers the signed request and what the route answered.',
    params: IdParams,
    body: TestOrderBody,
    response: { 200: TestOrderSchema, ...errors(400, 404) },
  }), async (request): Promise<TestOrderResult> => integration.sendTestOrder(request.caller, request.params.id, request.body, inProcessTransport(app)));
});

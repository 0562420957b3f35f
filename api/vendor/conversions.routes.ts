import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppDeps } from '../deps.ts';
import { requireVendor } from './vendor-auth.ts';
import { strictValidatorCompiler } from './strict-validator.ts';
import { ErrorResponse, MinorUnits, OrderId, VENDOR_BULK_BODY_LIMIT_BYTES, VENDOR_SECURITY } from './vendor.schemas.ts';

const ConversionItem = Type.Object({
  sku: Type.String({ minLength: 1, maxLength: 128 }),
  quantity: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
  amount: Type.Optional(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: 'Line total in minor units' })),
  title: Type.Optional(Type.String({ maxLength: 500 })),
}, { additionalProperties: false });

const ConversionBody = Type.Object({
  orderId: OrderId,
  clickId: Type.Optional(Type.String({ format: 'uuid', description: 'The dc_click value the buyer arrived with' })),
  amount: MinorUnits,
  currency: Type.String({ maxLength: 16, description: 'ISO 4217 code, e.g. EUR' }),
  occurredAt: Type.Optional(Type.String({ format: 'date-time', description: 'RFC 3339; defaults to the time of receipt' })),
  items: Type.Optional(Type.Array(ConversionItem, { maxItems: 1000 })),
  buyerRef: Type.Optional(Type.String({
    minLength: 1, maxLength: 200, pattern: '^[^\\u0000-\\u001f\\u007f]+$',
    description: 'Your stable reference to the buyer (your customer id, or a hash of the email). Optional; stored only as our keyed hash, '
      + 'to hold for review a commission on a buyer\'s repeat order within 30 days.',
  })),
  promoCode: Type.Optional(Type.String({
    minLength: 3, maxLength: 40,
    description: 'The promo code the shopper entered: a campaign member\'s personal code (CAMPAIGNCODE-XXXX, case-insensitive). '
      + 'An order whose clickId earns it keeps last-click attribution; an order without a valid click is credited to the member whose code it names, '
      + 'when the campaign is open and occurredAt lies within its dates. Name the ordered products in items (by sku) for a campaign on some products.',
  })),
}, { additionalProperties: false });

const ConversionAnswer = Type.Object({
  conversionId: Type.String(),
  status: Type.Union([Type.Literal('attributed'), Type.Literal('unattributed')]),
  attributed: Type.Boolean(),
  attributionReason: Type.Union([
    Type.Literal('no_click'), Type.Literal('unknown_click'),
    Type.Literal('not_counted'), Type.Literal('outside_window'), Type.Literal('influencer_inactive'), Type.Null(),
  ], { description: 'Why nobody earned the order; null when attributed. unknown_click: none of your clicks has that id.' }),
  attributedBy: Type.Optional(Type.Literal('promo_code', { description: 'Present when a campaign member\'s promo code, not a click, credited the order' })),
  commission: Type.Union([
    Type.Object({
      id: Type.String(),
      amount: Type.Integer(),
      currency: Type.String(),
      rateBps: Type.Integer(),
      status: Type.Literal('pending'),
      approvesAt: Type.String({ format: 'date-time' }),
      bonus: Type.Optional(Type.Object({
        campaignId: Type.String(), amount: Type.Integer({ description: 'The campaign bonus inside amount, minor units' }),
      }, { description: 'Present when a campaign bonus is part of the commission' })),
    }),
    Type.Null(),
  ]),
});

/** `POST /conversions`: a vendor reports an order (signed; the vendor scope checks the signature). */
export function conversionsRoutes(deps: Pick<AppDeps, 'services'>): FastifyPluginAsync {
  return async (scope) => {
    const app = scope.withTypeProvider<TypeBoxTypeProvider>();
    app.setValidatorCompiler(strictValidatorCompiler);

    app.post('/conversions', {
      bodyLimit: VENDOR_BULK_BODY_LIMIT_BYTES,
      schema: {
        tags: ['vendor'],
        summary: 'Report an order (idempotent per orderId)',
        description: 'Attributes the order to the click named by clickId and accrues a pending commission, or records it unattributed with the reason. '
          + 'Replaying the same body returns the first answer; a different body for the same orderId is 409.',
        security: VENDOR_SECURITY,
        body: ConversionBody,
        response: { 202: ConversionAnswer, 400: ErrorResponse, 401: ErrorResponse, 409: ErrorResponse, 413: ErrorResponse },
      },
    }, async (request, reply) => {
      const answer = await deps.services.edge.recordConversion(requireVendor(request).id, request.body);
      return reply.status(202).send(answer);
    });
  };
}

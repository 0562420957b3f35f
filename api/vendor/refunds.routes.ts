import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppDeps } from '../deps.ts';
import { requireVendor } from './vendor-auth.ts';
import { strictValidatorCompiler } from './strict-validator.ts';
import { ErrorResponse, MinorUnits, OrderId, VENDOR_SECURITY } from './vendor.schemas.ts';

const RefundBody = Type.Object({
  amount: Type.Optional({ ...MinorUnits, description: 'Minor units to refund; absent refunds everything not yet refunded' }),
  reason: Type.Optional(Type.String({ maxLength: 500 })),
  refundId: Type.Optional({ ...OrderId, description: 'Your id of this refund: a retry with the same refundId returns the first answer' }),
}, { additionalProperties: false });

const RefundAnswer = Type.Object({
  id: Type.String(),
  refundId: Type.Union([Type.String(), Type.Null()]),
  orderId: Type.String(),
  conversionId: Type.String(),
  amount: Type.Integer(),
  currency: Type.String(),
  refundedAmount: Type.Integer(),
  remainingAmount: Type.Integer(),
  status: Type.Union([Type.Literal('refunded'), Type.Literal('partially_refunded')]),
  commission: Type.Union([
    Type.Object({
      id: Type.String(),
      amount: Type.Integer(),
      reversedAmount: Type.Integer(),
      reversedNow: Type.Integer(),
      status: Type.Union([Type.Literal('pending'), Type.Literal('approved'), Type.Literal('in_payout'), Type.Literal('paid'), Type.Literal('reversed')]),
    }),
    Type.Null(),
  ]),
});

/** `POST /conversions/:orderId/refunds`: a vendor refunds part or all of an order (signed). */
export function refundsRoutes(deps: Pick<AppDeps, 'services'>): FastifyPluginAsync {
  return async (scope) => {
    const app = scope.withTypeProvider<TypeBoxTypeProvider>();
    app.setValidatorCompiler(strictValidatorCompiler);

    app.post('/conversions/:orderId/refunds', {
      schema: {
        tags: ['vendor'],
        summary: 'Refund part or all of an order',
        description: 'Reverses the same share of the commission. Refunds never exceed the order (422 refund_exceeds_amount). Unknown orderId: 404. '
          + 'While a settlement chunk runs (seconds), a refund waits; after 15 s it answers 503 busy: retry with the same refundId.',
        security: VENDOR_SECURITY,
        params: Type.Object({ orderId: OrderId }),
        body: RefundBody,
        response: { 201: RefundAnswer, 400: ErrorResponse, 401: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse, 413: ErrorResponse, 422: ErrorResponse, 503: ErrorResponse },
      },
    }, async (request, reply) => {
      const answer = await deps.services.edge.refundConversion(requireVendor(request).id, request.params.orderId, request.body);
      return reply.status(201).send(answer);
    });
  };
}

import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { CATALOG_LIMITS } from '../../core/catalog/catalog.ts';
import type { AppDeps } from '../deps.ts';
import { requireVendor } from './vendor-auth.ts';
import { strictValidatorCompiler } from './strict-validator.ts';
import { VENDOR_BULK_BODY_LIMIT_BYTES, VENDOR_SECURITY } from './vendor.schemas.ts';

const Amount = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: 'Integer minor units, e.g. 1999 for 19.99' });
const Url = Type.String({ minLength: 1, maxLength: CATALOG_LIMITS.url, description: 'Absolute http(s) URL' });

const CatalogItem = Type.Object({
  sku: Type.String({ minLength: 1, maxLength: CATALOG_LIMITS.sku, description: 'Your product id; unique among your products' }),
  brand: Type.String({ minLength: 1, maxLength: 60, description: "One of your brands, by slug or id" }),
  title: Type.String({ minLength: 1, maxLength: CATALOG_LIMITS.title }),
  url: Url,
  price: Amount,
  currency: Type.String({ minLength: 3, maxLength: 3, description: 'ISO 4217 code, e.g. EUR' }),
  listPrice: Type.Optional(Amount),
  imageUrl: Type.Optional(Url),
  category: Type.Optional(Type.String({ maxLength: CATALOG_LIMITS.category })),
  description: Type.Optional(Type.String({ maxLength: CATALOG_LIMITS.description })),
  commissionRateBps: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000, description: "Overrides the brand's rate" })),
  active: Type.Optional(Type.Boolean({ description: 'false hides the product from deals; default true' })),
}, { additionalProperties: false });

const ErrorResponse = Type.Object({
  error: Type.Object({ code: Type.String(), message: Type.String(), details: Type.Optional(Type.Unknown()) }),
});

/** `PUT /catalog/products`: a vendor's bulk product upsert (signed; the vendor scope checks the signature). */
export function catalogRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (scope) => {
    const app = scope.withTypeProvider<TypeBoxTypeProvider>();
    app.setValidatorCompiler(strictValidatorCompiler);

    app.put('/catalog/products', {
      bodyLimit: VENDOR_BULK_BODY_LIMIT_BYTES,
      schema: {
        tags: ['vendor'],
        summary: `Create or update up to ${CATALOG_LIMITS.pushItems} of your products by sku`,
        description: 'Every item is checked first: one invalid item refuses the whole push (400, each problem listed with its item index), and '
          + "an item naming another vendor's brand refuses it with 403. Then all items are upserted by (vendor, sku) at once. "
          + 'An item replaces the stored product: optional fields left out become empty (active becomes true).',
        security: VENDOR_SECURITY,
        body: Type.Object({ products: Type.Array(CatalogItem, { minItems: 1, maxItems: CATALOG_LIMITS.pushItems }) }, { additionalProperties: false }),
        response: {
          200: Type.Object({ created: Type.Integer(), updated: Type.Integer() }),
          400: ErrorResponse,
          401: ErrorResponse,
          403: ErrorResponse,
        },
      },
    }, async (request) => deps.services.catalog.products.pushCatalog(requireVendor(request).id, request.body.products));
  };
}

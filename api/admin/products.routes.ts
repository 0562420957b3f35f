import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { CATALOG_LIMITS } from '../../core/catalog/catalog.ts';
import { NotFoundError } from '../../core/shared/errors.ts';
import { findProductById, listProducts } from '../../db/catalog.repository.ts';
import type { ProductRow } from '../../db/schema.ts';
import type { AppDeps } from '../deps.ts';
import { ACCESS } from './access.ts';
import { changeProduct, createProduct } from './catalog.service.ts';
import { pageQuery, pageResponse } from './paging.ts';
import { BEARER, Currency, Id, IdParams, MinorUnits, Nullable, PageOf, PageQuery, RateBps, Timestamp, errors } from './schemas.ts';

const Url = Type.String({ minLength: 1, maxLength: CATALOG_LIMITS.url, description: 'Absolute http(s) URL' });

export const Product = Type.Object({
  id: Id, vendorId: Id, brandId: Id, sku: Type.String(), title: Type.String(), description: Nullable(Type.String()),
  url: Type.String({ description: "The vendor's product page; clicks are redirected here with dc_click appended" }),
  imageUrl: Nullable(Type.String()), category: Nullable(Type.String()),
  price: MinorUnits, listPrice: Nullable(MinorUnits), currency: Type.String(),
  commissionRateBps: Nullable(RateBps), active: Type.Boolean(), createdAt: Timestamp, updatedAt: Timestamp,
});

/** The writable fields of a product, shared by create and change. */
const ProductFields = {
  sku: Type.String({ minLength: 1, maxLength: CATALOG_LIMITS.sku }),
  title: Type.String({ minLength: 1, maxLength: CATALOG_LIMITS.title }),
  url: Url,
  price: MinorUnits,
  currency: Currency,
  listPrice: Type.Optional(Nullable(MinorUnits)),
  imageUrl: Type.Optional(Nullable(Url)),
  category: Type.Optional(Nullable(Type.String({ maxLength: CATALOG_LIMITS.category }))),
  description: Type.Optional(Nullable(Type.String({ maxLength: CATALOG_LIMITS.description }))),
  commissionRateBps: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 10_000, description: "Overrides the brand's rate; null uses the brand's" }))),
  active: Type.Optional(Type.Boolean()),
};

export function presentProduct(row: ProductRow) {
  return {
    id: row.id, vendorId: row.vendor_id, brandId: row.brand_id, sku: row.sku, title: row.title, description: row.description,
    url: row.url, imageUrl: row.image_url, category: row.category, price: Number(row.price),
    listPrice: row.list_price === null ? null : Number(row.list_price), currency: row.currency.trim(),
    commissionRateBps: row.commission_rate_bps, active: row.active, createdAt: row.created_at.toISOString(), updatedAt: row.updated_at.toISOString(),
  };
}

const tags = ['admin: catalog'];

/** Products: what influencers promote; unique per vendor by sku. */
export function productsRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (instance) => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();

    app.post('/products', {
      config: { access: ACCESS.manageOwn },
      schema: {
        tags, security: BEARER, summary: "Create a product under a brand (its vendor is the brand's)",
        body: Type.Object({ brandId: Id, ...ProductFields }, { additionalProperties: false }),
        response: { 201: Product, ...errors(400, 404, 409) },
      },
    }, async (request, reply) => reply.status(201).send(presentProduct(await createProduct(deps.db, request.caller, request.body))));

    app.patch('/products/:id', {
      config: { access: ACCESS.manageOwn },
      schema: {
        tags, security: BEARER, summary: 'Change a product (only the fields sent)',
        params: IdParams,
        body: Type.Partial(Type.Object({ brandId: Id, ...ProductFields }), { additionalProperties: false, minProperties: 1 }),
        response: { 200: Product, ...errors(400, 404, 409) },
      },
    }, async (request) => presentProduct(await changeProduct(deps.db, request.caller, request.params.id, request.body)));

    app.get('/products', {
      config: { access: ACCESS.read },
      schema: {
        tags, security: BEARER, summary: 'List products, newest first',
        querystring: Type.Object({
          ...PageQuery, vendorId: Type.Optional(Id), brandId: Type.Optional(Id), sku: Type.Optional(Type.String({ maxLength: CATALOG_LIMITS.sku })),
          category: Type.Optional(Type.String({ maxLength: CATALOG_LIMITS.category })), active: Type.Optional(Type.Boolean()),
        }),
        response: { 200: PageOf(Product), ...errors(400) },
      },
    }, async (request) => {
      const { vendorId, brandId, sku, category, active } = request.query;
      const filter = { vendorId: (vendorId ?? request.caller.scope.vendorId ?? undefined), brandId, sku, category, active };
      return pageResponse(await listProducts(deps.db, filter, pageQuery(request.query)), presentProduct);
    });

    app.get('/products/:id', {
      config: { access: ACCESS.read },
      schema: { tags, security: BEARER, summary: 'Get a product', params: IdParams, response: { 200: Product, ...errors(400, 404) } },
    }, async (request) => {
      const scope = (request.caller.scope.vendorId ?? undefined);
      const product = await findProductById(deps.db, request.params.id);
      if (!product || (scope !== undefined && product.vendor_id !== scope)) throw new NotFoundError('product', request.params.id);
      return presentProduct(product);
    });
  };
}

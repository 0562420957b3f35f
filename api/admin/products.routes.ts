import { Type } from 'typebox';
import { CATALOG_LIMITS } from '../../core/catalog/catalog.ts';
import type { Product } from '../../core/catalog/catalog.ports.ts';
import { ACCESS } from './access.ts';
import { withIsoDates } from './present.ts';
import { adminRouteGroup } from './route-options.ts';
import { pageQuery, pageResponse } from './paging.ts';
import { Currency, Id, IdParams, MinorUnits, Nullable, PageOf, PageQuery, RateBps, Timestamp, errors } from './schemas.ts';

const Url = Type.String({ minLength: 1, maxLength: CATALOG_LIMITS.url, description: 'Absolute http(s) URL' });

export const ProductSchema = Type.Object({
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

export const presentProduct = (product: Product) => withIsoDates(product);

/** Products: what influencers promote; unique per vendor by sku. */
export const productsRoutes = adminRouteGroup('admin: catalog', (app, route, deps) => {
  const products = deps.services.catalog.products;

  app.post('/products', route(ACCESS.manageOwn, {
    summary: "Create a product under a brand (its vendor is the brand's)",
    body: Type.Object({ brandId: Id, ...ProductFields }, { additionalProperties: false }),
    response: { 201: ProductSchema, ...errors(400, 404, 409) },
  }), async (request, reply) => reply.status(201).send(presentProduct(await products.createProduct(request.caller, request.body))));

  app.patch('/products/:id', route(ACCESS.manageOwn, {
    summary: 'Change a product (only the fields sent)',
    params: IdParams,
    body: Type.Partial(Type.Object({ brandId: Id, ...ProductFields }), { additionalProperties: false, minProperties: 1 }),
    response: { 200: ProductSchema, ...errors(400, 404, 409) },
  }), async (request) => presentProduct(await products.changeProduct(request.caller, request.params.id, request.body)));

  app.get('/products', route(ACCESS.read, {
    summary: 'List products, newest first',
    querystring: Type.Object({
      ...PageQuery, vendorId: Type.Optional(Id), brandId: Type.Optional(Id), sku: Type.Optional(Type.String({ maxLength: CATALOG_LIMITS.sku })),
      category: Type.Optional(Type.String({ maxLength: CATALOG_LIMITS.category })), active: Type.Optional(Type.Boolean()),
    }),
    response: { 200: PageOf(ProductSchema), ...errors(400) },
  }), async (request) => {
    const { vendorId, brandId, sku, category, active } = request.query;
    return pageResponse(await products.listProducts(request.caller, { vendorId, brandId, sku, category, active }, pageQuery(request.query)), presentProduct);
  });

  app.get('/products/:id', route(ACCESS.read, { summary: 'Get a product', params: IdParams, response: { 200: ProductSchema, ...errors(400, 404) } }), async (request) => presentProduct(await products.getProduct(request.caller, request.params.id)));
});

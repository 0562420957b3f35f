import { Type, type Static } from 'typebox';
import { CATALOG_LIMITS } from '../../core/catalog/catalog.ts';
import { CATALOG_CSV_COLUMNS } from '../../core/catalog/catalog-csv.ts';
import { MAX_CHUNK_ROWS, type CatalogChunk } from '../../core/catalog/catalog-import.ts';
import type { Product } from '../../core/catalog/catalog.ports.ts';
import { ValidationError } from '../../core/shared/errors.ts';
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

/** A chunk of ~200 rows is some 100 kB; room for long descriptions. */
const MAX_CHUNK_BYTES = 4 * 1024 * 1024;
const ChunkFields = {
  brandId: Type.Optional(Id),
  firstLine: Type.Optional(Type.Integer({ minimum: 2, description: 'Line of the whole file that the chunk\'s first row stands on (the header is line 1); default 2' })),
  file: Type.Optional(Type.String({ maxLength: 200, description: "The file's name, for the audit log" })),
};
const ChunkBody = Type.Object({
  csv: Type.String({ minLength: 1, maxLength: MAX_CHUNK_BYTES, description: `The header line, then up to ${MAX_CHUNK_ROWS} rows` }),
  ...ChunkFields,
}, { additionalProperties: false });
const ChunkReport = Type.Object({
  rows: Type.Integer({ description: 'Rows read (blank lines skipped)' }),
  created: Type.Integer(), updated: Type.Integer(),
  failed: Type.Integer({ description: 'Rows refused, each listed in errors' }),
  errors: Type.Array(Type.Object({
    line: Type.Integer({ description: 'Line in the whole file (firstLine applied)' }),
    field: Type.String({ description: 'The CSV column (or "row" for a row with the wrong number of fields)' }),
    message: Type.String(),
  })),
});

/** Products: what influencers promote; unique per vendor by sku. */
export const productsRoutes = adminRouteGroup('admin: catalog', (app, route, deps) => {
  const products = deps.services.catalog.products;
  app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: MAX_CHUNK_BYTES }, (_request, body, done) => done(null, body));

  app.post('/products/import', { ...route(ACCESS.manageOwn, {
    summary: 'Import one chunk of a catalog CSV (the columns and rules of `dealcast import-catalog`)',
    description: [
      `Send JSON {csv, brandId?, firstLine?, file?} or the CSV itself as text/csv (then brandId, firstLine and file in the query). The chunk starts with the header line (${CATALOG_CSV_COLUMNS.join(',')}; brand may be left out with brandId) and holds at most ${MAX_CHUNK_ROWS} rows; prices in major units (19.99).`,
      'Good rows are created or updated by (vendor, sku); bad ones are listed by their line in the whole file (firstLine is the line of the chunk\'s first row). A header that does not fit refuses the chunk (400). A vendor account imports into its own brands only, at rates within its limits.',
    ].join('\n\n'),
    querystring: Type.Object(ChunkFields),
    // One schema per content type (Fastify and the OpenAPI document both read it this way).
    body: { content: { 'application/json': { schema: ChunkBody }, 'text/csv': { schema: Type.String({ minLength: 1, maxLength: MAX_CHUNK_BYTES }) } } } as never,
    response: { 200: ChunkReport, ...errors(400, 404) },
  }), bodyLimit: MAX_CHUNK_BYTES }, async (request) => {
    const body = request.body as Static<typeof ChunkBody> | string | undefined;
    // With no Content-Type there is no schema to check the body against: no body at all gets here.
    if (body === undefined || body === null) throw new ValidationError('Send the chunk as JSON {csv, brandId?, firstLine?, file?} or as a text/csv body');
    const query = request.query as Static<typeof ChunkBody>;
    const chunk: CatalogChunk = typeof body === 'string'
      ? { csv: body, brandId: query.brandId, firstLine: query.firstLine, file: query.file }
      : body;
    return products.importChunk(request.caller, chunk);
  });

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
      search: Type.Optional(Type.String({ maxLength: CATALOG_LIMITS.title, description: 'Part of the title or the sku, any case' })),
    }),
    response: { 200: PageOf(ProductSchema), ...errors(400) },
  }), async (request) => {
    const { vendorId, brandId, sku, category, active, search } = request.query;
    return pageResponse(await products.listProducts(request.caller, { vendorId, brandId, sku, category, active, search }, pageQuery(request.query)), presentProduct);
  });

  app.get('/products/:id', route(ACCESS.read, { summary: 'Get a product', params: IdParams, response: { 200: ProductSchema, ...errors(400, 404) } }), async (request) => presentProduct(await products.getProduct(request.caller, request.params.id)));
});

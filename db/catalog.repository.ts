import { sql, type ExpressionBuilder, type Kysely, type Updateable } from 'kysely';
import type { Scope } from '../core/access/access.ts';
import type {
  Brand, BrandChanges, BrandFilter, BrandListing, BrandStore, CatalogBrand, NewBrand, PlacedProduct, Product, ProductFilter, ProductStore,
} from '../core/catalog/catalog.ports.ts';
import type { Page, PageQuery } from '../core/shared/paging.ts';
import { likeContaining, TRIGRAM_LENGTH } from './like-patterns.ts';
import type { BrandRow, BrandsTable, Database, ProductRow } from './schema.ts';
import { listPage } from './paging.ts';
import { isUniqueViolation } from './pg-errors.ts';
import { DEAL_EVENT_COLUMNS, dealEventsOfWritten } from './deal-events.ts';
import { estimatedProducts, walkLength, walkThenIndex } from './search-walk.ts';

// Vendors' brands and products. Both tables carry vendor_id, so a scope naming a vendor is one
// more condition in each WHERE clause. Products are unique by (vendor, sku): that constraint
// carries the catalog upsert, not an application check.

// ——— brands ———

export async function findBrand(db: Kysely<Database>, scope: Scope, id: string, lock = false): Promise<Brand | undefined> {
  const row = await db.selectFrom('brands').selectAll().where('id', '=', id)
    .$if(scope.vendorId !== null, (q) => q.where('vendor_id', '=', scope.vendorId!))
    .$if(lock, (q) => q.forUpdate())
    .executeTakeFirst();
  return row && toBrand(row);
}

/** Brands as lists and reads show them, with the count of join requests waiting for a decision. */
function brandListings(db: Kysely<Database>, scope: Scope) {
  return db.selectFrom('brands').selectAll('brands')
    .select((eb) => eb.selectFrom('brand_memberships as m').select(eb.fn.countAll<string>().as('n'))
      .whereRef('m.brand_id', '=', 'brands.id').where('m.status', '=', 'pending').as('pending_join_requests'))
    .$if(scope.vendorId !== null, (q) => q.where('brands.vendor_id', '=', scope.vendorId!));
}

export async function findBrandListing(db: Kysely<Database>, scope: Scope, id: string): Promise<BrandListing | undefined> {
  const row = await brandListings(db, scope).where('brands.id', '=', id).executeTakeFirst();
  return row && toBrandListing(row);
}

export async function listBrands(db: Kysely<Database>, scope: Scope, filter: BrandFilter, page: PageQuery): Promise<Page<BrandListing>> {
  return listPage(brandListings(db, scope), { id: 'brands.id', equal: { 'brands.vendor_id': filter.vendorId || undefined } }, page, toBrandListing);
}

/** Inserts a brand; undefined when the slug is taken (ON CONFLICT keeps the transaction usable for a retry). */
export async function insertBrand(db: Kysely<Database>, brand: NewBrand): Promise<Brand | undefined> {
  const row = await db.insertInto('brands').values({
    vendor_id: brand.vendorId, name: brand.name, slug: brand.slug, commission_rate_bps: brand.commissionRateBps,
    lock_days: brand.lockDays, attribution_window_days: brand.attributionWindowDays, auto_approve: brand.autoApprove,
    erid: brand.erid ?? null,
  }).onConflict((oc) => oc.column('slug').doNothing()).returningAll().executeTakeFirst();
  return row && toBrand(row);
}

export async function updateBrand(db: Kysely<Database>, scope: Scope, id: string, changes: BrandChanges): Promise<Brand | undefined> {
  const set: Updateable<BrandsTable> = {};
  if (changes.name !== undefined) set.name = changes.name;
  if (changes.commissionRateBps !== undefined) set.commission_rate_bps = changes.commissionRateBps;
  if (changes.lockDays !== undefined) set.lock_days = changes.lockDays;
  if (changes.attributionWindowDays !== undefined) set.attribution_window_days = changes.attributionWindowDays;
  if (changes.autoApprove !== undefined) set.auto_approve = changes.autoApprove;
  if (changes.erid !== undefined) set.erid = changes.erid;
  if (Object.keys(set).length === 0) return findBrand(db, scope, id);
  const row = await db.updateTable('brands').set(set).where('id', '=', id)
    .$if(scope.vendorId !== null, (q) => q.where('vendor_id', '=', scope.vendorId!))
    .returningAll().executeTakeFirst();
  return row && toBrand(row);
}

/** Brands named by id or slug, with their vendor, whoever owns them (placement tells the owner apart). */
export async function findBrandsByRefs(db: Kysely<Database>, refs: { ids: string[]; slugs: string[] }): Promise<CatalogBrand[]> {
  if (refs.ids.length === 0 && refs.slugs.length === 0) return [];
  const rows = await db.selectFrom('brands').innerJoin('vendors', 'vendors.id', 'brands.vendor_id')
    .select(['brands.id', 'brands.slug', 'brands.vendor_id', 'vendors.min_rate_bps', 'vendors.max_rate_bps'])
    .where((eb) => eb.or([
      ...(refs.ids.length > 0 ? [eb('brands.id', 'in', refs.ids)] : []),
      ...(refs.slugs.length > 0 ? [eb('brands.slug', 'in', refs.slugs)] : []),
    ]))
    .execute();
  return rows.map((r) => ({ id: r.id, slug: r.slug, vendorId: r.vendor_id, rateLimits: { minRateBps: r.min_rate_bps, maxRateBps: r.max_rate_bps } }));
}

/** @deprecated Unscoped, for the routes not yet on a service; use `findBrand` with the caller's scope. */
export async function findBrandById(db: Kysely<Database>, id: string): Promise<BrandRow | undefined> {
  return db.selectFrom('brands').selectAll().where('id', '=', id).executeTakeFirst();
}

// ——— products ———

export async function findProduct(db: Kysely<Database>, scope: Scope, id: string, lock = false): Promise<Product | undefined> {
  const row = await db.selectFrom('products').selectAll().where('id', '=', id)
    .$if(scope.vendorId !== null, (q) => q.where('vendor_id', '=', scope.vendorId!))
    .$if(lock, (q) => q.forUpdate())
    .executeTakeFirst();
  return row && toProduct(row);
}

/** Rows a one- or two-character search reads at most per page, newest first (no trigram index can serve it). */
export const SHORT_SEARCH_ROWS = 20_000;

export async function listProducts(db: Kysely<Database>, scope: Scope, filter: ProductFilter, page: PageQuery): Promise<Page<Product>> {
  const search = filter.search?.trim() || undefined;
  const read = (on: Kysely<Database>, products = productsFrom(on, page)) => listPage(
    on.selectFrom(products).selectAll()
      .$if(scope.vendorId !== null, (q) => q.where('vendor_id', '=', scope.vendorId!))
      .$if(search !== undefined, (q) => q.where(productTextMatches(search!))),
    {
      id: 'id',
      equal: { vendor_id: filter.vendorId || undefined, brand_id: filter.brandId || undefined, sku: filter.sku || undefined, active: filter.active, category: filter.category || undefined },
    },
    page, toProduct,
  );
  if (search === undefined) return read(db);
  if (search.length < TRIGRAM_LENGTH) {
    // Too short for a trigram: the newest SHORT_SEARCH_ROWS products after the cursor are read,
    // and a short page continues below the last product read, so paging on reaches the rest.
    const found = await read(db, productsFrom(db, page, SHORT_SEARCH_ROWS));
    return found.nextAfter !== null ? found : { ...found, nextAfter: await lastOfStretch(db, page, SHORT_SEARCH_ROWS) };
  }
  // A full page (limit + 1 rows, so a next cursor) from the walk is the page; a short one is not.
  const walk = walkLength(await estimatedProducts(db), page.limit + 1);
  return walkThenIndex(db, walk, (on, walkRows) => read(on, walkRows === null ? undefined : productsFrom(on, page, walkRows)), (found) => found.nextAfter !== null);
}

/**
 * A substring of the title or the sku, any case; LIKE's wildcards in the search are taken
 * literally. From three characters on, the trigram indexes on title and sku serve it.
 */
function productTextMatches(search: string) {
  const pattern = likeContaining(search);
  return (eb: ExpressionBuilder<{ products: ProductRow }, 'products'>) => eb.or([eb('title', 'ilike', pattern), eb('sku', 'ilike', pattern)]);
}

/** The products a list reads: all, or the first `stretch` below the page's cursor, newest first. */
function productsFrom(db: Kysely<Database>, page: PageQuery, stretch?: number) {
  return db.selectFrom('products').selectAll()
    .$if(stretch !== undefined, (q) => q
      .$if(page.after !== undefined, (w) => w.where('id', '<', page.after!))
      .orderBy('id', 'desc').limit(stretch!))
    .as('products');
}

/** The oldest product id of the stretch, when the stretch is full (more products lie below it). */
async function lastOfStretch(db: Kysely<Database>, page: PageQuery, stretch: number): Promise<string | null> {
  const row = await db.selectFrom('products').select('id')
    .$if(page.after !== undefined, (q) => q.where('id', '<', page.after!))
    .orderBy('id', 'desc').offset(stretch - 1).limit(1).executeTakeFirst();
  return row?.id ?? null;
}

/** Inserts one product; undefined when its vendor already has the sku. A new active product is a deal event (db/deal-events.ts). */
export async function insertProduct(db: Kysely<Database>, product: PlacedProduct): Promise<Product | undefined> {
  const row = await db
    .with('written', (qc) => qc.insertInto('products').values(productColumns(product))
      .onConflict((oc) => oc.columns(['vendor_id', 'sku']).doNothing())
      .returningAll().returning(sql<boolean>`true`.as('inserted')))
    .with('events', (qc) => qc.insertInto('deal_events').columns(DEAL_EVENT_COLUMNS).expression(dealEventsOfWritten()))
    .selectFrom('written').selectAll().executeTakeFirst();
  return row && toProduct(row);
}

/** Replaces every field of a product in `scope`; `sku_taken` when another product of the vendor has the sku. */
export async function updateProduct(db: Kysely<Database>, scope: Scope, id: string, product: PlacedProduct): Promise<Product | 'sku_taken' | undefined> {
  try {
    // A lower price in the same currency is a deal event (db/deal-events.ts), in the same statement.
    const row = await db
      .with('written', (qc) => qc.updateTable('products').set({ ...productColumns(product), updated_at: sql<Date>`now()` })
        .where('id', '=', id)
        .$if(scope.vendorId !== null, (q) => q.where('vendor_id', '=', scope.vendorId!))
        .returningAll().returning(sql<boolean>`false`.as('inserted')))
      .with('events', (qc) => qc.insertInto('deal_events').columns(DEAL_EVENT_COLUMNS).expression(dealEventsOfWritten()))
      .selectFrom('written').selectAll().executeTakeFirst();
    return row && toProduct(row);
  } catch (error) {
    // The transaction is lost with this error; the caller refuses the change and rolls back.
    if (isUniqueViolation(error)) return 'sku_taken';
    throw error;
  }
}

/**
 * One set-based upsert by (vendor, sku): `INSERT … ON CONFLICT (vendor_id, sku) DO UPDATE`.
 * A placed product replaces every catalog field (an absent optional field becomes empty);
 * the description is kept when none is given. `xmax = 0` tells inserted rows from updated ones.
 * The products must not repeat a (vendor, sku) pair. New products and price drops are recorded as
 * deal events in the same statement, set-based (db/deal-events.ts).
 */
export async function upsertProducts(db: Kysely<Database>, products: PlacedProduct[]): Promise<{ created: number; updated: number }> {
  if (products.length === 0) return { created: 0, updated: 0 };
  const rows = await db.with('written', (qc) => qc.insertInto('products')
    .values(products.map(productColumns))
    .onConflict((oc) => oc.columns(['vendor_id', 'sku']).doUpdateSet((eb) => ({
      brand_id: eb.ref('excluded.brand_id'),
      title: eb.ref('excluded.title'),
      url: eb.ref('excluded.url'),
      image_url: eb.ref('excluded.image_url'),
      category: eb.ref('excluded.category'),
      description: sql<string | null>`coalesce(excluded.description, products.description)`,
      price: eb.ref('excluded.price'),
      list_price: eb.ref('excluded.list_price'),
      currency: eb.ref('excluded.currency'),
      commission_rate_bps: eb.ref('excluded.commission_rate_bps'),
      active: eb.ref('excluded.active'),
      updated_at: sql<Date>`now()`,
    })))
    .returning(['id', 'price', 'currency', 'active', sql<boolean>`(xmax = 0)`.as('inserted')]))
    .with('events', (qc) => qc.insertInto('deal_events').columns(DEAL_EVENT_COLUMNS).expression(dealEventsOfWritten()))
    .selectFrom('written').select('inserted')
    .execute();
  const created = rows.filter((r) => r.inserted).length;
  return { created, updated: rows.length - created };
}

/** @deprecated Unscoped, for the routes not yet on a service; use `findProduct` with the caller's scope. */
export async function findProductById(db: Kysely<Database>, id: string): Promise<ProductRow | undefined> {
  return db.selectFrom('products').selectAll().where('id', '=', id).executeTakeFirst();
}

// ——— ports ———

/** The brands' storage port, on this database or transaction. */
export function brandStore(db: Kysely<Database>): BrandStore {
  return {
    findBrand: (scope, id) => findBrandListing(db, scope, id),
    listBrands: (scope, filter, page) => listBrands(db, scope, filter, page),
    insertBrand: (brand) => insertBrand(db, brand),
    lockBrand: (scope, id) => findBrand(db, scope, id, true),
    updateBrand: (scope, id, changes) => updateBrand(db, scope, id, changes),
  };
}

/** The products' storage port, on this database or transaction. */
export function productStore(db: Kysely<Database>): ProductStore {
  return {
    findProduct: (scope, id) => findProduct(db, scope, id),
    listProducts: (scope, filter, page) => listProducts(db, scope, filter, page),
    findBrandsByRefs: (refs) => findBrandsByRefs(db, refs),
    upsertProducts: (products) => upsertProducts(db, products),
    insertProduct: (product) => insertProduct(db, product),
    lockProduct: (scope, id) => findProduct(db, scope, id, true),
    updateProduct: (scope, id, product) => updateProduct(db, scope, id, product),
  };
}

function toBrand(row: BrandRow): Brand {
  return {
    id: row.id, vendorId: row.vendor_id, name: row.name, slug: row.slug, commissionRateBps: row.commission_rate_bps,
    lockDays: row.lock_days, attributionWindowDays: row.attribution_window_days, autoApprove: row.auto_approve,
    erid: row.erid, createdAt: row.created_at,
  };
}

function toBrandListing(row: BrandRow & { pending_join_requests: string | null }): BrandListing {
  return { ...toBrand(row), pendingJoinRequests: Number(row.pending_join_requests ?? 0) };
}

function toProduct(row: ProductRow): Product {
  return {
    id: row.id, vendorId: row.vendor_id, brandId: row.brand_id, sku: row.sku, title: row.title, description: row.description,
    url: row.url, imageUrl: row.image_url, category: row.category, price: Number(row.price),
    listPrice: row.list_price === null ? null : Number(row.list_price), currency: row.currency.trim(),
    commissionRateBps: row.commission_rate_bps, active: row.active, createdAt: row.created_at, updatedAt: row.updated_at,
  };
}

function productColumns(p: PlacedProduct) {
  return {
    vendor_id: p.vendorId, brand_id: p.brandId, sku: p.sku, title: p.title, url: p.url, image_url: p.imageUrl,
    category: p.category, description: p.description, price: p.price, list_price: p.listPrice, currency: p.currency,
    commission_rate_bps: p.commissionRateBps, active: p.active,
  };
}

import { sql, type Kysely, type Updateable } from 'kysely';
import type { CatalogBrand, CatalogStore, PlacedProduct } from '../core/catalog/catalog.service.ts';
import type { BrandRow, BrandsTable, Database, ProductRow, ProductsTable } from './schema.ts';
import type { Page, PageQuery } from '../core/shared/paging.ts';
import { toPage } from './paging.ts';

// Vendors' brands and products. Products are unique by (vendor, sku): that constraint carries
// the catalog upsert, not an application check.

export interface NewBrand {
  vendorId: string;
  name: string;
  slug: string;
  commissionRateBps: number;
  lockDays?: number;
  attributionWindowDays?: number;
  autoApprove?: boolean;
  erid?: string | null;
}

export async function insertBrand(db: Kysely<Database>, brand: NewBrand): Promise<BrandRow> {
  return db.insertInto('brands').values({
    vendor_id: brand.vendorId, name: brand.name, slug: brand.slug, commission_rate_bps: brand.commissionRateBps,
    lock_days: brand.lockDays, attribution_window_days: brand.attributionWindowDays, auto_approve: brand.autoApprove,
    erid: brand.erid ?? null,
  }).returningAll().executeTakeFirstOrThrow();
}

export async function findBrandById(db: Kysely<Database>, id: string): Promise<BrandRow | undefined> {
  return db.selectFrom('brands').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updateBrand(db: Kysely<Database>, id: string, changes: Updateable<BrandsTable>): Promise<BrandRow | undefined> {
  if (Object.keys(changes).length === 0) return findBrandById(db, id);
  return db.updateTable('brands').set(changes).where('id', '=', id).returningAll().executeTakeFirst();
}

export async function listBrands(db: Kysely<Database>, filter: { vendorId?: string }, page: PageQuery): Promise<Page<BrandRow>> {
  let query = db.selectFrom('brands').selectAll();
  if (filter.vendorId) query = query.where('vendor_id', '=', filter.vendorId);
  if (page.after) query = query.where('id', '<', page.after);
  return toPage(await query.orderBy('id', 'desc').limit(page.limit + 1).execute(), page.limit);
}

/** Brands named by id or slug, with their vendor. */
export async function findBrandsByRefs(db: Kysely<Database>, refs: { ids: string[]; slugs: string[] }): Promise<CatalogBrand[]> {
  if (refs.ids.length === 0 && refs.slugs.length === 0) return [];
  return db.selectFrom('brands')
    .select(['id', 'slug', 'vendor_id as vendorId'])
    .where((eb) => eb.or([
      ...(refs.ids.length > 0 ? [eb('id', 'in', refs.ids)] : []),
      ...(refs.slugs.length > 0 ? [eb('slug', 'in', refs.slugs)] : []),
    ]))
    .execute();
}

export async function insertProduct(db: Kysely<Database>, product: PlacedProduct): Promise<ProductRow> {
  return db.insertInto('products').values(productColumns(product)).returningAll().executeTakeFirstOrThrow();
}

export async function findProductById(db: Kysely<Database>, id: string): Promise<ProductRow | undefined> {
  return db.selectFrom('products').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updateProduct(db: Kysely<Database>, id: string, changes: Updateable<ProductsTable>): Promise<ProductRow | undefined> {
  return db.updateTable('products').set({ ...changes, updated_at: sql<Date>`now()` }).where('id', '=', id).returningAll().executeTakeFirst();
}

export interface ProductFilter {
  vendorId?: string;
  brandId?: string;
  sku?: string;
  active?: boolean;
  category?: string;
}

export async function listProducts(db: Kysely<Database>, filter: ProductFilter, page: PageQuery): Promise<Page<ProductRow>> {
  let query = db.selectFrom('products').selectAll();
  if (filter.vendorId) query = query.where('vendor_id', '=', filter.vendorId);
  if (filter.brandId) query = query.where('brand_id', '=', filter.brandId);
  if (filter.sku) query = query.where('sku', '=', filter.sku);
  if (filter.active !== undefined) query = query.where('active', '=', filter.active);
  if (filter.category) query = query.where('category', '=', filter.category);
  if (page.after) query = query.where('id', '<', page.after);
  return toPage(await query.orderBy('id', 'desc').limit(page.limit + 1).execute(), page.limit);
}

/**
 * One set-based upsert by (vendor, sku): `INSERT … ON CONFLICT (vendor_id, sku) DO UPDATE`.
 * A pushed product replaces every catalog field (an absent optional field becomes empty);
 * the description is kept when none is given. `xmax = 0` tells inserted rows from updated ones.
 * The products must not repeat a (vendor, sku) pair.
 */
export async function upsertProducts(db: Kysely<Database>, products: PlacedProduct[]): Promise<{ created: number; updated: number }> {
  if (products.length === 0) return { created: 0, updated: 0 };
  const rows = await db.insertInto('products')
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
    .returning(sql<boolean>`(xmax = 0)`.as('inserted'))
    .execute();
  const created = rows.filter((r) => r.inserted).length;
  return { created, updated: rows.length - created };
}

/** The catalog rules' storage port, on this database or transaction. */
export function catalogStore(db: Kysely<Database>): CatalogStore {
  return {
    findBrands: (refs) => findBrandsByRefs(db, refs),
    upsertProducts: (products) => upsertProducts(db, products),
  };
}

function productColumns(p: PlacedProduct) {
  return {
    vendor_id: p.vendorId, brand_id: p.brandId, sku: p.sku, title: p.title, url: p.url, image_url: p.imageUrl,
    category: p.category, description: p.description, price: p.price, list_price: p.listPrice, currency: p.currency,
    commission_rate_bps: p.commissionRateBps, active: p.active,
  };
}

import crypto from 'node:crypto';
import type { Kysely, Updateable } from 'kysely';
import { checkCatalogProduct, slugify, type CatalogProductInput, type FieldProblem } from '../../core/catalog/catalog.ts';
import { DomainError, NotFoundError, ValidationError } from '../../core/shared/errors.ts';
import { recordAudit } from '../../db/admins.repository.ts';
import { findBrandById, findProductById, insertBrand, insertProduct, updateBrand, updateProduct } from '../../db/catalog.repository.ts';
import { isUniqueViolation } from '../../db/pg-errors.ts';
import type { BrandRow, BrandsTable, Database, ProductRow } from '../../db/schema.ts';
import { findVendorById } from '../../db/vendors.repository.ts';
import type { Caller } from '../../core/access/access.ts';

type Db = Kysely<Database>;

export interface BrandInput {
  vendorId: string;
  name: string;
  slug?: string;
  commissionRateBps: number;
  lockDays?: number;
  attributionWindowDays?: number;
  autoApprove?: boolean;
  /** Russia's advertising token, printed with the ad label; null or absent when none. */
  erid?: string | null;
}

/** Creates a brand; its slug comes from the name (made unique) unless one is given (then a taken slug is a conflict). */
export async function createBrand(db: Db, admin: Caller, input: BrandInput): Promise<BrandRow> {
  if (!(await findVendorById(db, input.vendorId))) throw new NotFoundError('vendor', input.vendorId);
  const base = input.slug ?? slugify(input.name);
  for (let attempt = 0; ; attempt++) {
    const slug = attempt === 0 ? base : `${base}-${crypto.randomBytes(2).toString('hex')}`;
    try {
      return await db.transaction().execute(async (trx) => {
        const brand = await insertBrand(trx, { ...input, name: input.name.trim(), slug });
        await recordAudit(trx, { actor: admin.actor, action: 'brand.create', entity: 'brand', entityId: brand.id, details: { vendorId: brand.vendor_id, slug } });
        return brand;
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      if (input.slug !== undefined) throw new DomainError('conflict', `The brand slug ${JSON.stringify(slug)} is taken`, { field: 'slug' });
      if (attempt >= 5) throw error;
    }
  }
}

export type BrandChanges = Partial<Pick<BrandInput, 'name' | 'commissionRateBps' | 'lockDays' | 'attributionWindowDays' | 'autoApprove' | 'erid'>>;

export async function changeBrand(db: Db, admin: Caller, id: string, changes: BrandChanges): Promise<BrandRow> {
  const set: Updateable<BrandsTable> = {};
  if (changes.name !== undefined) set.name = changes.name.trim();
  if (changes.commissionRateBps !== undefined) set.commission_rate_bps = changes.commissionRateBps;
  if (changes.lockDays !== undefined) set.lock_days = changes.lockDays;
  if (changes.attributionWindowDays !== undefined) set.attribution_window_days = changes.attributionWindowDays;
  if (changes.autoApprove !== undefined) set.auto_approve = changes.autoApprove;
  if (changes.erid !== undefined) set.erid = changes.erid;
  return db.transaction().execute(async (trx) => {
    const brand = await updateBrand(trx, id, set);
    if (!brand) throw new NotFoundError('brand', id);
    await recordAudit(trx, { actor: admin.actor, action: 'brand.update', entity: 'brand', entityId: id, details: { changes } });
    return brand;
  });
}

export interface ProductInput extends CatalogProductInput {
  brandId: string;
}

/** Creates a product under a brand; its vendor is the brand's. A second product with the same (vendor, sku) is a conflict. */
export async function createProduct(db: Db, admin: Caller, input: ProductInput): Promise<ProductRow> {
  const brand = await brandForCatalogWrite(db, admin, input.brandId);
  const product = checked(input);
  try {
    return await db.transaction().execute(async (trx) => {
      const row = await insertProduct(trx, { ...product, vendorId: brand.vendor_id, brandId: brand.id });
      await recordAudit(trx, { actor: admin.actor, action: 'product.create', entity: 'product', entityId: row.id, details: { sku: row.sku, brandId: row.brand_id } });
      return row;
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new DomainError('conflict', `Vendor ${brand.vendor_id} already has a product with sku ${JSON.stringify(product.sku)}`, { field: 'sku', sku: product.sku });
    }
    throw error;
  }
}

export type ProductChanges = Partial<ProductInput>;

/** Changes a product: the changed fields are merged into the stored ones and the whole is checked again. */
export async function changeProduct(db: Db, admin: Caller, id: string, changes: ProductChanges): Promise<ProductRow> {
  const current = await findProductById(db, id);
  if (!current || (admin.scope.vendorId !== null && current.vendor_id !== admin.scope.vendorId)) throw new NotFoundError('product', id);
  let brandId = current.brand_id;
  if (changes.brandId !== undefined && changes.brandId !== current.brand_id) {
    const brand = await brandForCatalogWrite(db, admin, changes.brandId);
    if (brand.vendor_id !== current.vendor_id) throw new DomainError('forbidden', 'A product can only move to another brand of its own vendor', { field: 'brandId' });
    brandId = brand.id;
  }
  const product = checked({
    sku: changes.sku ?? current.sku,
    title: changes.title ?? current.title,
    url: changes.url ?? current.url,
    price: changes.price ?? Number(current.price),
    currency: changes.currency ?? current.currency,
    listPrice: changes.listPrice !== undefined ? changes.listPrice : current.list_price === null ? null : Number(current.list_price),
    imageUrl: changes.imageUrl !== undefined ? changes.imageUrl : current.image_url,
    category: changes.category !== undefined ? changes.category : current.category,
    description: changes.description !== undefined ? changes.description : current.description,
    commissionRateBps: changes.commissionRateBps !== undefined ? changes.commissionRateBps : current.commission_rate_bps,
    active: changes.active ?? current.active,
  });
  try {
    return await db.transaction().execute(async (trx) => {
      const row = await updateProduct(trx, id, {
        brand_id: brandId, sku: product.sku, title: product.title, url: product.url, price: product.price, currency: product.currency,
        list_price: product.listPrice, image_url: product.imageUrl, category: product.category, description: product.description,
        commission_rate_bps: product.commissionRateBps, active: product.active,
      });
      if (!row) throw new NotFoundError('product', id);
      await recordAudit(trx, { actor: admin.actor, action: 'product.update', entity: 'product', entityId: id, details: { changes } });
      return row;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError('conflict', `Vendor ${current.vendor_id} already has a product with sku ${JSON.stringify(product.sku)}`, { field: 'sku' });
    throw error;
  }
}

/** The brand a product write names; a vendor admin may only write under its own brands. */
async function brandForCatalogWrite(db: Db, admin: Caller, brandId: string): Promise<BrandRow> {
  const brand = await findBrandById(db, brandId);
  if (!brand) throw new NotFoundError('brand', brandId);
  if (admin.scope.vendorId !== null && brand.vendor_id !== admin.scope.vendorId) {
    throw new DomainError('forbidden', `Brand ${brandId} belongs to another vendor`, { field: 'brandId' });
  }
  return brand;
}

function checked(input: CatalogProductInput) {
  const { product, problems } = checkCatalogProduct(input);
  if (!product) throw new ValidationError(`Invalid product: ${describe(problems)}`, { problems });
  return product;
}

function describe(problems: FieldProblem[]): string {
  return problems.map((p) => `${p.field} ${p.problem}`).join('; ');
}

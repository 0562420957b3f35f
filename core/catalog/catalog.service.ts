import { DomainError } from '../shared/errors.ts';
import { checkCatalogProduct, isBrandId, normalizeBrandRef, type CatalogProduct, type CatalogProductInput } from './catalog.ts';

/** A brand as the catalog needs it to place a product. */
export interface CatalogBrand {
  id: string;
  slug: string;
  vendorId: string;
}

/** A valid product placed under its vendor and brand, ready to be stored. */
export interface PlacedProduct extends CatalogProduct {
  vendorId: string;
  brandId: string;
}

/** The storage the catalog rules need; db/catalog.repository.ts implements it. */
export interface CatalogStore {
  /** Brands named by id or by slug; unknown ones are simply absent from the answer. */
  findBrands(refs: { ids: string[]; slugs: string[] }): Promise<CatalogBrand[]>;
  /** Inserts or updates every product by (vendor, sku) in one statement. */
  upsertProducts(products: PlacedProduct[]): Promise<{ created: number; updated: number }>;
}

/** A catalog item as a vendor pushes it: its brand named by slug or id. */
export interface CatalogPushItem extends CatalogProductInput {
  brand: string;
}

export interface ItemProblem {
  index: number;
  sku?: string;
  field: string;
  problem: string;
}

/**
 * A vendor's catalog push: every item is checked first, and one bad item refuses the whole
 * push with every problem listed by index (`validation_failed`, or `forbidden` when an item
 * names another vendor's brand); only then are all products upserted in one statement.
 */
export async function pushCatalog(store: CatalogStore, vendorId: string, items: CatalogPushItem[]): Promise<{ created: number; updated: number }> {
  const problems: ItemProblem[] = [];
  const checked: { index: number; product: CatalogProduct; brand: string }[] = [];
  const firstIndexBySku = new Map<string, number>();
  items.forEach((item, index) => {
    const { product, problems: found } = checkCatalogProduct(item);
    for (const p of found) problems.push({ index, sku: item.sku, field: p.field, problem: p.problem });
    const sku = product?.sku ?? item.sku;
    const first = firstIndexBySku.get(sku);
    if (first !== undefined) problems.push({ index, sku, field: 'sku', problem: `appears twice in this push (first at index ${first})` });
    else firstIndexBySku.set(sku, index);
    if (product) checked.push({ index, product, brand: normalizeBrandRef(item.brand) });
  });

  const refs = [...new Set(checked.map((c) => c.brand))];
  const brands = await store.findBrands({ ids: refs.filter(isBrandId), slugs: refs.filter((r) => !isBrandId(r)) });
  const brandByRef = new Map<string, CatalogBrand>();
  for (const brand of brands) {
    brandByRef.set(brand.id, brand);
    brandByRef.set(brand.slug, brand);
  }

  let foreign = false;
  const placed: PlacedProduct[] = [];
  for (const { index, product, brand: ref } of checked) {
    const brand = brandByRef.get(ref);
    if (!brand) {
      problems.push({ index, sku: product.sku, field: 'brand', problem: `no brand ${JSON.stringify(ref)} (use one of your brands' slug or id)` });
    } else if (brand.vendorId !== vendorId) {
      foreign = true;
      problems.push({ index, sku: product.sku, field: 'brand', problem: `brand ${JSON.stringify(ref)} belongs to another vendor` });
    } else {
      placed.push({ ...product, vendorId, brandId: brand.id });
    }
  }

  if (problems.length > 0) {
    problems.sort((a, b) => a.index - b.index);
    const message = foreign
      ? 'The push names brands of another vendor; nothing was written'
      : `${new Set(problems.map((p) => p.index)).size} of ${items.length} products are invalid; nothing was written`;
    throw new DomainError(foreign ? 'forbidden' : 'validation_failed', message, { items: problems });
  }
  if (placed.length === 0) return { created: 0, updated: 0 };
  return store.upsertProducts(placed);
}

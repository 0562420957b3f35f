import type { Caller } from '../access/access.ts';
import { DomainError, NotFoundError, foundOrThrow, ValidationError } from '../shared/errors.ts';
import { describeBps } from '../vendors/rate-limits.ts';
import type { Page, PageQuery } from '../shared/paging.ts';
import type { UnitOfWork } from '../shared/unit-of-work.ts';
import type { CatalogProductInput } from './catalog.ts';
import type { BrandLookup, Product, ProductFilter, ProductReader, ProductStores } from './catalog.ports.ts';
import { importCatalogChunk, startCatalogImport, type CatalogChunk, type CatalogImport, type ChunkReport } from './catalog-import.ts';
import { productPlacer, type PlacementOptions, type PlacementProblem } from './product-placement.ts';

/** A catalog item as a vendor pushes it: its brand named by slug or id. */
export interface CatalogPushItem extends CatalogProductInput {
  brand: string;
}

/** A product as an admin creates it, under a brand given by id. */
export interface ProductInput extends CatalogProductInput {
  brandId: string;
}

export type ProductChanges = Partial<ProductInput>;

/** Products: every write places them through `productPlacer`, every read is scoped. */
export interface ProductsService {
  pushCatalog(vendorId: string, items: CatalogPushItem[]): Promise<{ created: number; updated: number }>;
  createProduct(caller: Caller, input: ProductInput): Promise<Product>;
  changeProduct(caller: Caller, id: string, changes: ProductChanges): Promise<Product>;
  listProducts(caller: Caller, filter: ProductFilter, page: PageQuery): Promise<Page<Product>>;
  getProduct(caller: Caller, id: string): Promise<Product>;
  startImport(caller: Caller, file: string): CatalogImport;
  /** One chunk of a CSV file over HTTP (core/catalog/catalog-import.ts `importCatalogChunk`). */
  importChunk(caller: Caller, chunk: CatalogChunk): Promise<ChunkReport>;
}

export interface ProductsServiceDeps {
  unitOfWork: UnitOfWork<ProductStores>;
  products: ProductReader & BrandLookup;
}

/** The products service on its stores. */
export function productsService(deps: ProductsServiceDeps): ProductsService {
  return {
    /**
     * A vendor's catalog push: all or nothing. One bad item refuses the whole push with every
     * problem listed by index (`validation_failed`, or `forbidden` when an item names another
     * vendor's brand); otherwise every product is upserted by (vendor, sku) in one statement.
     * A product rate outside the vendor's limits is one of those problems.
     */
    pushCatalog: (vendorId, items) => deps.unitOfWork(async ({ products, audit }) => {
      const placer = productPlacer(products, vendorId, (index) => `at index ${index}`, { limitRates: true });
      const { placed, problems } = await placer.place(items.map((item, index) => ({ position: index, brand: item.brand, product: item })));
      if (problems.length > 0) {
        const foreign = problems.some((p) => p.reason === 'foreign_brand');
        const message = foreign
          ? 'The push names brands of another vendor; nothing was written'
          : `${new Set(problems.map((p) => p.position)).size} of ${items.length} products are invalid; nothing was written`;
        const listed = problems.map((p) => ({ index: p.position, sku: p.sku, field: p.field, problem: p.problem }));
        throw new DomainError(foreign ? 'forbidden' : 'validation_failed', message, { items: listed });
      }
      const counts = await products.upsertProducts(placed.map((p) => p.product));
      await audit.record({ actor: `vendor:${vendorId}`, action: 'catalog.push', entity: 'vendor', entityId: vendorId, details: counts });
      return counts;
    }),

    /**
     * Creates a product under a brand; its vendor is the brand's. A second (vendor, sku) is a
     * `conflict`; a vendor account's rate outside its limits is `validation_failed` naming the limit.
     */
    createProduct: (caller, input) => deps.unitOfWork(async ({ products, audit }) => {
      const product = await placeOne(products, caller.scope.vendorId, input.brandId, input, { limitRates: caller.scope.vendorId !== null });
      const created = await products.insertProduct(product);
      if (!created) throw skuTaken(product.vendorId, product.sku);
      await audit.record({ actor: caller.actor, action: 'product.create', entity: 'product', entityId: created.id, after: created });
      return created;
    }),

    /**
     * Changes a product: the fields sent are merged into the stored ones and the whole is placed
     * again. A vendor account that changes the rate must stay within its vendor's limits; a
     * rate it does not touch stays whatever staff set.
     */
    changeProduct: (caller, id, changes) => deps.unitOfWork(async ({ products, audit }) => {
      const before = await products.lockProduct(caller.scope, id);
      if (!before) throw new NotFoundError('product', id);
      const { brandId = before.brandId, ...fields } = changes;
      const merged: CatalogProductInput = { ...catalogFields(before), ...withoutUndefined(fields) };
      const rateChanged = changes.commissionRateBps !== undefined && changes.commissionRateBps !== before.commissionRateBps;
      const product = await placeOne(products, before.vendorId, brandId, merged, { limitRates: caller.scope.vendorId !== null && rateChanged });
      const after = await products.updateProduct(caller.scope, id, product);
      if (after === 'sku_taken') throw skuTaken(product.vendorId, product.sku);
      if (!after) throw new NotFoundError('product', id);
      await audit.record({ actor: caller.actor, action: 'product.update', entity: 'product', entityId: id, before, after });
      return after;
    }),

    listProducts: (caller, filter, page) => deps.products.listProducts(caller.scope, filter, page),

    getProduct: async (caller, id) => foundOrThrow(await deps.products.findProduct(caller.scope, id), 'product', id),

    startImport: (caller, file) => startCatalogImport(deps, caller, file),

    importChunk: (caller, chunk) => importCatalogChunk(deps, caller, chunk),
  };
}

/**
 * One product placed for an admin: an unknown brand is a `not_found`, another vendor's brand
 * `forbidden`, bad fields `validation_failed` with every problem named, a rate outside the
 * vendor's limits `validation_failed` naming the limit.
 */
async function placeOne(brands: BrandLookup, owner: string | null, brandId: string, input: CatalogProductInput, options: PlacementOptions = {}) {
  const { placed, problems } = await productPlacer(brands, owner, () => '', options).place([{ position: 0, brand: brandId, product: input }]);
  const refusal = (reason: PlacementProblem['reason']) => problems.find((p) => p.reason === reason);
  if (refusal('unknown_brand')) throw new NotFoundError('brand', brandId);
  const foreign = refusal('foreign_brand');
  if (foreign) throw new DomainError('forbidden', foreign.problem, { field: 'brandId' });
  const outside = refusal('rate_outside_limits');
  if (outside?.limit) {
    const { name, limits } = outside.limit;
    throw new ValidationError(`commissionRateBps ${outside.problem}; ask the platform's staff to change the limit`, {
      field: 'commissionRateBps', limit: name, minRateBps: limits.minRateBps, maxRateBps: limits.maxRateBps,
      problems: [{ field: 'commissionRateBps', problem: `must be from ${describeBps(limits.minRateBps)} to ${describeBps(limits.maxRateBps)}` }],
    });
  }
  if (problems.length > 0 || !placed[0]) {
    const fieldProblems = problems.map((p) => ({ field: p.field, problem: p.problem }));
    throw new ValidationError(`Invalid product: ${fieldProblems.map((p) => `${p.field} ${p.problem}`).join('; ')}`, { problems: fieldProblems });
  }
  return placed[0].product;
}

function skuTaken(vendorId: string, sku: string): DomainError {
  return new DomainError('conflict', `Vendor ${vendorId} already has a product with sku ${JSON.stringify(sku)}`, { field: 'sku', sku });
}

function catalogFields(product: Product): CatalogProductInput {
  const { sku, title, url, price, currency, listPrice, imageUrl, category, description, commissionRateBps, active } = product;
  return { sku, title, url, price, currency, listPrice, imageUrl, category, description, commissionRateBps, active };
}

function withoutUndefined<T extends object>(changes: T): Partial<T> {
  return Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) as Partial<T>;
}

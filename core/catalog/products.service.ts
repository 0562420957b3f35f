import type { Caller } from '../access/access.ts';
import { DomainError, NotFoundError, foundOrThrow, ValidationError } from '../shared/errors.ts';
import type { Page, PageQuery } from '../shared/paging.ts';
import type { UnitOfWork } from '../shared/unit-of-work.ts';
import type { CatalogProductInput } from './catalog.ts';
import type { BrandLookup, Product, ProductFilter, ProductReader, ProductStores } from './catalog.ports.ts';
import { startCatalogImport, type CatalogImport } from './catalog-import.ts';
import { productPlacer, type PlacementProblem } from './product-placement.ts';

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
     */
    pushCatalog: (vendorId, items) => deps.unitOfWork(async ({ products, audit }) => {
      const placer = productPlacer(products, vendorId, (index) => `at index ${index}`);
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

    /** Creates a product under a brand; its vendor is the brand's. A second (vendor, sku) is a `conflict`. */
    createProduct: (caller, input) => deps.unitOfWork(async ({ products, audit }) => {
      const product = await placeOne(products, caller.scope.vendorId, input.brandId, input);
      const created = await products.insertProduct(product);
      if (!created) throw skuTaken(product.vendorId, product.sku);
      await audit.record({ actor: caller.actor, action: 'product.create', entity: 'product', entityId: created.id, after: created });
      return created;
    }),

    /** Changes a product: the fields sent are merged into the stored ones and the whole is placed again. */
    changeProduct: (caller, id, changes) => deps.unitOfWork(async ({ products, audit }) => {
      const before = await products.lockProduct(caller.scope, id);
      if (!before) throw new NotFoundError('product', id);
      const { brandId = before.brandId, ...fields } = changes;
      const merged: CatalogProductInput = { ...catalogFields(before), ...withoutUndefined(fields) };
      const product = await placeOne(products, before.vendorId, brandId, merged);
      const after = await products.updateProduct(caller.scope, id, product);
      if (after === 'sku_taken') throw skuTaken(product.vendorId, product.sku);
      if (!after) throw new NotFoundError('product', id);
      await audit.record({ actor: caller.actor, action: 'product.update', entity: 'product', entityId: id, before, after });
      return after;
    }),

    listProducts: (caller, filter, page) => deps.products.listProducts(caller.scope, filter, page),

    getProduct: async (caller, id) => foundOrThrow(await deps.products.findProduct(caller.scope, id), 'product', id),

    startImport: (caller, file) => startCatalogImport(deps, caller, file),
  };
}

/**
 * One product placed for an admin: an unknown brand is a `not_found`, another vendor's brand
 * `forbidden`, bad fields `validation_failed` with every problem named.
 */
async function placeOne(brands: BrandLookup, owner: string | null, brandId: string, input: CatalogProductInput) {
  const { placed, problems } = await productPlacer(brands, owner, () => '').place([{ position: 0, brand: brandId, product: input }]);
  const refusal = (reason: PlacementProblem['reason']) => problems.find((p) => p.reason === reason);
  if (refusal('unknown_brand')) throw new NotFoundError('brand', brandId);
  const foreign = refusal('foreign_brand');
  if (foreign) throw new DomainError('forbidden', foreign.problem, { field: 'brandId' });
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

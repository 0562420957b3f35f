import type { Caller } from '../access/access.ts';
import type { UnitOfWork } from '../shared/unit-of-work.ts';
import type { BrandLookup, ProductStores } from './catalog.ports.ts';
import { productPlacer, type PlacementItem, type PlacementProblem } from './product-placement.ts';

/** An import of many products in chunks (a CSV file), each row on its own. */
export interface CatalogImport {
  /**
   * Places a chunk of rows and stores the good ones in one upsert by (vendor, sku); answers the
   * counts and the problems of the bad rows by position. A sku repeated for one vendor is
   * refused across chunks, naming the line it was first seen on.
   */
  importRows(rows: PlacementItem[]): Promise<{ created: number; updated: number; problems: PlacementProblem[] }>;
  /** Writes the import's one audit row with its counts (also after an interruption, for what was stored). */
  finish(details: { failed: number; interrupted?: string }): Promise<{ created: number; updated: number }>;
}

/**
 * Starts an import on behalf of `caller`: products go under their brand's vendor, confined to
 * the caller's vendor when it has one. Each chunk is its own transaction, so that a file
 * broken half-way keeps the chunks before the break (a re-run of the fixed file updates them).
 */
export function startCatalogImport(
  deps: { unitOfWork: UnitOfWork<ProductStores>; products: BrandLookup }, caller: Caller, file: string,
): CatalogImport {
  const placer = productPlacer(deps.products, caller.scope.vendorId, (line) => `on line ${line}`);
  const totals = { created: 0, updated: 0 };
  return {
    async importRows(rows) {
      const { placed, problems } = await placer.place(rows);
      const counts = placed.length === 0
        ? { created: 0, updated: 0 }
        : await deps.unitOfWork(({ products }) => products.upsertProducts(placed.map((p) => p.product)));
      totals.created += counts.created;
      totals.updated += counts.updated;
      return { ...counts, problems };
    },
    async finish(details) {
      await deps.unitOfWork(({ audit }) => audit.record({
        actor: caller.actor, action: 'catalog.import', entity: 'catalog', entityId: null,
        details: { file, created: totals.created, updated: totals.updated, ...details },
      }));
      return { ...totals };
    },
  };
}

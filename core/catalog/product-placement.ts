import { rateLimitProblem, type RateLimits } from '../vendors/rate-limits.ts';
import { checkCatalogProduct, isBrandId, normalizeBrandRef, type CatalogProductInput, type FieldProblem } from './catalog.ts';
import type { BrandLookup, CatalogBrand, PlacedProduct } from './catalog.ports.ts';

/** One product to place, as a caller names it. */
export interface PlacementItem {
  /** Where the item stands among its caller's items: an index in a push, a line in a CSV file. */
  position: number;
  /** Its brand, by id or by slug. */
  brand: string;
  product: CatalogProductInput;
  /**
   * Problems the caller found while reading the item (a CSV cell that is no amount); the
   * field checks say nothing more about these fields, and the item is not placed.
   */
  knownProblems?: FieldProblem[];
}

/** Why an item was not placed; callers that refuse with one error pick it from these. */
export type PlacementRefusal = 'invalid' | 'unknown_brand' | 'foreign_brand' | 'duplicate_sku' | 'rate_outside_limits';

export interface PlacementProblem extends FieldProblem {
  position: number;
  /** The sku as the item gave it. */
  sku?: string;
  reason: PlacementRefusal;
  /** For `rate_outside_limits`: the limit broken and the vendor's limits. */
  limit?: { name: 'minRateBps' | 'maxRateBps'; limits: RateLimits };
}

export interface PlacementOptions {
  /**
   * A vendor account places the products: a product rate outside its vendor's limits is
   * refused (`rate_outside_limits`). Staff, jobs and the CLI are not bound.
   */
  limitRates?: boolean;
}

export interface Placement {
  placed: { position: number; product: PlacedProduct }[];
  /** Every problem of every item, by position, in the order of the checks. */
  problems: PlacementProblem[];
}

/** Places products, batch after batch; it remembers brands and SKUs across its batches. */
export interface ProductPlacer {
  place(items: PlacementItem[]): Promise<Placement>;
}

/**
 * The one way products are placed, whoever writes them (a vendor's push, an admin, a CSV
 * import): every field is checked (`checkCatalogProduct`), the brand is found by id or slug,
 * a brand of another vendor than `owner` is refused, and a (vendor, sku) that appears again
 * among the items this placer has seen is refused, naming the first one. `owner` null places
 * each product under its brand's vendor (the platform's own imports). Nothing is written: the
 * caller decides whether a problem refuses everything or only its item, and stores the rest.
 *
 * `where` names another item's position in a problem ("at index 0", "on line 2"). With
 * `limitRates`, a product's own rate must lie within its vendor's limits.
 */
export function productPlacer(brands: BrandLookup, owner: string | null, where: (position: number) => string, options: PlacementOptions = {}): ProductPlacer {
  const brandByRef = new Map<string, CatalogBrand | null>();
  const firstPositionOf = new Map<string, number>();

  const lookUp = async (refs: string[]) => {
    const unknown = [...new Set(refs)].filter((ref) => ref !== '' && !brandByRef.has(ref));
    if (unknown.length === 0) return;
    const found = await brands.findBrandsByRefs({ ids: unknown.filter(isBrandId), slugs: unknown.filter((r) => !isBrandId(r)) });
    for (const ref of unknown) brandByRef.set(ref, found.find((b) => (isBrandId(ref) ? b.id === ref : b.slug === ref)) ?? null);
  };

  return {
    async place(items) {
      const refs = items.map((item) => normalizeBrandRef(item.brand));
      await lookUp(refs);
      const placement: Placement = { placed: [], problems: [] };
      items.forEach((item, i) => {
        const problems: Omit<PlacementProblem, 'position' | 'sku'>[] = [];
        const known = item.knownProblems ?? [];
        const checked = checkCatalogProduct(item.product);
        for (const p of known) problems.push({ ...p, reason: 'invalid' });
        for (const p of checked.problems) if (!known.some((k) => k.field === p.field)) problems.push({ ...p, reason: 'invalid' });

        const ref = refs[i]!;
        const brand = brandByRef.get(ref);
        if (ref === '') problems.push({ field: 'brand', problem: 'is required', reason: 'invalid' });
        else if (!brand) problems.push({ field: 'brand', problem: `no brand with slug or id ${JSON.stringify(ref)}`, reason: 'unknown_brand' });
        else if (owner !== null && brand.vendorId !== owner) problems.push({ field: 'brand', problem: `brand ${JSON.stringify(ref)} belongs to another vendor`, reason: 'foreign_brand' });

        const rate = checked.product?.commissionRateBps ?? null;
        const broken = options.limitRates && brand && rate !== null ? rateLimitProblem(rate, brand.rateLimits) : undefined;
        if (broken && brand) {
          problems.push({ field: 'commissionRateBps', problem: broken.problem, reason: 'rate_outside_limits', limit: { name: broken.limit, limits: brand.rateLimits } });
        }

        if (problems.length === 0 && brand && checked.product) {
          const { sku } = checked.product;
          const key = `${brand.vendorId}\u0000${sku}`;
          const first = firstPositionOf.get(key);
          if (first !== undefined) {
            problems.push({ field: 'sku', problem: `${JSON.stringify(sku)} appears again for this vendor (first ${where(first)})`, reason: 'duplicate_sku' });
          } else {
            firstPositionOf.set(key, item.position);
            placement.placed.push({ position: item.position, product: { ...checked.product, vendorId: brand.vendorId, brandId: brand.id } });
          }
        }
        for (const p of problems) placement.problems.push({ position: item.position, sku: item.product.sku, ...p });
      });
      return placement;
    },
  };
}

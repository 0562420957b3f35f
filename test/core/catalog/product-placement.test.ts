import { describe, expect, it } from 'vitest';
import type { BrandLookup, CatalogBrand } from '../../../core/catalog/catalog.ports.ts';
import { productPlacer, type PlacementItem } from '../../../core/catalog/product-placement.ts';

// Placement is pure but for its brand lookup; an in-memory lookup stands in for the brands table.
// Vendor 10's accounts may set rates from 5 % to 20 %; vendor 20's any rate.
const LIMITED = { minRateBps: 500, maxRateBps: 2000 };
const OPEN = { minRateBps: 0, maxRateBps: 10_000 };
const BRANDS: CatalogBrand[] = [
  { id: '1', slug: 'lumio', vendorId: '10', rateLimits: LIMITED },
  { id: '2', slug: 'veloce', vendorId: '10', rateLimits: LIMITED },
  { id: '3', slug: 'rival', vendorId: '20', rateLimits: OPEN },
];
function lookup(): BrandLookup & { calls: number } {
  const self = {
    calls: 0,
    async findBrandsByRefs(refs: { ids: string[]; slugs: string[] }) {
      self.calls++;
      return BRANDS.filter((b) => refs.ids.includes(b.id) || refs.slugs.includes(b.slug));
    },
  };
  return self;
}
const item = (position: number, brand: string, sku: string, overrides: Partial<PlacementItem['product']> = {}): PlacementItem => ({
  position, brand, product: { sku, title: `Product ${sku}`, url: `https://shop.example/${sku}`, price: 1999, currency: 'EUR', ...overrides },
});

describe('productPlacer', () => {
  it('places good items under their brand and its vendor, by id or by slug in any case', async () => {
    const { placed, problems } = await productPlacer(lookup(), '10', (i) => `at index ${i}`).place([item(0, 'LUMIO', 'A-1'), item(1, '2', 'A-2')]);
    expect(problems).toEqual([]);
    expect(placed.map((p) => [p.position, p.product.vendorId, p.product.brandId, p.product.sku])).toEqual([[0, '10', '1', 'A-1'], [1, '10', '2', 'A-2']]);
  });

  it("names every problem by position: fields, unknown and other vendors' brands, a repeated sku", async () => {
    const { placed, problems } = await productPlacer(lookup(), '10', (i) => `at index ${i}`).place([
      item(0, 'lumio', 'B-1'),
      item(1, 'lumio', 'B-2', { currency: 'XXX' }),
      item(2, 'nope', 'B-3'),
      item(3, 'rival', 'B-4'),
      item(4, 'veloce', 'B-1'),
      item(5, '  ', 'B-5'),
    ]);
    expect(placed.map((p) => p.position)).toEqual([0]);
    expect(problems.map((p) => [p.position, p.field, p.reason])).toEqual([
      [1, 'currency', 'invalid'], [2, 'brand', 'unknown_brand'], [3, 'brand', 'foreign_brand'], [4, 'sku', 'duplicate_sku'], [5, 'brand', 'invalid'],
    ]);
    expect(problems[3]!.problem).toBe('"B-1" appears again for this vendor (first at index 0)');
  });

  it("without an owner places each product under its brand's vendor, and keys repeated skus by vendor", async () => {
    const { placed, problems } = await productPlacer(lookup(), null, (line) => `on line ${line}`).place([item(2, 'lumio', 'X'), item(3, 'rival', 'X')]);
    expect(problems).toEqual([]);
    expect(placed.map((p) => p.product.vendorId)).toEqual(['10', '20']);
  });

  it('remembers brands and skus from one batch to the next', async () => {
    const brands = lookup();
    const placer = productPlacer(brands, null, (line) => `on line ${line}`);
    await placer.place([item(2, 'lumio', 'C-1')]);
    const second = await placer.place([item(700, 'lumio', 'C-1'), item(701, 'lumio', 'C-2')]);
    expect(second.problems).toEqual([expect.objectContaining({ position: 700, field: 'sku', problem: expect.stringContaining('first on line 2') })]);
    expect(second.placed.map((p) => p.position)).toEqual([701]);
    expect(brands.calls).toBe(1);
  });

  it("leaves the fields its caller already found wrong to the caller's words, and places nothing of such an item", async () => {
    const { placed, problems } = await productPlacer(lookup(), null, String).place([
      { ...item(2, 'lumio', 'D-1', { price: 0, listPrice: null }), knownProblems: [{ field: 'price', problem: '"1,50" uses a comma' }] },
    ]);
    expect(placed).toEqual([]);
    expect(problems).toEqual([{ position: 2, sku: 'D-1', field: 'price', problem: '"1,50" uses a comma', reason: 'invalid' }]);
  });

  it("with limitRates refuses a product rate outside its vendor's limits, naming the limit; the brand's rate (null) always passes", async () => {
    const { placed, problems } = await productPlacer(lookup(), '10', (i) => `at index ${i}`, { limitRates: true }).place([
      item(0, 'lumio', 'E-1', { commissionRateBps: 2000 }),
      item(1, 'lumio', 'E-2', { commissionRateBps: 2001 }),
      item(2, 'lumio', 'E-3', { commissionRateBps: 499 }),
      item(3, 'lumio', 'E-4', { commissionRateBps: null }),
    ]);
    expect(placed.map((p) => p.position)).toEqual([0, 3]);
    expect(problems.map((p) => [p.position, p.field, p.reason, p.limit?.name])).toEqual([
      [1, 'commissionRateBps', 'rate_outside_limits', 'maxRateBps'], [2, 'commissionRateBps', 'rate_outside_limits', 'minRateBps'],
    ]);
    expect(problems[0]!.problem).toBe("2001 bps (20.01 %) is above this vendor's maximum rate (maxRateBps) of 2000 bps (20 %)");
    const unbound = await productPlacer(lookup(), '10', String).place([item(0, 'lumio', 'E-5', { commissionRateBps: 9000 })]);
    expect(unbound.problems).toEqual([]);
  });
});

import crypto from 'node:crypto';
import type { Caller } from '../access/access.ts';
import { DomainError, NotFoundError, foundOrThrow } from '../shared/errors.ts';
import { enforceRateLimits } from '../vendors/rate-limits.ts';
import type { Page, PageQuery } from '../shared/paging.ts';
import type { UnitOfWork } from '../shared/unit-of-work.ts';
import { slugify } from './catalog.ts';
import type { Brand, BrandChanges, BrandFilter, BrandListing, BrandReader, BrandStores, NewBrand } from './catalog.ports.ts';

/** A brand as an admin creates it: the slug is made from the name unless one is given. */
export type BrandInput = Omit<NewBrand, 'slug'> & { slug?: string };

/** Brands: created and changed by staff, read by everyone within their scope; a vendor sets its own brands' rates. */
export interface BrandsService {
  createBrand(caller: Caller, input: BrandInput): Promise<Brand>;
  changeBrand(caller: Caller, id: string, changes: BrandChanges): Promise<Brand>;
  setBrandRate(caller: Caller, id: string, commissionRateBps: number): Promise<Brand>;
  listBrands(caller: Caller, filter: BrandFilter, page: PageQuery): Promise<Page<BrandListing>>;
  getBrand(caller: Caller, id: string): Promise<BrandListing>;
}

export interface BrandsServiceDeps {
  unitOfWork: UnitOfWork<BrandStores>;
  brands: BrandReader;
}

// A made-up slug that collides is retried with a random suffix this many times.
const SLUG_ATTEMPTS = 6;

/** The brands service on its stores. */
export function brandsService(deps: BrandsServiceDeps): BrandsService {
  return {
    /**
     * Creates a brand of a vendor in the caller's scope (else `not_found`). Its slug comes from
     * the name, made unique with a suffix; a slug given and taken is a `conflict` on `slug`.
     */
    createBrand: (caller, input) => deps.unitOfWork(async ({ brands, vendors, audit }) => {
      if (!(await vendors.findVendor(caller.scope, input.vendorId))) throw new NotFoundError('vendor', input.vendorId);
      const base = input.slug ?? slugify(input.name);
      for (let attempt = 0; attempt < SLUG_ATTEMPTS; attempt++) {
        const slug = attempt === 0 ? base : `${base}-${crypto.randomBytes(2).toString('hex')}`;
        const brand = await brands.insertBrand({ ...input, name: input.name.trim(), slug });
        if (brand) {
          await audit.record({ actor: caller.actor, action: 'brand.create', entity: 'brand', entityId: brand.id, after: brand });
          return brand;
        }
        if (input.slug !== undefined) break;
      }
      throw new DomainError('conflict', `The brand slug ${JSON.stringify(base)} is taken`, { field: 'slug' });
    }),

    /** Changes a brand in the caller's scope (else `not_found`); the audit log keeps it before and after. */
    changeBrand: (caller, id, changes) => deps.unitOfWork(async ({ brands, audit }) => {
      const before = await brands.lockBrand(caller.scope, id);
      if (!before) throw new NotFoundError('brand', id);
      const after = await brands.updateBrand(caller.scope, id, changes.name === undefined ? changes : { ...changes, name: changes.name.trim() });
      if (!after) throw new NotFoundError('brand', id);
      await audit.record({ actor: caller.actor, action: 'brand.update', entity: 'brand', entityId: id, before, after });
      return after;
    }),

    /**
     * Sets a brand's commission rate: staff any rate, a vendor account a rate within its
     * vendor's limits (else `validation_failed` naming `minRateBps` or `maxRateBps`). Another
     * vendor's brand is `not_found`.
     */
    setBrandRate: (caller, id, commissionRateBps) => deps.unitOfWork(async ({ brands, vendors, audit }) => {
      const before = await brands.lockBrand(caller.scope, id);
      if (!before) throw new NotFoundError('brand', id);
      if (caller.scope.vendorId !== null) {
        const vendor = await vendors.findVendor(caller.scope, before.vendorId);
        if (!vendor) throw new NotFoundError('brand', id);
        enforceRateLimits('commissionRateBps', commissionRateBps, vendor);
      }
      const after = await brands.updateBrand(caller.scope, id, { commissionRateBps });
      if (!after) throw new NotFoundError('brand', id);
      await audit.record({ actor: caller.actor, action: 'brand.set_rate', entity: 'brand', entityId: id, before, after });
      return after;
    }),

    listBrands: (caller, filter, page) => deps.brands.listBrands(caller.scope, filter, page),

    getBrand: async (caller, id) => foundOrThrow(await deps.brands.findBrand(caller.scope, id), 'brand', id),
  };
}

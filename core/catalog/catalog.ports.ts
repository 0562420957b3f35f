import type { Scope } from '../access/access.ts';
import type { AuditLog } from '../audit/audit.ports.ts';
import type { Page, PageQuery } from '../shared/paging.ts';
import type { RateLimits } from '../vendors/rate-limits.ts';
import type { VendorReader } from '../vendors/vendors.ports.ts';
import type { CatalogProduct } from './catalog.ts';

/** A vendor's label, with the terms every commission on its products starts from. */
export interface Brand {
  id: string;
  vendorId: string;
  name: string;
  slug: string;
  commissionRateBps: number;
  /** Days a commission stays pending before approval (the return window). */
  lockDays: number;
  /** Days after a click during which an order is attributed to it. */
  attributionWindowDays: number;
  /** Influencers who join are approved without review. */
  autoApprove: boolean;
  /** Russia's advertising token, printed with the ad label; null when none. */
  erid: string | null;
  createdAt: Date;
}

export interface NewBrand {
  vendorId: string;
  name: string;
  slug: string;
  commissionRateBps: number;
  /** Absent: the database default (30 days). */
  lockDays?: number;
  /** Absent: the database default (30 days). */
  attributionWindowDays?: number;
  /** Absent: the database default (true). */
  autoApprove?: boolean;
  erid?: string | null;
}

/** A brand as lists and reads show it: with the join requests waiting for a decision. */
export interface BrandListing extends Brand {
  pendingJoinRequests: number;
}

export type BrandChanges = Partial<Pick<Brand, 'name' | 'commissionRateBps' | 'lockDays' | 'attributionWindowDays' | 'autoApprove' | 'erid'>>;

export interface BrandFilter {
  vendorId?: string;
}

/** Brands as a caller may see them: the scope is part of every query. */
export interface BrandReader {
  findBrand(scope: Scope, id: string): Promise<BrandListing | undefined>;
  listBrands(scope: Scope, filter: BrandFilter, page: PageQuery): Promise<Page<BrandListing>>;
}

/** The brands' storage; db/catalog.repository.ts implements it. */
export interface BrandStore extends BrandReader {
  /** Inserts a brand; undefined when its slug is taken (slugs are unique across vendors). */
  insertBrand(brand: NewBrand): Promise<Brand | undefined>;
  /** The brand, locked until the end of the transaction so that its "before" stays true. */
  lockBrand(scope: Scope, id: string): Promise<Brand | undefined>;
  updateBrand(scope: Scope, id: string, changes: BrandChanges): Promise<Brand | undefined>;
}

/** What a brand write needs inside its unit of work. */
export interface BrandStores {
  brands: BrandStore;
  vendors: VendorReader;
  audit: AuditLog;
}

/** A brand as product placement needs it: who owns it, and the two names it goes by. */
export interface CatalogBrand {
  id: string;
  slug: string;
  vendorId: string;
  /** The rates its vendor's accounts may set (core/vendors/rate-limits.ts). */
  rateLimits: RateLimits;
}

/**
 * Brands named by id or slug, whoever owns them: placement must find another vendor's brand
 * to tell a vendor that the brand is not theirs.
 */
export interface BrandLookup {
  findBrandsByRefs(refs: { ids: string[]; slugs: string[] }): Promise<CatalogBrand[]>;
}

/** A valid product placed under its vendor and brand, ready to be stored. */
export interface PlacedProduct extends CatalogProduct {
  vendorId: string;
  brandId: string;
}

/** A stored product. */
export interface Product extends PlacedProduct {
  id: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface ProductFilter {
  vendorId?: string;
  brandId?: string;
  sku?: string;
  active?: boolean;
  category?: string;
  /** Part of the title or the sku, any case. */
  search?: string;
}

/** Products as a caller may see them: the scope is part of every query. */
export interface ProductReader {
  findProduct(scope: Scope, id: string): Promise<Product | undefined>;
  listProducts(scope: Scope, filter: ProductFilter, page: PageQuery): Promise<Page<Product>>;
}

/** The products' storage; db/catalog.repository.ts implements it. */
export interface ProductStore extends ProductReader, BrandLookup {
  /** Inserts or updates every product by (vendor, sku) in one statement; no pair may repeat. */
  upsertProducts(products: PlacedProduct[]): Promise<{ created: number; updated: number }>;
  /** Inserts one product; undefined when its vendor has a product with that sku already. */
  insertProduct(product: PlacedProduct): Promise<Product | undefined>;
  /** The product, locked until the end of the transaction so that its "before" stays true. */
  lockProduct(scope: Scope, id: string): Promise<Product | undefined>;
  /** Replaces every field of a product in `scope`; `sku_taken` when another product of its vendor has the sku. */
  updateProduct(scope: Scope, id: string, product: PlacedProduct): Promise<Product | 'sku_taken' | undefined>;
}

/** What a product write needs inside its unit of work. */
export interface ProductStores {
  products: ProductStore;
  audit: AuditLog;
}

import type { Caller } from '../../core/access/access.ts';
import type { BrandsService } from '../../core/catalog/brands.service.ts';
import type { JoinRequestsService } from '../../core/catalog/join-requests.service.ts';
import type { ProductsService } from '../../core/catalog/products.service.ts';
import type { VendorIntegrationService } from '../../core/vendors/test-order.service.ts';
import type { VendorsService } from '../../core/vendors/vendors.service.ts';

/**
 * What the HTTP app needs for the catalog routes: core services and read stores, built by
 * cli/services/catalog.services.ts and handed in. No database handle crosses this line.
 */
export interface CatalogApi {
  readonly vendors: VendorsService;
  readonly brands: BrandsService;
  readonly products: ProductsService;
  /** Influencers' requests to join brands, decided by staff or the brand's vendor. */
  readonly joinRequests: JoinRequestsService;
  /** The vendor portal's integration page and its test order. */
  readonly integration: VendorIntegrationService;
  /** Influencers who follow a brand for deal alerts; not_found for a brand outside the caller's scope. */
  brandFollowers(caller: Caller, brandId: string): Promise<number>;
}

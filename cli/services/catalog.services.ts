import type { Kysely } from 'kysely';
import type { CatalogApi } from '../../api/services/catalog.ts';
import { brandsService } from '../../core/catalog/brands.service.ts';
import { joinRequestsService } from '../../core/catalog/join-requests.service.ts';
import { productsService, type ProductsService } from '../../core/catalog/products.service.ts';
import { vendorIntegrationService } from '../../core/vendors/test-order.service.ts';
import { vendorsService } from '../../core/vendors/vendors.service.ts';
import { auditLog } from '../../db/audit.repository.ts';
import { countBrandFollowers } from '../../db/deal-follows.repository.ts';
import { brandStore, productStore } from '../../db/catalog.repository.ts';
import { joinRequestStore } from '../../db/join-requests.repository.ts';
import type { Database } from '../../db/schema.ts';
import { unitOfWork } from '../../db/unit-of-work.ts';
import { vendorIntegrationReader } from '../../db/vendor-integration.repository.ts';
import { vendorStore } from '../../db/vendors.repository.ts';
import type { ServiceInfrastructure } from '../app-services.ts';

/** The catalog services on the database, for the api role (and the tests, through createTestApp). */
export function buildCatalogApi(infra: ServiceInfrastructure): CatalogApi {
  const { db, secretBox } = infra;
  const brands = brandsService({
    unitOfWork: unitOfWork(db, (trx) => ({ brands: brandStore(trx), vendors: vendorStore(trx), audit: auditLog(trx) })),
    brands: brandStore(db),
  });
  return {
    vendors: vendorsService({
      unitOfWork: unitOfWork(db, (trx) => ({ vendors: vendorStore(trx), audit: auditLog(trx) })),
      vendors: vendorStore(db),
      secretBox,
      clock: infra.clock,
    }),
    brands,
    async brandFollowers(caller, brandId) {
      // The read in the caller's scope first: another vendor's brand is not found.
      await brands.getBrand(caller, brandId);
      return countBrandFollowers(db, brandId);
    },
    products: buildProductsService(db),
    joinRequests: joinRequestsService({
      unitOfWork: unitOfWork(db, (trx) => ({ joinRequests: joinRequestStore(trx), audit: auditLog(trx) })),
      joinRequests: joinRequestStore(db),
      brands: brandStore(db),
      notifier: infra.notifier,
      onNotifyError: (error) => infra.logger.warn({ err: error }, 'join request decision not announced in chat'),
    }),
    integration: vendorIntegrationService({
      vendors: vendorIntegrationReader(db), secretBox, clock: infra.clock, publicUrl: infra.publicUrl,
      unitOfWork: unitOfWork(db, (trx) => ({ audit: auditLog(trx) })),
    }),
  };
}

/** The products service alone, which is all `dealcast import-catalog` needs. */
export function buildProductsService(db: Kysely<Database>): ProductsService {
  return productsService({
    unitOfWork: unitOfWork(db, (trx) => ({ products: productStore(trx), audit: auditLog(trx) })),
    products: productStore(db),
  });
}

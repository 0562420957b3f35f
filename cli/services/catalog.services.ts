import type { Kysely } from 'kysely';
import type { CatalogApi } from '../../api/services/catalog.ts';
import { brandsService } from '../../core/catalog/brands.service.ts';
import { productsService, type ProductsService } from '../../core/catalog/products.service.ts';
import { vendorsService } from '../../core/vendors/vendors.service.ts';
import { auditLog } from '../../db/audit.repository.ts';
import { brandStore, productStore } from '../../db/catalog.repository.ts';
import type { Database } from '../../db/schema.ts';
import { unitOfWork } from '../../db/unit-of-work.ts';
import { vendorStore } from '../../db/vendors.repository.ts';
import type { ServiceInfrastructure } from '../app-services.ts';

/** The catalog services on the database, for the api role (and the tests, through createTestApp). */
export function buildCatalogApi(infra: ServiceInfrastructure): CatalogApi {
  const { db, secretBox } = infra;
  return {
    vendors: vendorsService({
      unitOfWork: unitOfWork(db, (trx) => ({ vendors: vendorStore(trx), audit: auditLog(trx) })),
      vendors: vendorStore(db),
      secretBox,
    }),
    brands: brandsService({
      unitOfWork: unitOfWork(db, (trx) => ({ brands: brandStore(trx), vendors: vendorStore(trx), audit: auditLog(trx) })),
      brands: brandStore(db),
    }),
    products: buildProductsService(db),
  };
}

/** The products service alone, which is all `dealcast import-catalog` needs. */
export function buildProductsService(db: Kysely<Database>): ProductsService {
  return productsService({
    unitOfWork: unitOfWork(db, (trx) => ({ products: productStore(trx), audit: auditLog(trx) })),
    products: productStore(db),
  });
}

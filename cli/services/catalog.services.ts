import type { CatalogApi } from '../../api/services/catalog.ts';
import type { ServiceInfrastructure } from '../app-services.ts';

/** The catalog services on the database, for the api role (and the tests, through createTestApp). */
export function buildCatalogApi(_infra: ServiceInfrastructure): CatalogApi {
  return {};
}

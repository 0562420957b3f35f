import type { EdgeApi } from '../../api/services/edge.ts';
import type { ServiceInfrastructure } from '../app-services.ts';

/** The edge services on the database, for the api role (and the tests, through createTestApp). */
export function buildEdgeApi(_infra: ServiceInfrastructure): EdgeApi {
  return {};
}

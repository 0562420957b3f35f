import type { PeopleApi } from '../../api/services/people.ts';
import type { ServiceInfrastructure } from '../app-services.ts';

/** The people services on the database, for the api role (and the tests, through createTestApp). */
export function buildPeopleApi(_infra: ServiceInfrastructure): PeopleApi {
  return {};
}

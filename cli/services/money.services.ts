import type { MoneyApi } from '../../api/services/money.ts';
import type { ServiceInfrastructure } from '../app-services.ts';

/** The money services on the database, for the api role (and the tests, through createTestApp). */
export function buildMoneyApi(_infra: ServiceInfrastructure): MoneyApi {
  return {};
}

import type { AppDeps } from '../api/deps.ts';
import { buildAppServices, type ServiceInfrastructure } from './app-services.ts';

/** What the HTTP app is built from: its shared adapters and what its services are built on. */
export type AppDepsParts = Omit<AppDeps, 'services'> & ServiceInfrastructure;

/**
 * The HTTP app's dependencies, with every core service built once on `parts`: the one place
 * the api role, the tests and the benchmark assemble `AppDeps`.
 */
export function buildAppDeps(parts: AppDepsParts): AppDeps {
  // The database stays behind this line: the app gets services built on it, never the handle.
  const { db: _db, ...shared } = parts;
  return { ...shared, services: buildAppServices(parts) };
}

import crypto from 'node:crypto';
import type { AppDeps } from '../api/deps.ts';
import { buildAppServices, type ServiceInfrastructure } from './app-services.ts';

/**
 * What the HTTP app is built from: its shared adapters and what its services are built on.
 * Without a `sessionSecret`, CSRF tokens are keyed by one derived from `ipHashKey` (both come
 * from the secret key, so every api process agrees).
 */
export type AppDepsParts = Omit<AppDeps, 'services'> & Omit<ServiceInfrastructure, 'sessionSecret'> & { readonly sessionSecret?: string };

/**
 * The HTTP app's dependencies, with every core service built once on `parts`: the one place
 * the api role, the tests and the benchmark assemble `AppDeps`.
 */
export function buildAppDeps(parts: AppDepsParts): AppDeps {
  // The database stays behind this line: the app gets services built on it, never the handle.
  const { db: _db, sessionSecret: _secret, ...shared } = parts;
  const sessionSecret = parts.sessionSecret ?? crypto.createHmac('sha256', parts.ipHashKey).update('dealcast:session').digest('hex');
  return { ...shared, services: buildAppServices({ ...parts, sessionSecret }) };
}

import type { Migration } from 'kysely';
import * as initial from './2026-11-28-0001-initial.ts';

/** Every migration, by its date-prefixed name; listed statically so that no file scan is needed at run time. */
export const migrations: Record<string, Migration> = {
  '2026-11-28-0001-initial': initial,
};

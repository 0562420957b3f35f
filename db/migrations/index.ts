import type { Migration } from 'kysely';
import * as initial from './2026-11-28-0001-initial.ts';
import * as auditBeforeAfter from './2026-12-01-0001-audit-before-after.ts';
import * as adminSessions from './2026-12-01-0002-admin-sessions.ts';
import * as commissionHolds from './2026-12-02-0001-commission-holds.ts';

/** Every migration, by its date-prefixed name; listed statically so that no file scan is needed at run time. */
export const migrations: Record<string, Migration> = {
  '2026-11-28-0001-initial': initial,
  '2026-12-01-0001-audit-before-after': auditBeforeAfter,
  '2026-12-01-0002-admin-sessions': adminSessions,
  '2026-12-02-0001-commission-holds': commissionHolds,
};

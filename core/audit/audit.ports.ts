import type { Page, PageQuery, TimeRange } from '../shared/paging.ts';

/**
 * One line of the audit log: who changed what, and the object before and after. Written in
 * the same transaction as the change it records, so the log never claims a change that was
 * rolled back, and never misses one that stands.
 */
export interface AuditEntry {
  /** Who did it: `admin:<id>`, `vendor:<id>`, `cli` or `job:<name>`. */
  actor: string;
  /** `entity.verb`, e.g. `product.update`. */
  action: string;
  entity: string;
  entityId: string | null;
  /** The object as it was; absent for a creation. Secrets are never part of it. */
  before?: unknown;
  /** The object as it is now; absent for a deletion. */
  after?: unknown;
  /** What else explains the change (a reason, a run key, counts). */
  details?: Record<string, unknown>;
}

/** The audit log: every state change of the platform goes through this one port. */
export interface AuditLog {
  record(entry: AuditEntry): Promise<void>;
}

/** A line of the audit log as it was written, with when. */
export interface AuditRecord {
  id: string;
  at: Date;
  actor: string;
  action: string;
  entity: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  details: Record<string, unknown> | null;
}

/** What support filters the audit log by: one object's history, one person's actions, one kind of change. */
export interface AuditFilter extends TimeRange {
  entity?: string;
  entityId?: string;
  actor?: string;
  action?: string;
}

/** Reading the audit log, newest first. */
export interface AuditReads {
  list(filter: AuditFilter, page: PageQuery): Promise<Page<AuditRecord>>;
}

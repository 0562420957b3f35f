import type { AuditLog, AuditReads } from '../audit/audit.ports.ts';
import type { Clock } from '../shared/clock.ts';
import { clickDetailsSince, RETAINED_AUDIT_ENTITIES, retentionCutoffs, type RetentionCutoffs, type RetentionPolicy } from './retention.ts';

/** The deletions of a retention run, each set-based and safe to repeat (db/retention.repository.ts). */
export interface RetentionStore {
  /** Clears browser string, referrer and address hash of the clicks made in [since, before) (since null: from the first click); how many rows changed. */
  clearClickDetails(range: { since: Date | null; before: Date }): Promise<number>;
  /** Drops the monthly click partitions that end by `before` and deletes older rows of the default partition. */
  dropClicksBefore(before: Date): Promise<{ partitions: string[]; defaultPartitionRows: number }>;
  /** Deletes console sessions that ended (expired or were signed out) before `endedBefore`; how many. */
  deleteEndedAdminSessions(endedBefore: Date): Promise<number>;
  /** Deletes audit rows written before `before`, except those about the `kept` entities; how many. */
  deleteAuditRows(before: Date, kept: readonly string[]): Promise<number>;
  /** Clears the buyer reference hash of the orders placed before `before`; how many. */
  clearBuyerRefs(before: Date): Promise<number>;
}

/** Chat conversation state lives in Redis with an expiry; this finds any key that lost it (queue/chat-state-sweeper.ts). */
export interface ChatStateSweeper {
  /** Deletes conversation keys that would never expire; how many. */
  deleteUnexpiring(): Promise<number>;
}

export interface RetentionReport {
  cutoffs: { [K in keyof RetentionCutoffs]: string } & { clickDetailsSince: string | null };
  clickDetailsCleared: number;
  clickPartitionsDropped: string[];
  defaultPartitionClicksDeleted: number;
  adminSessionsDeleted: number;
  auditRowsDeleted: number;
  buyerRefsCleared: number;
  chatKeysDeleted: number;
}

export interface RetentionPorts {
  store: RetentionStore;
  audit: AuditLog & AuditReads;
  chatState?: ChatStateSweeper;
  policy: RetentionPolicy;
  clock: Clock;
}

/** The scheduled job's name, its audit actor and action. */
export const RETENTION_JOB = 'retention.purge';
const ACTOR = `job:${RETENTION_JOB}`;

/**
 * One retention run (README "Privacy and retention"): removes what the policy says is too old
 * at the clock's now, and records what it removed as `retention.purge` in the audit log.
 * Whole months of clicks go, then the rest lose their details; the last run's audit row
 * says where the details were cleared up to, so that a run reads only the days since.
 * Repeating a run removes nothing more.
 */
export async function runRetention(ports: RetentionPorts): Promise<RetentionReport> {
  const cutoffs = retentionCutoffs(ports.policy, ports.clock.now());
  const since = clickDetailsSince(await lastClickDetailsCutoff(ports.audit));
  // Whole months go first: their details need no clearing.
  const dropped = await ports.store.dropClicksBefore(cutoffs.clicksBefore);
  const clickDetailsCleared = since && since >= cutoffs.clickDetailsBefore
    ? 0 : await ports.store.clearClickDetails({ since, before: cutoffs.clickDetailsBefore });
  const adminSessionsDeleted = await ports.store.deleteEndedAdminSessions(cutoffs.adminSessionsEndedBefore);
  const auditRowsDeleted = await ports.store.deleteAuditRows(cutoffs.auditBefore, RETAINED_AUDIT_ENTITIES);
  const buyerRefsCleared = await ports.store.clearBuyerRefs(cutoffs.buyerRefsBefore);
  const chatKeysDeleted = ports.chatState ? await ports.chatState.deleteUnexpiring() : 0;
  const report: RetentionReport = {
    cutoffs: {
      clickDetailsBefore: cutoffs.clickDetailsBefore.toISOString(), clickDetailsSince: since?.toISOString() ?? null,
      clicksBefore: cutoffs.clicksBefore.toISOString(), adminSessionsEndedBefore: cutoffs.adminSessionsEndedBefore.toISOString(),
      auditBefore: cutoffs.auditBefore.toISOString(), buyerRefsBefore: cutoffs.buyerRefsBefore.toISOString(),
    },
    clickDetailsCleared,
    clickPartitionsDropped: dropped.partitions,
    defaultPartitionClicksDeleted: dropped.defaultPartitionRows,
    adminSessionsDeleted,
    auditRowsDeleted,
    buyerRefsCleared,
    chatKeysDeleted,
  };
  await ports.audit.record({ actor: ACTOR, action: RETENTION_JOB, entity: 'retention', entityId: null, details: { ...report } });
  return report;
}

/** Where the last run cleared click details up to, from its audit row; null before the first run. */
async function lastClickDetailsCutoff(audit: AuditReads): Promise<Date | null> {
  const { items } = await audit.list({ actor: ACTOR, action: RETENTION_JOB }, { limit: 1 });
  const value = (items[0]?.details?.cutoffs as { clickDetailsBefore?: unknown } | undefined)?.clickDetailsBefore;
  const at = typeof value === 'string' ? new Date(value) : null;
  return at && !Number.isNaN(at.getTime()) ? at : null;
}

import type { Kysely } from 'kysely';
import type { AuditEntry, AuditLog, AuditReads, AuditRecord } from '../core/audit/audit.ports.ts';
import { listPage } from './paging.ts';
import type { AuditLogRow, Database } from './schema.ts';

/** The audit log on `db`: pass the transaction of the change it records. */
export function auditLog(db: Kysely<Database>): AuditLog {
  return {
    async record(entry: AuditEntry) {
      await db.insertInto('audit_log').values({
        actor: entry.actor, action: entry.action, entity: entry.entity, entity_id: entry.entityId,
        details: entry.details === undefined ? null : JSON.stringify(entry.details),
        before: entry.before === undefined ? null : JSON.stringify(entry.before),
        after: entry.after === undefined ? null : JSON.stringify(entry.after),
      }).execute();
    },
  };
}

function toAuditRecord(row: AuditLogRow): AuditRecord {
  return {
    id: row.id, at: row.created_at, actor: row.actor, action: row.action, entity: row.entity, entityId: row.entity_id,
    before: row.before, after: row.after, details: row.details as Record<string, unknown> | null,
  };
}

/** The audit log, newest first, by entity, actor, action and time (indexed by entity and by actor). */
export function auditReads(db: Kysely<Database>): AuditReads {
  return {
    list: (filter, page) => listPage(db.selectFrom('audit_log').selectAll(), {
      id: 'id',
      equal: { entity: filter.entity, entity_id: filter.entityId, actor: filter.actor, action: filter.action },
      during: { column: 'created_at', from: filter.from, to: filter.to },
    }, page, toAuditRecord),
  };
}

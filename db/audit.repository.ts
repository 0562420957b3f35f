import type { Kysely } from 'kysely';
import type { AuditEntry, AuditLog } from '../core/audit/audit.ports.ts';
import type { Database } from './schema.ts';

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

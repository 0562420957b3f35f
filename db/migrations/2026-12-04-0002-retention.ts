import { sql, type Kysely } from 'kysely';

// The retention job (core/privacy/retention.service.ts) deletes audit rows older than the
// retention period, oldest first, a batch at a time: an index on created_at finds them without
// reading the whole log every night. The audit list's from/to filter reads it too.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE INDEX audit_log_created_idx ON audit_log (created_at)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX audit_log_created_idx`.execute(db);
}

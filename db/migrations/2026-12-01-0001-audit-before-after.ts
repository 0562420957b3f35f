import { sql, type Kysely } from 'kysely';

// Every state change records the object before and after it; support reads the audit log
// per entity and by actor.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE audit_log ADD COLUMN before jsonb, ADD COLUMN after jsonb;
    CREATE INDEX audit_log_actor_idx ON audit_log (actor, id);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    DROP INDEX audit_log_actor_idx;
    ALTER TABLE audit_log DROP COLUMN before, DROP COLUMN after;
  `.execute(db);
}

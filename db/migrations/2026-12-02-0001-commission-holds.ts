import { sql, type Kysely } from 'kysely';

// A commission under review (fraud signals, an admin's hold) stays pending past its lock date
// until someone releases or reverses it; the reason is shown to admins.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE commissions ADD COLUMN held_at timestamptz, ADD COLUMN hold_reason text, ADD COLUMN held_by text;
    CREATE INDEX commissions_held_idx ON commissions (held_at) WHERE held_at IS NOT NULL;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    DROP INDEX commissions_held_idx;
    ALTER TABLE commissions DROP COLUMN held_at, DROP COLUMN hold_reason, DROP COLUMN held_by;
  `.execute(db);
}

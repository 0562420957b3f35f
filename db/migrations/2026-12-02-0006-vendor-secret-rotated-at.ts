import { sql, type Kysely } from 'kysely';

// When a vendor's signing secret was last replaced, for the vendor portal's integration page.
// Null: the secret is still the one issued with the vendor (created_at).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE vendors ADD COLUMN secret_rotated_at timestamptz`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE vendors DROP COLUMN secret_rotated_at`.execute(db);
}

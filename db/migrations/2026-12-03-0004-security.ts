import { sql, type Kysely } from 'kysely';

// Signing-secret rotation with a grace period: after a rotation the replaced secret still
// verifies a vendor's requests until previous_secret_expires_at, so that the vendor's servers
// can move to the new one without a window of refused postbacks. One previous secret at most;
// both columns are set together or not at all.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE vendors
      ADD COLUMN previous_secret_encrypted text,
      ADD COLUMN previous_secret_expires_at timestamptz,
      ADD CONSTRAINT vendors_previous_secret_whole CHECK ((previous_secret_encrypted IS NULL) = (previous_secret_expires_at IS NULL))
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE vendors DROP CONSTRAINT vendors_previous_secret_whole, DROP COLUMN previous_secret_expires_at, DROP COLUMN previous_secret_encrypted
  `.execute(db);
}

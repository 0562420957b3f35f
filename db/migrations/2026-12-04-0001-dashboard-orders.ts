import { sql, type Kysely } from 'kysely';

// The dashboard counts attributed orders by the day they happened: an index on occurred_at lets
// "today" and short ranges read their own rows instead of every order ever received.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE INDEX conversions_occurred_idx ON conversions (occurred_at) WHERE link_id IS NOT NULL`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX conversions_occurred_idx`.execute(db);
}

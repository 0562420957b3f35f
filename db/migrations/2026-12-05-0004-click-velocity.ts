import { sql, type Kysely } from 'kysely';

// Click ingest costs after the velocity rules (issue 10), measured with bench/click-ingest.bench.ts:
// the visitor id and the address hash are random base64url strings, and every click walks three
// B-trees on them (clicks_link_visitor_idx, clicks_visitor_fresh_idx, clicks_address_fresh_idx),
// on insert and again in the ingest's probes (db/click-history.repository.ts). Under the database's
// default collation (C.UTF-8 here, en_US elsewhere) each of those comparisons is a strcoll() call
// on copied strings; under "C" it is a memcmp. Nothing orders or compares these columns as
// language text, and equality is the same under every deterministic collation, so the columns
// become "C": the indexes on them are rebuilt (the table itself is not rewritten), and the
// queries that compare them need no change. Two partial indexes' inserts cost about half as much.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE clicks
      ALTER COLUMN visitor_id TYPE text COLLATE "C",
      ALTER COLUMN ip_hash TYPE text COLLATE "C"
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE clicks
      ALTER COLUMN visitor_id TYPE text COLLATE "default",
      ALTER COLUMN ip_hash TYPE text COLLATE "default"
  `.execute(db);
}

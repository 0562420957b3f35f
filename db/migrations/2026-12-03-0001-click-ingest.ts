import { sql, type Kysely } from 'kysely';

// Click ingest costs, measured with bench/click-ingest.bench.ts:
// - clicks_id_idx (id) duplicated the primary key (id, clicked_at), whose leading column serves
//   every lookup and keyset page by id just as well; each click paid for both.
// - click_rollups_daily has one row per link and day, and every ingest transaction updates the
//   rows of the links it saw, so the same few rows are rewritten all day. With full pages those
//   updates could not be HOT: each left index entries behind in all three indexes, and the upsert's
//   conflict check walked ever longer chains of dead versions (the ingest's PostgreSQL CPU tripled
//   within 200,000 clicks). Half-empty pages keep the new versions on their page (HOT: no index
//   entries, pruned in place), and a vacuum after a few thousand updates clears what is left.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX clicks_id_idx`.execute(db);
  await sql`
    ALTER TABLE click_rollups_daily SET (fillfactor = 50, autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 5000)
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE click_rollups_daily RESET (fillfactor, autovacuum_vacuum_scale_factor, autovacuum_vacuum_threshold)`.execute(db);
  await sql`CREATE INDEX clicks_id_idx ON clicks (id)`.execute(db);
}

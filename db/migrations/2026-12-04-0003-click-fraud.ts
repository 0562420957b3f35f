import { sql, type Kysely } from 'kysely';

// Click fraud (issue 11.5). A click keeps why it is not counted in one `flag` (the union of
// core/clicks/click-flags.ts, frozen here as it was). The velocity rule reads a visitor's and an
// address's recent fresh clicks (counted, or flagged by velocity), so two partial indexes hold
// just those rows: a duplicate or a bot adds no entry to them, and a lookup walks at most the
// limit's number of entries per key. A buyer reference a vendor sends is kept only as our keyed
// hash, indexed per vendor, so that a repeat order of the same buyer is found by one probe.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE clicks ADD COLUMN flag text
      CONSTRAINT clicks_flag_known CHECK (flag IN ('bot', 'datacenter', 'self', 'duplicate', 'velocity_visitor', 'velocity_address'))
  `.execute(db);
  // Clicks stored before: the first of their booleans in the rules' order.
  await sql`
    UPDATE clicks SET flag = CASE WHEN bot THEN 'bot' WHEN self_click THEN 'self' WHEN duplicate THEN 'duplicate' END
    WHERE NOT counted AND (bot OR self_click OR duplicate)
  `.execute(db);
  await sql`
    CREATE INDEX clicks_visitor_fresh_idx ON clicks (visitor_id, clicked_at)
      WHERE (counted OR flag IN ('velocity_visitor', 'velocity_address'))
  `.execute(db);
  await sql`
    CREATE INDEX clicks_address_fresh_idx ON clicks (ip_hash, clicked_at)
      WHERE (counted OR flag IN ('velocity_visitor', 'velocity_address'))
  `.execute(db);
  await sql`ALTER TABLE conversions ADD COLUMN buyer_hash text`.execute(db);
  await sql`CREATE INDEX conversions_buyer_idx ON conversions (vendor_id, buyer_hash, occurred_at) WHERE buyer_hash IS NOT NULL`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX conversions_buyer_idx`.execute(db);
  await sql`ALTER TABLE conversions DROP COLUMN buyer_hash`.execute(db);
  await sql`DROP INDEX clicks_address_fresh_idx`.execute(db);
  await sql`DROP INDEX clicks_visitor_fresh_idx`.execute(db);
  await sql`ALTER TABLE clicks DROP COLUMN flag`.execute(db);
}

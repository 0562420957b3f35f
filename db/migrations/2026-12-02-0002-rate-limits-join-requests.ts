import { sql, type Kysely } from 'kysely';

// Frozen in time: this migration imports nothing from the application.
// 1. The commission rates a vendor account may set on its own brands and products, between
//    bounds the platform's staff set per vendor (0 to 100 % until they do).
// 2. Brand memberships get an id of their own, so that a join request can be approved or
//    rejected by id; the index serves a brand's requests by status, newest first.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE vendors
      ADD COLUMN min_rate_bps integer NOT NULL DEFAULT 0,
      ADD COLUMN max_rate_bps integer NOT NULL DEFAULT 10000,
      ADD CONSTRAINT vendors_rate_limits_check CHECK (min_rate_bps >= 0 AND min_rate_bps <= max_rate_bps AND max_rate_bps <= 10000);

    ALTER TABLE brand_memberships ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY;
    ALTER TABLE brand_memberships ADD CONSTRAINT brand_memberships_id_key UNIQUE (id);
    CREATE INDEX brand_memberships_brand_status_idx ON brand_memberships (brand_id, status, id);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    DROP INDEX brand_memberships_brand_status_idx;
    ALTER TABLE brand_memberships DROP CONSTRAINT brand_memberships_id_key, DROP COLUMN id;
    ALTER TABLE vendors DROP CONSTRAINT vendors_rate_limits_check, DROP COLUMN min_rate_bps, DROP COLUMN max_rate_bps;
  `.execute(db);
}

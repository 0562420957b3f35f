import { sql, type Kysely } from 'kysely';

// Exposure in tiers (core/tiers/exposure.ts): a tier may also ask for exposure points over the
// window. 0 for every existing tier, so nobody's tier moves until an admin sets one.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE tiers ADD COLUMN min_exposure_30d integer NOT NULL DEFAULT 0,
      ADD CONSTRAINT tiers_min_exposure_30d_range CHECK (min_exposure_30d >= 0);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE tiers DROP CONSTRAINT tiers_min_exposure_30d_range, DROP COLUMN min_exposure_30d;`.execute(db);
}

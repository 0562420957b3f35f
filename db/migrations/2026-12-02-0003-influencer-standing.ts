import { sql, type Kysely } from 'kysely';

// An influencer's standing as admins set it: `pending` (registered in chat, waiting for an
// admin's approval when the platform requires it), with the reason, time and actor of the last
// change. Chat identities keep the handle they were last seen with and when. Indexes for the
// support search (a name's prefix, a handle, an order id, a click id) and the money trail
// (an influencer's attributed orders, newest first).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE influencers DROP CONSTRAINT influencers_status_check;
    ALTER TABLE influencers ADD CONSTRAINT influencers_status_check CHECK (status IN ('pending', 'active', 'suspended', 'deleted'));
    ALTER TABLE influencers ADD COLUMN status_reason text, ADD COLUMN status_changed_at timestamptz, ADD COLUMN status_changed_by text;
    CREATE INDEX influencers_name_idx ON influencers (lower(display_name) text_pattern_ops);
    CREATE INDEX influencers_pending_idx ON influencers (id) WHERE status = 'pending';

    ALTER TABLE influencer_identities ADD COLUMN username text, ADD COLUMN last_seen_at timestamptz;
    CREATE INDEX influencer_identities_username_idx ON influencer_identities (lower(username) text_pattern_ops) WHERE username IS NOT NULL;
    CREATE INDEX influencer_identities_external_idx ON influencer_identities (external_id);

    CREATE INDEX conversions_order_idx ON conversions (order_id);
    CREATE INDEX conversions_click_idx ON conversions (click_id) WHERE click_id IS NOT NULL;
    CREATE INDEX conversions_influencer_id_idx ON conversions (influencer_id, id) WHERE influencer_id IS NOT NULL;

    -- Settings admins change at run time (read by every role): one JSON value per key.
    CREATE TABLE platform_settings (
      key text PRIMARY KEY,
      value jsonb NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now(),
      updated_by text
    );
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    DROP TABLE platform_settings;
    DROP INDEX conversions_influencer_id_idx;
    DROP INDEX conversions_click_idx;
    DROP INDEX conversions_order_idx;
    DROP INDEX influencer_identities_external_idx;
    DROP INDEX influencer_identities_username_idx;
    ALTER TABLE influencer_identities DROP COLUMN username, DROP COLUMN last_seen_at;
    DROP INDEX influencers_pending_idx;
    DROP INDEX influencers_name_idx;
    ALTER TABLE influencers DROP COLUMN status_reason, DROP COLUMN status_changed_at, DROP COLUMN status_changed_by;
    UPDATE influencers SET status = 'active' WHERE status = 'pending';
    ALTER TABLE influencers DROP CONSTRAINT influencers_status_check;
    ALTER TABLE influencers ADD CONSTRAINT influencers_status_check CHECK (status IN ('active', 'suspended', 'deleted'));
  `.execute(db);
}

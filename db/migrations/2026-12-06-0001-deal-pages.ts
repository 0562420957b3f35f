import { sql, type Kysely } from 'kysely';

// Deal pages and storefronts (issue 13, items 1 and 2):
// - links.landing: where the one short link of a link leads, the vendor (as before, the
//   default, so nothing changes for existing links) or the deal page `/d/:code`;
// - links.channel gains 'storefront' (the links of an influencer's picks);
// - influencers.handle: the storefront's address `/s/:handle`, lowercase and URL-safe,
//   unique; null until the first /pick (and again after an erasure);
// - picks: an influencer's storefront, one row per product, newest first by picked_at;
// - exposure_daily: counted views of a person (never a preview fetcher or a bot), once per
//   visitor per page per day, summed per influencer, day and kind (the tier job reads it).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE links
      ADD COLUMN landing text NOT NULL DEFAULT 'vendor' CONSTRAINT links_landing_check CHECK (landing IN ('vendor', 'deal_page')),
      DROP CONSTRAINT links_channel_check,
      ADD CONSTRAINT links_channel_check CHECK (channel IN ('telegram', 'whatsapp', 'instagram', 'offline', 'other', 'storefront'));

    ALTER TABLE influencers ADD COLUMN handle text,
      ADD CONSTRAINT influencers_handle_format CHECK (handle ~ '^[a-z0-9][a-z0-9-]{1,30}[a-z0-9]$');
    CREATE UNIQUE INDEX influencers_handle_key ON influencers (handle);

    CREATE TABLE picks (
      influencer_id bigint NOT NULL REFERENCES influencers(id),
      product_id bigint NOT NULL REFERENCES products(id),
      link_id bigint NOT NULL REFERENCES links(id),
      note text CONSTRAINT picks_note_length CHECK (char_length(note) BETWEEN 1 AND 280),
      picked_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (influencer_id, product_id)
    );
    -- The storefront's order, read by keyset.
    CREATE INDEX picks_newest_idx ON picks (influencer_id, picked_at DESC, product_id DESC);

    CREATE TABLE exposure_daily (
      influencer_id bigint NOT NULL REFERENCES influencers(id),
      day date NOT NULL,
      kind text NOT NULL CONSTRAINT exposure_daily_kind_check CHECK (kind IN ('deal_page_view', 'storefront_view')),
      views integer NOT NULL DEFAULT 0,
      PRIMARY KEY (influencer_id, day, kind)
    );
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    DROP TABLE exposure_daily;
    DROP TABLE picks;
    ALTER TABLE influencers DROP CONSTRAINT influencers_handle_format, DROP COLUMN handle;
    DELETE FROM links WHERE channel = 'storefront';
    ALTER TABLE links DROP COLUMN landing, DROP CONSTRAINT links_channel_check,
      ADD CONSTRAINT links_channel_check CHECK (channel IN ('telegram', 'whatsapp', 'instagram', 'offline', 'other'));
  `.execute(db);
}

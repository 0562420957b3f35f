import { sql, type Kysely } from 'kysely';

// Deal alerts (issue 13, item 4). An influencer follows brands or keywords (`deal_follows`) and
// says how often to hear about them (`deal_alert_settings`, no row = a daily digest). Every product
// write records what followers may want to hear (`deal_events`: a new product, a price drop). A
// delivery claims (event, influencer) once: the primary key of `deal_alert_deliveries` is what
// keeps an event from reaching a follower twice, whatever the number of workers.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE deal_follows (
      id bigserial PRIMARY KEY,
      influencer_id bigint NOT NULL REFERENCES influencers (id) ON DELETE CASCADE,
      brand_id bigint REFERENCES brands (id) ON DELETE CASCADE,
      keyword text,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT deal_follows_one_target CHECK ((brand_id IS NULL) <> (keyword IS NULL)),
      CONSTRAINT deal_follows_keyword_length CHECK (char_length(keyword) BETWEEN 2 AND 60)
    );
    CREATE UNIQUE INDEX deal_follows_influencer_brand ON deal_follows (influencer_id, brand_id) WHERE brand_id IS NOT NULL;
    CREATE UNIQUE INDEX deal_follows_influencer_keyword ON deal_follows (influencer_id, keyword) WHERE keyword IS NOT NULL;
    CREATE INDEX deal_follows_brand ON deal_follows (brand_id) WHERE brand_id IS NOT NULL;

    CREATE TABLE deal_alert_settings (
      influencer_id bigint PRIMARY KEY REFERENCES influencers (id) ON DELETE CASCADE,
      frequency text NOT NULL DEFAULT 'daily' CONSTRAINT deal_alert_settings_frequency CHECK (frequency IN ('daily', 'instant', 'off')),
      last_delivered_at timestamptz,
      updated_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE deal_events (
      id bigserial PRIMARY KEY,
      product_id bigint NOT NULL REFERENCES products (id) ON DELETE CASCADE,
      kind text NOT NULL CONSTRAINT deal_events_kind CHECK (kind IN ('new_product', 'price_drop')),
      old_price bigint,
      new_price bigint NOT NULL,
      currency char(3) NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT deal_events_drop_has_old_price CHECK (kind <> 'price_drop' OR old_price > new_price)
    );
    CREATE INDEX deal_events_created ON deal_events (created_at);
    CREATE INDEX deal_events_product ON deal_events (product_id);

    CREATE TABLE deal_alert_deliveries (
      event_id bigint NOT NULL REFERENCES deal_events (id) ON DELETE CASCADE,
      influencer_id bigint NOT NULL REFERENCES influencers (id) ON DELETE CASCADE,
      delivered_at timestamptz NOT NULL,
      PRIMARY KEY (event_id, influencer_id)
    );
    CREATE INDEX deal_alert_deliveries_influencer ON deal_alert_deliveries (influencer_id, delivered_at);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE deal_alert_deliveries, deal_events, deal_alert_settings, deal_follows;`.execute(db);
}

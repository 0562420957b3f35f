import { sql, type Kysely } from 'kysely';

// Frozen in time: this migration imports nothing from the application.
// Idempotency lives in the unique constraints below, not in application checks.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE vendors (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      name text NOT NULL,
      key_id text NOT NULL UNIQUE,
      secret_encrypted text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE brands (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      vendor_id bigint NOT NULL REFERENCES vendors(id),
      name text NOT NULL,
      slug text NOT NULL UNIQUE,
      commission_rate_bps integer NOT NULL CHECK (commission_rate_bps BETWEEN 0 AND 10000),
      lock_days integer NOT NULL DEFAULT 30 CHECK (lock_days >= 0),
      attribution_window_days integer NOT NULL DEFAULT 30 CHECK (attribution_window_days > 0),
      auto_approve boolean NOT NULL DEFAULT true,
      erid text,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX brands_vendor_idx ON brands (vendor_id);

    CREATE TABLE products (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      vendor_id bigint NOT NULL REFERENCES vendors(id),
      brand_id bigint NOT NULL REFERENCES brands(id),
      sku text NOT NULL,
      title text NOT NULL,
      description text,
      url text NOT NULL,
      image_url text,
      category text,
      price bigint NOT NULL CHECK (price >= 0),
      list_price bigint CHECK (list_price >= 0),
      currency char(3) NOT NULL,
      commission_rate_bps integer CHECK (commission_rate_bps BETWEEN 0 AND 10000),
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (vendor_id, sku)
    );
    CREATE INDEX products_brand_idx ON products (brand_id);
    -- A product link pasted in chat finds its product by an exact match on one of its spellings.
    CREATE INDEX products_url_idx ON products (url);

    CREATE TABLE tiers (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      name text NOT NULL UNIQUE,
      min_clicks_30d integer NOT NULL DEFAULT 0 CHECK (min_clicks_30d >= 0),
      min_sales_30d integer NOT NULL DEFAULT 0 CHECK (min_sales_30d >= 0),
      multiplier_bps integer NOT NULL DEFAULT 10000 CHECK (multiplier_bps BETWEEN 0 AND 100000),
      created_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE influencers (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      display_name text NOT NULL,
      language text NOT NULL DEFAULT 'en',
      country char(2),
      status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'deleted')),
      recruit_code text NOT NULL UNIQUE,
      recruited_by bigint REFERENCES influencers(id),
      tier_id bigint REFERENCES tiers(id),
      tier_pinned boolean NOT NULL DEFAULT false,
      payout_currency char(3) NOT NULL DEFAULT 'EUR',
      terms_accepted_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      deleted_at timestamptz
    );

    -- One identity per channel and influencer; one influencer per chat account.
    CREATE TABLE influencer_identities (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      influencer_id bigint NOT NULL REFERENCES influencers(id),
      -- 'playground': the console's bot playground, which runs the same command engine.
      channel text NOT NULL CHECK (channel IN ('telegram', 'whatsapp', 'playground')),
      external_id text NOT NULL,
      chat_id text NOT NULL,
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (channel, external_id),
      UNIQUE (influencer_id, channel)
    );

    CREATE TABLE brand_memberships (
      influencer_id bigint NOT NULL REFERENCES influencers(id),
      brand_id bigint NOT NULL REFERENCES brands(id),
      status text NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
      created_at timestamptz NOT NULL DEFAULT now(),
      decided_at timestamptz,
      PRIMARY KEY (influencer_id, brand_id)
    );

    CREATE TABLE links (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      code text NOT NULL UNIQUE,
      influencer_id bigint NOT NULL REFERENCES influencers(id),
      product_id bigint NOT NULL REFERENCES products(id),
      channel text NOT NULL CHECK (channel IN ('telegram', 'whatsapp', 'instagram', 'offline', 'other')),
      group_label text NOT NULL DEFAULT '',
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (influencer_id, product_id, channel, group_label)
    );
    CREATE INDEX links_product_idx ON links (product_id);

    -- Clicks are partitioned by month; a default partition catches anything outside the
    -- pre-created months so that no click is ever refused.
    CREATE TABLE clicks (
      id uuid NOT NULL,
      link_id bigint NOT NULL,
      influencer_id bigint NOT NULL,
      product_id bigint NOT NULL,
      clicked_at timestamptz NOT NULL,
      visitor_id text NOT NULL,
      ip_hash text,
      user_agent text,
      referer text,
      counted boolean NOT NULL,
      duplicate boolean NOT NULL DEFAULT false,
      bot boolean NOT NULL DEFAULT false,
      self_click boolean NOT NULL DEFAULT false,
      PRIMARY KEY (id, clicked_at)
    ) PARTITION BY RANGE (clicked_at);
    CREATE TABLE clicks_default PARTITION OF clicks DEFAULT;
    CREATE INDEX clicks_link_visitor_idx ON clicks (link_id, visitor_id, clicked_at);
    CREATE INDEX clicks_influencer_idx ON clicks (influencer_id, clicked_at);
    CREATE INDEX clicks_id_idx ON clicks (id);

    CREATE TABLE click_rollups_daily (
      day date NOT NULL,
      link_id bigint NOT NULL,
      influencer_id bigint NOT NULL,
      product_id bigint NOT NULL,
      clicks_total bigint NOT NULL DEFAULT 0,
      clicks_counted bigint NOT NULL DEFAULT 0,
      PRIMARY KEY (day, link_id)
    );
    CREATE INDEX click_rollups_influencer_idx ON click_rollups_daily (influencer_id, day);
    CREATE INDEX click_rollups_product_idx ON click_rollups_daily (product_id, day);

    CREATE TABLE fx_rates (
      base char(3) NOT NULL,
      quote char(3) NOT NULL,
      -- quote units per base unit, scaled by 10^9: integers only, never floats.
      rate_e9 bigint NOT NULL CHECK (rate_e9 > 0),
      valid_from timestamptz NOT NULL DEFAULT now(),
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (base, quote, valid_from),
      CHECK (base <> quote)
    );

    CREATE TABLE conversions (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      vendor_id bigint NOT NULL REFERENCES vendors(id),
      order_id text NOT NULL,
      click_id uuid,
      link_id bigint REFERENCES links(id),
      influencer_id bigint REFERENCES influencers(id),
      product_id bigint REFERENCES products(id),
      amount bigint NOT NULL CHECK (amount >= 0),
      refunded_amount bigint NOT NULL DEFAULT 0 CHECK (refunded_amount >= 0),
      currency char(3) NOT NULL,
      status text NOT NULL CHECK (status IN ('attributed', 'unattributed', 'refunded', 'partially_refunded')),
      attribution_reason text,
      items jsonb,
      occurred_at timestamptz NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now(),
      request_hash text NOT NULL,
      response jsonb NOT NULL,
      self_purchase boolean NOT NULL DEFAULT false,
      -- The attributed influencer's payout currency when the order arrived, and the rate that
      -- converted the commission into it (quote units per base unit, x 10^9); null if unattributed.
      payout_currency char(3),
      fx_rate_e9 bigint CHECK (fx_rate_e9 > 0),
      fx_rate_valid_from timestamptz,
      UNIQUE (vendor_id, order_id),
      CHECK (refunded_amount <= amount)
    );
    CREATE INDEX conversions_influencer_idx ON conversions (influencer_id, received_at);

    -- refund_key is the vendor's own refund id: a retry under the same key gets the stored
    -- response back (request_hash tells a retry from a different refund reusing the key).
    CREATE TABLE refunds (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      conversion_id bigint NOT NULL REFERENCES conversions(id),
      amount bigint NOT NULL CHECK (amount > 0),
      reason text,
      refund_key text,
      request_hash text,
      response jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (conversion_id, refund_key)
    );

    CREATE TABLE payouts (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      influencer_id bigint NOT NULL REFERENCES influencers(id),
      currency char(3) NOT NULL,
      amount bigint NOT NULL CHECK (amount > 0),
      status text NOT NULL CHECK (status IN ('pending', 'approved', 'paid', 'failed')),
      run_key text NOT NULL,
      reference text,
      created_at timestamptz NOT NULL DEFAULT now(),
      decided_at timestamptz,
      approved_at timestamptz,
      paid_at timestamptz,
      failed_at timestamptz,
      failure_reason text,
      UNIQUE (run_key, influencer_id, currency),
      CHECK (status <> 'paid' OR reference IS NOT NULL)
    );
    CREATE INDEX payouts_influencer_idx ON payouts (influencer_id, currency);
    CREATE INDEX payouts_run_idx ON payouts (run_key, status);

    CREATE TABLE commissions (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      conversion_id bigint NOT NULL REFERENCES conversions(id),
      influencer_id bigint NOT NULL REFERENCES influencers(id),
      brand_id bigint NOT NULL REFERENCES brands(id),
      kind text NOT NULL DEFAULT 'sale' CHECK (kind IN ('sale', 'override')),
      source_commission_id bigint REFERENCES commissions(id),
      base_amount bigint NOT NULL CHECK (base_amount >= 0),
      amount bigint NOT NULL CHECK (amount >= 0),
      reversed_amount bigint NOT NULL DEFAULT 0 CHECK (reversed_amount >= 0),
      currency char(3) NOT NULL,
      rate_bps integer NOT NULL,
      base_rate_bps integer NOT NULL,
      tier_id bigint REFERENCES tiers(id),
      tier_multiplier_bps integer NOT NULL DEFAULT 10000,
      -- The influencer's side in their payout currency: amount converted at fx_rate_e9. The
      -- vendor owes amount/currency; the influencer is owed payout_amount/payout_currency.
      payout_currency char(3) NOT NULL,
      payout_amount bigint NOT NULL CHECK (payout_amount >= 0),
      reversed_payout_amount bigint NOT NULL DEFAULT 0 CHECK (reversed_payout_amount >= 0),
      fx_rate_e9 bigint NOT NULL DEFAULT 1000000000 CHECK (fx_rate_e9 > 0),
      status text NOT NULL CHECK (status IN ('pending', 'approved', 'in_payout', 'paid', 'reversed')),
      payout_id bigint REFERENCES payouts(id),
      approves_at timestamptz NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      approved_at timestamptz,
      reversed_at timestamptz,
      UNIQUE (conversion_id, kind, influencer_id),
      CHECK (reversed_amount <= amount),
      CHECK (reversed_payout_amount <= payout_amount)
    );
    CREATE INDEX commissions_influencer_idx ON commissions (influencer_id, status);
    -- Settlement approves influencer by influencer: the pending commissions of an id range whose lock has ended.
    CREATE INDEX commissions_pending_idx ON commissions (influencer_id, approves_at) WHERE status = 'pending';
    CREATE INDEX commissions_payout_idx ON commissions (payout_id) WHERE payout_id IS NOT NULL;
    CREATE INDEX commissions_source_idx ON commissions (source_commission_id) WHERE source_commission_id IS NOT NULL;

    -- A commission earned and owed in one currency needs no conversion: its payout side
    -- defaults to its own amount and currency.
    CREATE FUNCTION commissions_payout_defaults() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      NEW.payout_currency := coalesce(NEW.payout_currency, NEW.currency);
      NEW.payout_amount := coalesce(NEW.payout_amount, NEW.amount);
      RETURN NEW;
    END $$;
    CREATE TRIGGER commissions_payout_defaults BEFORE INSERT ON commissions
      FOR EACH ROW EXECUTE FUNCTION commissions_payout_defaults();

    -- Double entry: every transaction's entries sum to zero per currency.
    CREATE TABLE ledger_entries (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      transaction_id uuid NOT NULL,
      account text NOT NULL,
      influencer_id bigint REFERENCES influencers(id),
      vendor_id bigint REFERENCES vendors(id),
      amount bigint NOT NULL,
      currency char(3) NOT NULL,
      kind text NOT NULL,
      commission_id bigint REFERENCES commissions(id),
      payout_id bigint REFERENCES payouts(id),
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX ledger_transaction_idx ON ledger_entries (transaction_id);
    CREATE INDEX ledger_account_idx ON ledger_entries (account, influencer_id, currency);
    CREATE INDEX ledger_commission_idx ON ledger_entries (commission_id) WHERE commission_id IS NOT NULL;
    CREATE INDEX ledger_payout_idx ON ledger_entries (payout_id) WHERE payout_id IS NOT NULL;
    CREATE INDEX ledger_influencer_idx ON ledger_entries (influencer_id, id) WHERE influencer_id IS NOT NULL;

    CREATE TABLE admins (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      email text NOT NULL UNIQUE,
      password_hash text NOT NULL,
      role text NOT NULL CHECK (role IN ('admin', 'manager', 'support', 'vendor')),
      vendor_id bigint REFERENCES vendors(id),
      created_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE api_tokens (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      admin_id bigint NOT NULL REFERENCES admins(id),
      token_hash text NOT NULL UNIQUE,
      label text,
      created_at timestamptz NOT NULL DEFAULT now(),
      last_used_at timestamptz,
      revoked_at timestamptz
    );

    CREATE TABLE audit_log (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      actor text NOT NULL,
      action text NOT NULL,
      entity text NOT NULL,
      entity_id text,
      details jsonb,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX audit_log_entity_idx ON audit_log (entity, entity_id);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    DROP TABLE audit_log, api_tokens, admins, ledger_entries, commissions, payouts, refunds,
      conversions, fx_rates, click_rollups_daily, clicks, links, brand_memberships,
      influencer_identities, influencers, tiers, products, brands, vendors CASCADE;
    DROP FUNCTION IF EXISTS commissions_payout_defaults();
  `.execute(db);
}

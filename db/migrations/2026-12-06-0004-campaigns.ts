import { sql, type Kysely } from 'kysely';

// Vendor campaigns (issue 13, item 6). A campaign asks influencers to promote a brand (or some of
// its products) between two dates for a bonus on top of the normal commission: an extra rate in
// basis points, or a fixed fee per sale in the campaign's currency. Its spend cap is enforced by
// `spent`: a bonus is reserved under the row's lock in the conversion's transaction, so that the
// sum of reserved bonuses never exceeds the cap (the CHECK is the last line of defence), and a
// refund gives back its share. `status` is the one union of core/campaigns/campaign.ts;
// `end_reason` says why an ended campaign ended ('spent' when the cap was reached).
//
// A member's promo code is the campaign's code plus a personal suffix, issued on join: the vendor
// hands it to shoppers and an order that names it credits that influencer even without a click.
// Codes are compared in upper case; a campaign code is unique among live (not ended) campaigns.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE campaigns (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      vendor_id bigint NOT NULL REFERENCES vendors(id),
      brand_id bigint NOT NULL REFERENCES brands(id),
      title text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
      -- Null: every product of the brand; else only these products (of the brand).
      product_ids bigint[],
      starts_at timestamptz NOT NULL,
      ends_at timestamptz NOT NULL,
      bonus_rate_bps integer CHECK (bonus_rate_bps BETWEEN 1 AND 10000),
      bonus_fee bigint CHECK (bonus_fee > 0),
      currency char(3) NOT NULL,
      promo_code text CHECK (promo_code ~ '^[A-Z0-9]{3,20}$'),
      spend_cap bigint NOT NULL CHECK (spend_cap > 0),
      spent bigint NOT NULL DEFAULT 0 CHECK (spent >= 0),
      status text NOT NULL CHECK (status IN ('draft', 'open', 'paused', 'ended')),
      end_reason text,
      created_by text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK (ends_at > starts_at),
      CHECK ((bonus_rate_bps IS NULL) <> (bonus_fee IS NULL)),
      CHECK (spent <= spend_cap)
    );
    CREATE UNIQUE INDEX campaigns_live_promo_code_idx ON campaigns (promo_code) WHERE promo_code IS NOT NULL AND status <> 'ended';
    CREATE INDEX campaigns_vendor_idx ON campaigns (vendor_id, id);
    CREATE INDEX campaigns_brand_open_idx ON campaigns (brand_id) WHERE status = 'open';

    CREATE TABLE campaign_members (
      campaign_id bigint NOT NULL REFERENCES campaigns(id),
      influencer_id bigint NOT NULL REFERENCES influencers(id),
      promo_code text UNIQUE CHECK (promo_code ~ '^[A-Z0-9-]{3,40}$'),
      joined_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (campaign_id, influencer_id)
    );
    CREATE INDEX campaign_members_influencer_idx ON campaign_members (influencer_id);

    -- How an order was credited: by the click the vendor named, or by a member's promo code.
    ALTER TABLE conversions
      ADD COLUMN attributed_by text CHECK (attributed_by IN ('click', 'promo_code')),
      ADD COLUMN promo_code text;

    -- The bonus a commission carries (inside its amount), with what decided it.
    ALTER TABLE commissions
      ADD COLUMN campaign_id bigint REFERENCES campaigns(id),
      ADD COLUMN bonus_amount bigint NOT NULL DEFAULT 0 CHECK (bonus_amount >= 0),
      ADD COLUMN bonus_rate_bps integer,
      ADD COLUMN bonus_fee bigint,
      ADD CONSTRAINT commissions_bonus_within_amount CHECK (bonus_amount <= amount);
    CREATE INDEX commissions_campaign_idx ON commissions (campaign_id) WHERE campaign_id IS NOT NULL;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE commissions DROP CONSTRAINT commissions_bonus_within_amount,
      DROP COLUMN bonus_fee, DROP COLUMN bonus_rate_bps, DROP COLUMN bonus_amount, DROP COLUMN campaign_id;
    ALTER TABLE conversions DROP COLUMN promo_code, DROP COLUMN attributed_by;
    DROP TABLE campaign_members;
    DROP TABLE campaigns;
  `.execute(db);
}

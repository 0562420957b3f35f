import { sql, type Kysely } from 'kysely';

// Product search on a catalog of a million products (bench/search.bench.ts):
// - Trigram indexes (pg_trgm, GIN) on title and sku serve the admin list's substring search
//   (ILIKE '%x%') and the bot's word search (a regular expression anchored at a word's start)
//   instead of a scan of every row. Categories are few: their index on lower(category) gives the
//   distinct ones (a loose scan) for the words to be matched against, then their products; it
//   also serves /deals CATEGORY.
// - A frequent word ("black", "usb") matches tens of thousands of products: ranking them all on
//   each search costs as much as a scan. The bot lists the best deals first, so the order it
//   lists in must be an index the search can walk, stopping after one page: the rate the
//   influencer earns (the product's own, else its brand's), kept on the product by the triggers
//   below because it depends on the brand's row. A brand's new rate rewrites its products that
//   have no rate of their own, in the same transaction.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm`.execute(db);
  await sql`
    ALTER TABLE products ADD COLUMN deal_rate_bps integer;
    UPDATE products p SET deal_rate_bps = coalesce(p.commission_rate_bps, b.commission_rate_bps) FROM brands b WHERE b.id = p.brand_id;
    ALTER TABLE products ALTER COLUMN deal_rate_bps SET NOT NULL;

    CREATE FUNCTION products_set_deal_rate() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      NEW.deal_rate_bps := coalesce(NEW.commission_rate_bps, (SELECT b.commission_rate_bps FROM brands b WHERE b.id = NEW.brand_id));
      RETURN NEW;
    END
    $$;
    CREATE TRIGGER products_deal_rate BEFORE INSERT OR UPDATE OF brand_id, commission_rate_bps, deal_rate_bps ON products
      FOR EACH ROW EXECUTE FUNCTION products_set_deal_rate();

    CREATE FUNCTION brands_spread_deal_rate() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE products SET deal_rate_bps = NEW.commission_rate_bps
      WHERE brand_id = NEW.id AND commission_rate_bps IS NULL AND deal_rate_bps <> NEW.commission_rate_bps;
      RETURN NULL;
    END
    $$;
    CREATE TRIGGER brands_deal_rate AFTER UPDATE OF commission_rate_bps ON brands
      FOR EACH ROW WHEN (OLD.commission_rate_bps IS DISTINCT FROM NEW.commission_rate_bps) EXECUTE FUNCTION brands_spread_deal_rate();

    -- Covering what a search tests, so that walking it reads no product row until one matches.
    CREATE INDEX products_deal_order_idx ON products (deal_rate_bps DESC, id DESC) INCLUDE (brand_id, title, category) WHERE active;
    CREATE INDEX products_title_trgm_idx ON products USING gin (title gin_trgm_ops);
    CREATE INDEX products_sku_trgm_idx ON products USING gin (sku gin_trgm_ops);
    CREATE INDEX products_category_idx ON products (lower(category));
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    DROP INDEX products_category_idx;
    DROP INDEX products_sku_trgm_idx;
    DROP INDEX products_title_trgm_idx;
    DROP INDEX products_deal_order_idx;
    DROP TRIGGER brands_deal_rate ON brands;
    DROP FUNCTION brands_spread_deal_rate();
    DROP TRIGGER products_deal_rate ON products;
    DROP FUNCTION products_set_deal_rate();
    ALTER TABLE products DROP COLUMN deal_rate_bps;
  `.execute(db);
}

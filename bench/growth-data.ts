import { sql, type Kysely } from 'kysely';
import { ensureClickPartitions } from '../db/clicks.repository.ts';
import type { Database } from '../db/schema.ts';
import { loadWithoutIndexes } from './support/bulk-load.ts';

// The rows bench/growth.bench.ts grows: per step, influencers, links, clicks (with their daily
// rollups), and attributed orders with their commissions (approved long ago) and accrual
// postings, one of each per new row, on a fixed catalog. Every row is laid down by one
// INSERT … SELECT per table over generate_series, with the tables' indexes, foreign keys and
// triggers rebuilt once afterwards (bench/support/bulk-load.ts). The g-th influencer and link
// get the id GROWN_IDS + g (set explicitly, far above what the identity columns hand out to the
// rows the bot makes meanwhile), so they are found by arithmetic, not by a join.

/** Ids of grown influencers and links start above this. */
const GROWN_IDS = 1_000_000_000;

export const PRODUCTS = 10_000;
/** Clicks lie within the last 60 days: the monthly partitions of those months hold them. */
const CLICK_SPREAD_S = 60 * 24 * 3600;
const GROWN_TABLES = ['influencers', 'links', 'clicks', 'click_rollups_daily', 'conversions', 'commissions', 'ledger_entries'] as const;

export interface GrowthWorld {
  vendorId: string;
  brandId: string;
  /** Rows of each grown table. */
  rows: number;
  /** The ids of the g-th row (g from 1) are these plus g; the g-th product is firstProduct + (g·7919 mod PRODUCTS). */
  firstProduct: number;
  influencerBase: number;
  linkBase: number;
}

export const productOf = (world: GrowthWorld, g: number): string => String(world.firstProduct + ((g * 7919) % PRODUCTS));
export const influencerOf = (world: GrowthWorld, g: number): string => String(world.influencerBase + g);
/** The short code of the g-th link: 10 characters, within the redirect's code pattern. */
export const codeOf = (g: number): string => `gr${String(g).padStart(8, '0')}`;

/** `codeOf` in SQL. */
const codeSql = (g: ReturnType<typeof sql>) => sql`'gr' || lpad(${g}::text, 8, '0')`;

/** A UUIDv7 for a click at `at` (its time in the first 48 bits, as core/clicks/click-id.ts mints them), random otherwise. */
export const clickIdSql = (at: ReturnType<typeof sql>, seed: ReturnType<typeof sql>) =>
  sql`(lpad(to_hex((extract(epoch FROM ${at}) * 1000)::bigint), 12, '0') || '7' || substr(md5(${seed}::text), 1, 3) || '8' || substr(md5(${seed}::text), 4, 15))::uuid`;

/** The catalog (one vendor, one brand, PRODUCTS products) and the partitions of the last months. */
export async function layDownGrowthCatalog(db: Kysely<Database>, now: Date): Promise<GrowthWorld> {
  const vendor = await db.insertInto('vendors').values({ name: 'Growth vendor', key_id: 'vk_growth', secret_encrypted: 'x' }).returning('id').executeTakeFirstOrThrow();
  const brand = await db.insertInto('brands').values({ vendor_id: vendor.id, name: 'Growth', slug: 'growth', commission_rate_bps: 1000 }).returning('id').executeTakeFirstOrThrow();
  await sql`
    INSERT INTO products (vendor_id, brand_id, sku, title, url, image_url, price, list_price, currency, category)
    SELECT ${vendor.id}, ${brand.id}, 'G-' || g, 'Growth product ' || g, 'https://shop.example/g/' || g, 'https://shop.example/img/' || g || '.jpg',
      1000 + g, 2000 + g, 'EUR', 'growth'
    FROM generate_series(1, ${PRODUCTS}) g
  `.execute(db);
  for (const monthsBack of [0, 2]) await ensureClickPartitions(db, new Date(now.getTime() - monthsBack * 30 * 24 * 3600 * 1000));
  const firstProduct = Number((await sql<{ id: string }>`SELECT min(id)::text AS id FROM products`.execute(db)).rows[0]!.id);
  return { vendorId: vendor.id, brandId: brand.id, rows: 0, firstProduct, influencerBase: GROWN_IDS, linkBase: GROWN_IDS };
}

/** Grows every table to `rows` rows of the growth world (from `world.rows`), then analyses them. */
export async function growTo(db: Kysely<Database>, world: GrowthWorld, rows: number, now: Date): Promise<GrowthWorld> {
  const from = world.rows + 1;
  const { firstProduct, influencerBase: base, linkBase } = world;
  await loadWithoutIndexes(db, GROWN_TABLES, async () => {
    const g = sql`g`;
    await sql`
      INSERT INTO influencers (id, display_name, recruit_code, payout_currency, created_at) OVERRIDING SYSTEM VALUE
      SELECT ${base} + g, 'Grower ' || g, 'grow' || g, 'EUR', ${now}::timestamptz - interval '400 days' FROM generate_series(${from}::bigint, ${rows}::bigint) g
    `.execute(db);
    await sql`
      INSERT INTO links (id, code, influencer_id, product_id, channel, group_label) OVERRIDING SYSTEM VALUE
      SELECT ${linkBase} + g, ${codeSql(g)}, ${base} + g, ${firstProduct} + (g * 7919) % ${PRODUCTS}, 'telegram', 'group ' || (g % 7)
      FROM generate_series(${from}::bigint, ${rows}::bigint) g
    `.execute(db);
    const at = sql`(${now}::timestamptz - ((g * 7919) % ${CLICK_SPREAD_S}) * interval '1 second')`;
    await sql`
      INSERT INTO clicks (id, link_id, influencer_id, product_id, clicked_at, visitor_id, counted)
      SELECT ${clickIdSql(at, g)}, ${linkBase} + g, ${base} + g, ${firstProduct} + (g * 7919) % ${PRODUCTS}, ${at}, 'v' || g, true
      FROM generate_series(${from}::bigint, ${rows}::bigint) g
    `.execute(db);
    // One click per new link: each makes a rollup row of its own.
    await sql`
      INSERT INTO click_rollups_daily (day, link_id, influencer_id, product_id, clicks_total, clicks_counted)
      SELECT (${at} AT TIME ZONE 'UTC')::date, ${linkBase} + g, ${base} + g, ${firstProduct} + (g * 7919) % ${PRODUCTS}, 1, 1
      FROM generate_series(${from}::bigint, ${rows}::bigint) g
    `.execute(db);
    await sql`
      INSERT INTO conversions (vendor_id, order_id, click_id, link_id, influencer_id, product_id, amount, currency, status, occurred_at, received_at,
        request_hash, response, payout_currency, fx_rate_e9)
      SELECT ${world.vendorId}, 'G-' || g, ${clickIdSql(at, g)}, ${linkBase} + g, ${base} + g, ${firstProduct} + (g * 7919) % ${PRODUCTS},
        1000 + (g * 7919) % 99000, 'EUR', 'attributed', ${at} + interval '1 hour', ${at} + interval '1 hour', 'growth', '{}', 'EUR', 1000000000
      FROM generate_series(${from}::bigint, ${rows}::bigint) g
    `.execute(db);
    await sql`
      INSERT INTO commissions (conversion_id, influencer_id, brand_id, base_amount, amount, currency, rate_bps, base_rate_bps,
        payout_currency, payout_amount, status, approves_at, approved_at, created_at)
      SELECT c.id, c.influencer_id, ${world.brandId}, c.amount / 10, c.amount / 10, 'EUR', 1000, 1000, 'EUR', c.amount / 10, 'approved',
        c.received_at + interval '30 days', c.received_at + interval '30 days', c.received_at
      FROM conversions c WHERE c.order_id LIKE 'G-%' AND c.id > coalesce((SELECT max(conversion_id) FROM commissions), 0)
    `.execute(db);
    await sql`
      INSERT INTO ledger_entries (transaction_id, account, vendor_id, influencer_id, amount, currency, kind, commission_id, created_at)
      SELECT c.tx, l.account, CASE WHEN l.sign = 1 THEN ${world.vendorId}::bigint END, CASE WHEN l.sign = -1 THEN c.influencer_id END,
        l.sign * c.amount, 'EUR', 'commission_accrued', c.id, c.created_at
      FROM (SELECT id, influencer_id, amount, created_at, gen_random_uuid() AS tx FROM commissions
            WHERE id > coalesce((SELECT max(commission_id) FROM ledger_entries), 0)) c
      CROSS JOIN (VALUES ('vendor_receivable', 1), ('influencer_pending', -1)) AS l(account, sign)
    `.execute(db);
  });
  for (const table of GROWN_TABLES) await sql`VACUUM ANALYZE ${sql.table(table)}`.execute(db);
  return { ...world, rows };
}

/**
 * `count` pending commissions, their lock ended, with their orders and accrual postings, for
 * influencers spread over the whole world: what the hourly approval job finds matured.
 */
export async function layDownMatured(db: Kysely<Database>, world: GrowthWorld, count: number, now: Date, tag: string): Promise<void> {
  await sql`
    WITH orders AS (
      INSERT INTO conversions (vendor_id, order_id, link_id, influencer_id, product_id, amount, currency, status, occurred_at, received_at,
        request_hash, response, payout_currency, fx_rate_e9)
      SELECT ${world.vendorId}, ${tag} || '-' || k, ${world.linkBase} + n, ${world.influencerBase} + n, ${productOf(world, 1)},
        5000, 'EUR', 'attributed', ${now}::timestamptz - interval '31 days', ${now}::timestamptz - interval '31 days', 'growth', '{}', 'EUR', 1000000000
      FROM (SELECT k, 1 + (k * 104729) % ${world.rows} AS n FROM generate_series(1::bigint, ${count}::bigint) k) s
      RETURNING id, influencer_id
    ), pending AS (
      INSERT INTO commissions (conversion_id, influencer_id, brand_id, base_amount, amount, currency, rate_bps, base_rate_bps,
        payout_currency, payout_amount, status, approves_at, created_at)
      SELECT id, influencer_id, ${world.brandId}, 500, 500, 'EUR', 1000, 1000, 'EUR', 500, 'pending',
        ${now}::timestamptz - interval '1 day', ${now}::timestamptz - interval '31 days'
      FROM orders
      RETURNING id, influencer_id, amount, created_at
    )
    INSERT INTO ledger_entries (transaction_id, account, vendor_id, influencer_id, amount, currency, kind, commission_id, created_at)
    SELECT c.tx, l.account, CASE WHEN l.sign = 1 THEN ${world.vendorId}::bigint END, CASE WHEN l.sign = -1 THEN c.influencer_id END,
      l.sign * c.amount, 'EUR', 'commission_accrued', c.id, c.created_at
    FROM (SELECT *, gen_random_uuid() AS tx FROM pending) c
    CROSS JOIN (VALUES ('vendor_receivable', 1), ('influencer_pending', -1)) AS l(account, sign)
  `.execute(db);
  await sql`ANALYZE commissions`.execute(db);
}

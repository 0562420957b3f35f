import { performance } from 'node:perf_hooks';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { loadWithoutIndexes } from './support/bulk-load.ts';

// A catalog that searches like a real one: titles built from a product vocabulary in which a
// few words are everywhere ("wireless", "black") and most are rare, in the shape vendors write
// them ("Wireless Magnetic Earbuds With Case Black C41"), one in ten with a word in one of the
// platform's languages; a model code in every title; SKUs per vendor. Word choice is skewed
// (the first words of each list are the most frequent) and seeded, so every run searches the
// same catalog.

export const ADJECTIVES = [
  'wireless', 'portable', 'smart', 'mini', 'bluetooth', 'magnetic', 'fast', 'ultra', 'pro', 'waterproof', 'rechargeable', 'foldable',
  'adjustable', 'digital', 'led', 'usb', 'gaming', 'ergonomic', 'silicone', 'leather', 'stainless', 'aluminum', 'bamboo', 'cotton',
  'wooden', 'glass', 'transparent', 'retro', 'vintage', 'modern', 'classic', 'professional', 'outdoor', 'indoor', 'travel', 'kids',
  'women', 'men', 'unisex', 'summer', 'winter', 'sports', 'luxury', 'compact', 'heavy', 'soft', 'thick', 'slim', 'large', 'automatic',
  'electric', 'manual', 'solar', 'cordless', 'noise', 'cancelling', 'anti', 'slip', 'quick', 'dry',
];
export const NOUNS = [
  'earbuds', 'charger', 'cable', 'case', 'headphones', 'adapter', 'powerbank', 'speaker', 'watch', 'lamp', 'keyboard', 'mouse',
  'holder', 'stand', 'light', 'band', 'cover', 'mount', 'tripod', 'camera', 'monitor', 'drone', 'router', 'hub', 'dock', 'tablet',
  'phone', 'laptop', 'bag', 'backpack', 'wallet', 'bottle', 'mug', 'knife', 'pan', 'pot', 'blender', 'kettle', 'toaster', 'fan',
  'heater', 'humidifier', 'purifier', 'vacuum', 'mop', 'brush', 'shaver', 'trimmer', 'dryer', 'straightener', 'mirror', 'pillow',
  'blanket', 'towel', 'sheet', 'curtain', 'rug', 'chair', 'desk', 'shelf', 'organizer', 'basket', 'box', 'tent', 'flashlight',
  'scooter', 'bicycle', 'helmet', 'gloves', 'socks', 'shoes', 'sneakers', 'boots', 'jacket', 'hoodie', 'shirt', 'dress', 'skirt',
  'jeans', 'pants', 'shorts', 'hat', 'cap', 'scarf', 'sunglasses', 'ring', 'necklace', 'bracelet', 'earrings', 'toy', 'puzzle',
  'doll', 'figure', 'plush', 'notebook', 'pen', 'pencil', 'sticker', 'projector', 'microphone', 'webcam', 'controller', 'joystick',
  'thermometer', 'scale', 'massager', 'toothbrush', 'humidor', 'grinder', 'juicer', 'cooker', 'fryer', 'oven', 'grill', 'spatula',
  'whisk', 'tray', 'jar', 'lunchbox', 'thermos', 'umbrella', 'raincoat', 'belt', 'watchband', 'strap', 'charm', 'keychain', 'lanyard',
  'carpet', 'doormat', 'hanger', 'hook', 'rack', 'drawer', 'cabinet', 'stool', 'cushion', 'mattress', 'quilt', 'duvet', 'lantern',
  'candle', 'vase', 'frame', 'clock', 'alarm', 'sensor', 'doorbell', 'plug', 'socket', 'switch', 'bulb', 'strip',
];
export const FEATURES = ['with case', 'for iphone', 'for samsung', 'for car', 'for home', 'for kitchen', 'with remote', 'with stand', 'tv', '4k', 'hd', 'pc', '5g', '3d', 'type c', 'set'];
export const COLORS = ['black', 'white', 'blue', 'red', 'pink', 'grey', 'green', 'silver', 'gold', 'purple', 'yellow', 'orange', 'beige', 'navy', 'brown', 'khaki'];
/** Words of the platform's markets (Russian, French, Spanish, Polish) that some vendors add. */
export const LOCAL_WORDS = ['лампа', 'наушники', 'зарядка', 'чехол', 'lampe', 'écouteurs', 'chargeur', 'coque', 'lámpara', 'auriculares', 'cargador', 'funda', 'lampa', 'słuchawki', 'ładowarka', 'etui'];
export const BRAND_NAMES = [
  'Lumio', 'Nordic', 'Xiaomo', 'Ankor', 'Baseo', 'Ugreem', 'Lenova', 'Haylo', 'Soundcor', 'Tronsmar', 'Blitzwolf', 'Aukei', 'Orico',
  'Remix', 'Hocco', 'Joyroom', 'Ventio', 'Essagor', 'Kuula', 'Mijio',
];
export const CATEGORIES = ['electronics', 'phones', 'computers', 'audio', 'home', 'kitchen', 'fashion', 'shoes', 'beauty', 'sports', 'toys', 'office', 'auto', 'garden', 'tools', 'pets', 'lighting', 'travel', 'baby', 'health'];

/** Vendors × brands the catalog is spread over. */
const VENDORS = 50;
const BRANDS_PER_VENDOR = 20;

/**
 * `count` products (and their vendors and brands) laid down set-based: one INSERT … SELECT over
 * generate_series, with the products' indexes and triggers out of the way and rebuilt after
 * (bench/support/bulk-load.ts), then analysed. The trigger-kept deal rate is written as the
 * trigger would (the product's own rate, else its brand's). Answers how long each step took.
 */
export async function layDownCatalog(db: Kysely<Database>, count: number): Promise<string> {
  const started = performance.now();
  let inserted = 0;
  await sql`
    INSERT INTO vendors (name, key_id, secret_encrypted)
    SELECT 'Search vendor ' || v, 'vk_search_' || v, 'x' FROM generate_series(1, ${VENDORS}) v
  `.execute(db);
  await sql`
    INSERT INTO brands (vendor_id, name, slug, commission_rate_bps)
    SELECT vd.id, (${BRAND_NAMES}::text[])[1 + (k % ${BRAND_NAMES.length})] || CASE WHEN k >= ${BRAND_NAMES.length} THEN ' ' || k ELSE '' END,
      'search-brand-' || k, 300 + (k * 37) % 1500
    FROM (SELECT id, (row_number() OVER (ORDER BY id) - 1)::int AS n FROM vendors) vd
    CROSS JOIN generate_series(0, ${BRANDS_PER_VENDOR - 1}) b
    CROSS JOIN LATERAL (SELECT vd.n * ${BRANDS_PER_VENDOR} + b AS k) kk
  `.execute(db);
  // One transaction: the seed holds for the session that draws.
  await loadWithoutIndexes(db, ['products'], () => db.transaction().execute(async (trx) => {
    await sql`SELECT setseed(0.42)`.execute(trx);
    // Words are looked up by position in constant arrays (brands' in arrays built once, an
    // InitPlan): no join, whose row estimates the planner gets wrong for generated rows.
    await sql`
      WITH drawn AS (
        -- power(random(), k) skews each choice towards the first words of its list.
        SELECT g, 1 + floor(${BRANDS_PER_VENDOR * VENDORS} * random())::int AS b,
          1 + floor(${ADJECTIVES.length} * power(random(), 2))::int AS a1, 1 + floor(${ADJECTIVES.length} * power(random(), 1.5))::int AS a2,
          1 + floor(${NOUNS.length} * power(random(), 1.5))::int AS n1, 1 + floor(${COLORS.length} * power(random(), 1.5))::int AS c1,
          1 + floor(${FEATURES.length} * random())::int AS f1, 1 + floor(${LOCAL_WORDS.length} * random())::int AS l1,
          random() AS r1, random() AS r2, random() AS r3, random() AS r4
        FROM generate_series(1::bigint, ${count}) g
      )
      INSERT INTO products (vendor_id, brand_id, sku, title, url, image_url, category, price, list_price, currency, commission_rate_bps, deal_rate_bps)
      SELECT (SELECT array_agg(vendor_id ORDER BY id) FROM brands)[b], (SELECT array_agg(id ORDER BY id) FROM brands)[b],
        'SKU-' || upper(to_hex((g * 2654435761) % 4294967296)) || '-' || g,
        initcap((${ADJECTIVES}::text[])[a1]) || CASE WHEN r1 < 0.6 THEN ' ' || initcap((${ADJECTIVES}::text[])[a2]) ELSE '' END
          || ' ' || initcap((${NOUNS}::text[])[n1])
          || CASE WHEN r2 < 0.3 THEN ' ' || initcap((${FEATURES}::text[])[f1]) ELSE '' END || ' ' || initcap((${COLORS}::text[])[c1])
          || CASE WHEN r3 < 0.1 THEN ' ' || (${LOCAL_WORDS}::text[])[l1] ELSE '' END || ' ' || upper(substr(md5(g::text), 1, 2)) || (g % 997),
        'https://shop.example/p/' || g, 'https://img.example/p/' || g || '.jpg', (${CATEGORIES}::text[])[1 + (g % ${CATEGORIES.length})::int],
        500 + (g * 7919) % 50000, CASE WHEN r4 < 0.5 THEN 1000 + (g * 7919) % 60000 END, 'EUR',
        CASE WHEN r4 < 0.25 THEN 200 + (g * 53) % 2000 END,
        CASE WHEN r4 < 0.25 THEN 200 + (g * 53) % 2000 ELSE (SELECT array_agg(commission_rate_bps ORDER BY id) FROM brands)[b] END
      FROM drawn
    `.execute(trx);
    inserted = performance.now();
  }));
  const indexed = performance.now();
  await sql`VACUUM ANALYZE products`.execute(db);
  await sql`ANALYZE brands`.execute(db);
  const seconds = (from: number, to: number) => `${((to - from) / 1000).toFixed(1)} s`;
  return `rows ${seconds(started, inserted)}, indexes ${seconds(inserted, indexed)}, vacuum and analyse ${seconds(indexed, performance.now())}`;
}

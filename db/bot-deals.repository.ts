import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { BrandSummary, Deal, DealBrand, DealQuery, DealStore, MembershipStatus } from '../core/influencers/influencer-deals.service.ts';
import { wordStartPattern } from './like-patterns.ts';
import { preparedQuery } from './prepared-statements.ts';
import type { Database } from './schema.ts';
import { estimatedProducts, walkLength, walkThenIndex } from './search-walk.ts';

type Db = Kysely<Database>;

interface DealRow {
  id: string; title: string; url: string; image_url: string | null; category: string | null;
  price: string; list_price: string | null; currency: string; commission_rate_bps: number | null; active: boolean;
  brand_id: string; brand_name: string; brand_slug: string; auto_approve: boolean; erid: string | null;
  brand_rate_bps: number; membership: MembershipStatus | null;
}

function toDeal(row: DealRow): Deal {
  return {
    id: row.id, title: row.title, url: row.url, imageUrl: row.image_url, category: row.category,
    price: Number(row.price), listPrice: row.list_price === null ? null : Number(row.list_price), currency: row.currency.trim(),
    productRateBps: row.commission_rate_bps, brandRateBps: row.brand_rate_bps, active: row.active,
    brand: { id: row.brand_id, name: row.brand_name, slug: row.brand_slug, autoApprove: row.auto_approve, erid: row.erid, membership: row.membership },
  };
}

/**
 * The first `rows` active products of the best-deal order, with what a search tests: read from
 * the order's covering index alone (an index-only scan), so that a walk touches a product's row
 * only once it matches.
 */
function bestDealStretch(db: Db, rows: number) {
  return db.selectFrom('products').select(['id', 'brand_id', 'title', 'category', 'deal_rate_bps'])
    .where('active', '=', true).orderBy('deal_rate_bps', 'desc').orderBy('id', 'desc').limit(rows)
    .as('s');
}

/** Products with their brand and this influencer's membership of it. */
function dealsQuery(db: Db, influencerId: string) {
  return db.selectFrom('products as p')
    .innerJoin('brands as b', 'b.id', 'p.brand_id')
    .leftJoin('brand_memberships as m', (join) => join.onRef('m.brand_id', '=', 'b.id').on('m.influencer_id', '=', influencerId))
    .select([
      'p.id', 'p.title', 'p.url', 'p.image_url', 'p.category', 'p.price', 'p.list_price', 'p.currency', 'p.commission_rate_bps', 'p.active',
      'b.id as brand_id', 'b.name as brand_name', 'b.slug as brand_slug', 'b.auto_approve', 'b.erid', 'b.commission_rate_bps as brand_rate_bps',
      'm.status as membership',
    ]);
}

type Condition = RawBuilder<boolean>;
const all = (conditions: Condition[]): Condition => sql<boolean>`(${sql.join(conditions, sql` AND `)})`;
const some = (conditions: Condition[]): Condition => sql<boolean>`(${sql.join(conditions, sql` OR `)})`;

/** A search word and what it names besides titles: brands (by name or slug) and categories. */
interface SearchWord {
  pattern: string;
  brandIds: string[];
  categories: string[];
}

/**
 * The brands and categories each word names, and the catalog's size, in one round trip. The
 * categories are the distinct ones, read by a loose scan of their index (one probe each): a
 * catalog has tens or hundreds of them, not millions.
 */
async function readSearchWords(db: Db, words: string[]): Promise<{ products: number; words: SearchWord[] }> {
  const patterns = words.map(wordStartPattern);
  const { rows } = await sql<{ pattern: string; brand_ids: string[]; categories: string[]; products: number }>`
    WITH RECURSIVE categories AS (
      (SELECT lower(category) AS name FROM products WHERE lower(category) IS NOT NULL ORDER BY lower(category) LIMIT 1)
      UNION ALL
      SELECT (SELECT lower(p.category) FROM products p WHERE lower(p.category) > c.name ORDER BY lower(p.category) LIMIT 1)
      FROM categories c WHERE c.name IS NOT NULL
    )
    SELECT w.pattern,
      ARRAY(SELECT b.id::text FROM brands b WHERE b.name ~* w.pattern OR b.slug ~* w.pattern ORDER BY b.id) AS brand_ids,
      ARRAY(SELECT c.name FROM categories c WHERE c.name ~* w.pattern) AS categories,
      (SELECT greatest(reltuples, 0)::float8 FROM pg_class WHERE oid = 'products'::regclass) AS products
    FROM unnest(${patterns}::text[]) WITH ORDINALITY AS w(pattern, n)
    ORDER BY w.n
  `.execute(db);
  return {
    products: rows[0]?.products ?? 0,
    words: rows.map((r) => ({ pattern: r.pattern, brandIds: r.brand_ids, categories: r.categories })),
  };
}

/**
 * The relevance tiers of a search, best first: every word in the title; every word somewhere
 * (title, brand or category); some of the words. A product is in one tier only. Each is a
 * condition the indexes can serve (trigram on titles, and the brands' and categories' own by
 * the ids and names the words name), so a rare word is found without reading the catalog. A
 * word that names no brand or category is found in titles only: when no word does, "every word
 * somewhere" is "every word in the title", and that tier is left out.
 */
function relevanceTiers(words: SearchWord[], alias: 'p' | 's'): Condition[] {
  if (words.length === 0) return [sql<boolean>`true`];
  const column = (name: string) => sql.ref(`${alias}.${name}`);
  const inTitle = words.map((w) => sql<boolean>`${column('title')} ~* ${w.pattern}`);
  const anywhere = words.map((w) => some([
    sql<boolean>`${column('title')} ~* ${w.pattern}`,
    ...(w.brandIds.length > 0 ? [sql<boolean>`${column('brand_id')} = ANY(${w.brandIds}::bigint[])`] : []),
    ...(w.categories.length > 0 ? [sql<boolean>`lower(${column('category')}) = ANY(${w.categories}::text[])`] : []),
  ]));
  const namesMore = words.some((w) => w.brandIds.length > 0 || w.categories.length > 0);
  // IS NOT TRUE: a product without a category makes its test NULL, and NOT NULL would drop the row.
  const tiers = [all(inTitle)];
  if (namesMore) tiers.push(sql<boolean>`${all(anywhere)} AND ${all(inTitle)} IS NOT TRUE`);
  if (words.length > 1) tiers.push(sql<boolean>`${some(anywhere)} AND ${all(anywhere)} IS NOT TRUE`);
  return tiers;
}

/**
 * Active products in relevance tiers (every search word in the title first, then every word
 * somewhere, then some of them), each tier by the commission rate the influencer would earn
 * (the product's, else the brand's), then newest first. Brands that refused the influencer are
 * left out. Each tier is read the way db/search-walk.ts describes, and only as far as the page
 * needs, so a search on a million products reads a few thousand rows at most.
 */
export async function searchDeals(db: Db, q: DealQuery): Promise<Deal[]> {
  const wanted = q.offset + q.limit;
  const { products, words } = q.words.length > 0 ? await readSearchWords(db, q.words) : { products: await estimatedProducts(db), words: [] };
  const tiers = { p: relevanceTiers(words, 'p'), s: relevanceTiers(words, 's') };
  const found: Deal[] = [];
  for (let t = 0; t < tiers.p.length; t++) {
    const need = wanted - found.length;
    // Walking, the tests run on the stretch `s` (index-only); through the indexes, on the products `p`.
    const read = (on: Db, walkRows: number | null) => {
      const alias = walkRows === null ? 'p' : 's';
      const column = (name: string) => sql.ref(`${alias}.${name}`);
      const deals = dealsQuery(on, q.influencerId);
      // The stretch joins by primary key and adds no column to the deals: the same rows, typed as before.
      const source = walkRows === null ? deals : deals.innerJoin(bestDealStretch(on, walkRows), 's.id', 'p.id') as unknown as typeof deals;
      return source
        .where('p.active', '=', true)
        .where((eb) => eb.or([eb('m.status', 'is', null), eb('m.status', '!=', 'rejected')]))
        .where(tiers[alias][t]!)
        .$if(Boolean(q.brandId), (query) => query.where(sql<boolean>`${column('brand_id')} = ${q.brandId!}`))
        .$if(Boolean(q.category), (query) => query.where(sql<boolean>`lower(${column('category')}) = lower(${q.category!})`))
        .orderBy(column('deal_rate_bps'), 'desc')
        .orderBy(column('id'), 'desc')
        .limit(need)
        .execute();
    };
    const rows = await walkThenIndex(db, walkLength(products, need), read, (walked) => walked.length >= need);
    found.push(...rows.map(toDeal));
    if (found.length >= wanted) break;
  }
  return found.slice(q.offset, wanted);
}

/** The deal behind a product id, read on every `/link`: prepared once per connection. */
const dealById = preparedQuery(['influencerId', 'productId'], (db, v: { influencerId: string; productId: string }) => dealsQuery(db, v.influencerId)
  .where('p.id', '=', v.productId));

export async function findDealById(db: Db, influencerId: string, productId: string): Promise<Deal | undefined> {
  const [row] = await dealById(db, { influencerId, productId });
  return row && toDeal(row);
}

/** A product by SKU (any case); SKUs are unique per vendor, so an active one is preferred, then the newest. */
export async function findDealBySku(db: Db, influencerId: string, sku: string): Promise<Deal | undefined> {
  const row = await dealsQuery(db, influencerId).where(sql<boolean>`lower(p.sku) = lower(${sku})`)
    .orderBy('p.active', 'desc').orderBy('p.id', 'desc').executeTakeFirst();
  return row && toDeal(row);
}

export async function findDealsByUrls(db: Db, influencerId: string, urls: string[]): Promise<(Deal & { matchedUrl: string })[]> {
  if (urls.length === 0) return [];
  const rows = await dealsQuery(db, influencerId).where('p.url', 'in', urls).orderBy('p.active', 'desc').orderBy('p.id', 'desc').execute();
  return rows.map((row) => ({ ...toDeal(row), matchedUrl: row.url }));
}

export async function listBrandsFor(db: Db, influencerId: string): Promise<BrandSummary[]> {
  const rows = await db.selectFrom('brands as b')
    .leftJoin('brand_memberships as m', (join) => join.onRef('m.brand_id', '=', 'b.id').on('m.influencer_id', '=', influencerId))
    .select([
      'b.id', 'b.name', 'b.slug', 'b.auto_approve', 'b.erid', 'b.commission_rate_bps', 'm.status as membership',
      sql<string>`(SELECT count(*) FROM products p WHERE p.brand_id = b.id AND p.active)`.as('products'),
    ])
    .orderBy('b.name')
    .limit(50)
    .execute();
  return rows.map((r) => ({
    id: r.id, name: r.name, slug: r.slug, autoApprove: r.auto_approve, erid: r.erid, membership: r.membership,
    rateBps: r.commission_rate_bps, products: Number(r.products),
  }));
}

export async function findBrandFor(db: Db, influencerId: string, ref: string): Promise<DealBrand | undefined> {
  const trimmed = ref.trim();
  const row = await db.selectFrom('brands as b')
    .leftJoin('brand_memberships as m', (join) => join.onRef('m.brand_id', '=', 'b.id').on('m.influencer_id', '=', influencerId))
    .select(['b.id', 'b.name', 'b.slug', 'b.auto_approve', 'b.erid', 'm.status as membership'])
    .where((eb) => eb.or([
      eb('b.slug', '=', trimmed.toLowerCase()),
      eb(sql`lower(b.name)`, '=', trimmed.toLowerCase()),
      ...(/^\d{1,18}$/.test(trimmed) ? [eb('b.id', '=', trimmed)] : []),
    ]))
    .orderBy('b.id')
    .executeTakeFirst();
  return row && { id: row.id, name: row.name, slug: row.slug, autoApprove: row.auto_approve, erid: row.erid, membership: row.membership };
}

export async function hasActiveCategory(db: Db, category: string): Promise<boolean> {
  const row = await db.selectFrom('products').select('id')
    .where('active', '=', true).where(sql<boolean>`lower(category) = lower(${category})`).limit(1).executeTakeFirst();
  return row !== undefined;
}

/** INSERT … ON CONFLICT DO NOTHING on the (influencer, brand) key, then the membership in force. */
export async function insertMembership(db: Db, influencerId: string, brandId: string, status: MembershipStatus): Promise<MembershipStatus> {
  await db.insertInto('brand_memberships')
    .values({ influencer_id: influencerId, brand_id: brandId, status, decided_at: status === 'pending' ? null : new Date() })
    .onConflict((oc) => oc.columns(['influencer_id', 'brand_id']).doNothing())
    .execute();
  const row = await db.selectFrom('brand_memberships').select('status')
    .where('influencer_id', '=', influencerId).where('brand_id', '=', brandId).executeTakeFirstOrThrow();
  return row.status;
}

/** The deal store of core/influencers/influencer-deals.service.ts on this database. */
export function botDealStore(db: Db): DealStore {
  return {
    listBrands: (influencerId) => listBrandsFor(db, influencerId),
    findBrand: (influencerId, ref) => findBrandFor(db, influencerId, ref),
    hasCategory: (category) => hasActiveCategory(db, category),
    insertMembership: (influencerId, brandId, status) => insertMembership(db, influencerId, brandId, status),
    searchDeals: (query) => searchDeals(db, query),
    findDealById: (influencerId, id) => findDealById(db, influencerId, id),
    findDealBySku: (influencerId, sku) => findDealBySku(db, influencerId, sku),
    findDealsByUrls: (influencerId, urls) => findDealsByUrls(db, influencerId, urls),
  };
}

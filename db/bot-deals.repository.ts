import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { BrandSummary, Deal, DealBrand, DealQuery, DealStore, MembershipStatus } from '../core/influencers/influencer-deals.service.ts';
import type { Database } from './schema.ts';

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

/**
 * A regular expression matching a word that starts with `word` ("lamp" finds "Lamps", "or"
 * does not find "for"). Search words hold only letters and digits (core `searchWords`), so
 * nothing in them needs escaping; anything else is dropped to be sure.
 */
function wordStart(word: string): string {
  return `\\m${word.replace(/[^\p{L}\p{N}]/gu, '')}`;
}

/** Relevance: per word, 3 for the title, 2 for the brand, 1 for the category. */
function relevance(words: string[]): RawBuilder<number> {
  if (words.length === 0) return sql<number>`0`;
  const parts = words.map((word) => {
    const pattern = wordStart(word);
    return sql`(CASE WHEN p.title ~* ${pattern} THEN 3 ELSE 0 END
      + CASE WHEN b.name ~* ${pattern} OR b.slug ~* ${pattern} THEN 2 ELSE 0 END
      + CASE WHEN coalesce(p.category, '') ~* ${pattern} THEN 1 ELSE 0 END)`;
  });
  return sql<number>`(${sql.join(parts, sql` + `)})`;
}

/**
 * Active products ranked by relevance to the words, then by the commission rate the
 * influencer would earn (the product's, else the brand's), then newest first. Brands that
 * refused the influencer are left out.
 */
export async function searchDeals(db: Db, q: DealQuery): Promise<Deal[]> {
  const score = relevance(q.words);
  let query = dealsQuery(db, q.influencerId)
    .where('p.active', '=', true)
    .where((eb) => eb.or([eb('m.status', 'is', null), eb('m.status', '!=', 'rejected')]));
  if (q.words.length > 0) query = query.where(sql<boolean>`${score} > 0`);
  if (q.brandId) query = query.where('b.id', '=', q.brandId);
  if (q.category) query = query.where(sql<boolean>`lower(p.category) = lower(${q.category})`);
  if (q.words.length > 0) query = query.orderBy(sql`${score}`, 'desc');
  const rows = await query
    .orderBy(sql`coalesce(p.commission_rate_bps, b.commission_rate_bps)`, 'desc')
    .orderBy('p.id', 'desc')
    .limit(q.limit)
    .offset(q.offset)
    .execute();
  return rows.map(toDeal);
}

export async function findDealById(db: Db, influencerId: string, productId: string): Promise<Deal | undefined> {
  const row = await dealsQuery(db, influencerId).where('p.id', '=', productId).executeTakeFirst();
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

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { EVERY_VENDOR, ownVendor } from '../../core/access/access.ts';
import { searchWords } from '../../core/influencers/influencer-deals.service.ts';
import { createSecretBox } from '../../core/shared/secret-box.ts';
import { searchDeals } from '../../db/bot-deals.repository.ts';
import { listProducts, SHORT_SEARCH_ROWS } from '../../db/catalog.repository.ts';
import { factories } from '../factories/index.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';

// The bot's deal search and the admin product search, held against a plain model of what they
// promise, on a catalog big enough that a frequent word is found by walking the best-deal (or
// newest-first) order and a rare one through the trigram, brand and category indexes.

let database: TestDatabase;
let make: ReturnType<typeof factories>;
let influencerId: string;

interface CatalogProduct {
  id: string; title: string; category: string | null; active: boolean; rate: number; brand: { name: string; slug: string; refused: boolean };
}
const catalog: CatalogProduct[] = [];

const TITLE_WORDS = ['smart', 'desk', 'lamp', 'kettle', 'glass', 'black', 'wireless', 'earbuds', 'case', 'white', 'mini', 'box'];
const BRANDS = [
  { name: 'Lumio Home', rate: 800 }, { name: 'Nordic Tech', rate: 500 }, { name: 'Kettlecorp', rate: 300 }, { name: 'Refused Goods', rate: 1500 },
];
const CATEGORIES = ['kitchen', 'home', 'audio', null];

beforeAll(async () => {
  database = await createTestDatabase();
  make = factories(database.db, createSecretBox('test-secret-key-test-secret-key-0000'));
  const vendor = await make.vendor();
  influencerId = (await make.influencer()).id;
  const brands = [];
  for (const b of BRANDS) {
    const row = await make.brand(vendor.id, { name: b.name, commissionRateBps: b.rate });
    brands.push({ ...row, refused: b.name === 'Refused Goods' });
  }
  await database.db.insertInto('brand_memberships').values({ influencer_id: influencerId, brand_id: brands[3]!.id, status: 'rejected' }).execute();

  // 400 products from a small vocabulary (a deterministic shuffle), a few with a rate of their
  // own, a few inactive; then the rare ones, paid least, so that only the indexes find them.
  let seed = 11;
  const next = (n: number) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
  const rows = [];
  for (let i = 0; i < 400; i++) {
    const words = [TITLE_WORDS[next(TITLE_WORDS.length)]!, TITLE_WORDS[next(TITLE_WORDS.length)]!, TITLE_WORDS[next(TITLE_WORDS.length)]!];
    const brand = brands[next(brands.length)]!;
    rows.push({ brand, title: words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join(' '), category: CATEGORIES[next(CATEGORIES.length)]!,
      own: next(5) === 0 ? 100 + next(2000) : null, active: next(20) !== 0 });
  }
  const special = [
    { title: 'Smart-TV Box with remote', category: 'audio' }, { title: 'STV cable', category: null }, { title: 'Lampshade in amber glass', category: 'home' },
    { title: 'Amber desk lamp', category: 'home' }, { title: 'Zebra print mug', category: 'kitchen' }, { title: 'Wireless amber earbuds', category: 'audio' },
    { title: 'Настольная лампа «Лампа»', category: 'home' }, { title: 'Lampe de bureau', category: 'home' },
  ];
  for (const s of special) rows.push({ brand: brands[1]!, title: s.title, category: s.category, own: 10, active: true });
  for (const r of rows) {
    const p = await make.product(r.brand, { title: r.title, category: r.category, commissionRateBps: r.own, active: r.active });
    catalog.push({ id: p.id, title: r.title, category: r.category, active: r.active, rate: r.own ?? r.brand.commission_rate_bps,
      brand: { name: r.brand.name, slug: r.brand.slug, refused: r.brand.refused } });
  }
  await sql`ANALYZE products`.execute(database.db);
});
afterAll(async () => { await database?.close(); });

/** Word-start matching as the search promises it: after a non-word character, or, for two letters, after a space or ASCII punctuation. */
function startsWord(text: string, word: string): boolean {
  const before = word.length >= 3 ? '[^\\p{L}\\p{N}_]' : `[ (),./:;!?"'+&|*#\\[\\]-]`;
  return new RegExp(`(^|${before})${word}`, 'iu').test(text);
}

/** The ranking the search promises: every word in the title, then every word somewhere, then some; each by rate, then newest. */
function expectedRanking(text: string): string[] {
  const words = searchWords(text);
  const tier = (p: CatalogProduct): number | undefined => {
    const anywhere = (w: string) => startsWord(p.title, w) || startsWord(p.brand.name, w) || startsWord(p.brand.slug, w) || (p.category !== null && startsWord(p.category, w));
    if (words.every((w) => startsWord(p.title, w))) return 1;
    if (words.every(anywhere)) return 2;
    if (words.some(anywhere)) return 3;
    return undefined;
  };
  return catalog
    .filter((p) => p.active && !p.brand.refused && tier(p) !== undefined)
    .sort((a, b) => tier(a)! - tier(b)! || b.rate - a.rate || Number(b.id) - Number(a.id))
    .map((p) => p.id);
}

const search = async (text: string, offset: number, limit: number) =>
  (await searchDeals(database.db, { influencerId, words: searchWords(text), limit, offset })).map((d) => d.id);

describe('the bot’s deal search (/search, /deals WORDS)', () => {
  const queries = ['lamp', 'desk lamp', 'kettle', 'black wireless earbuds', 'glass kettle', 'tv', 'amber', 'amber lamp', 'lumio', 'lumio lamp',
    'nordic kettle', 'kitchen', 'kitchen glass', 'zebra', 'zebra kettle', 'lampshade', 'amp', 'refused', 'nothingmatches', 'ЛАМПА', 'lampe'];

  it.each(queries)('“%s”: every word in the title first, then every word somewhere, then some; each by commission, then newest; page after page', async (text) => {
    const expected = expectedRanking(text);
    for (const offset of [0, 5, 10, 60]) {
      expect(await search(text, offset, 6)).toEqual(expected.slice(offset, offset + 6));
    }
  });

  it('finds a word at the start of a word only, in any case and script', async () => {
    expect(await search('amp', 0, 50)).toEqual([]);
    const lamps = await search('LAMP', 0, 50);
    expect(lamps).toContain(catalog.find((p) => p.title === 'Lampshade in amber glass')!.id);
    const tv = await search('tv', 0, 50);
    expect(tv).toContain(catalog.find((p) => p.title === 'Smart-TV Box with remote')!.id);
    expect(tv).not.toContain(catalog.find((p) => p.title === 'STV cable')!.id);
    expect(await search('лампа', 0, 50)).toEqual([catalog.find((p) => p.title.startsWith('Настольная'))!.id]);
  });

  it('ranks by the rate the influencer earns, following a brand’s new rate and a product’s own', async () => {
    const vendor = await make.vendor();
    const low = await make.brand(vendor.id, { name: 'Quiet', commissionRateBps: 400 });
    const high = await make.brand(vendor.id, { name: 'Loud', commissionRateBps: 900 });
    const a = await make.product(low, { title: 'Okapi figurine' });
    const b = await make.product(high, { title: 'Okapi figurine' });
    expect(await search('okapi', 0, 6)).toEqual([b.id, a.id]);
    await database.db.updateTable('brands').set({ commission_rate_bps: 1000 }).where('id', '=', low.id).execute();
    expect(await search('okapi', 0, 6)).toEqual([a.id, b.id]);
    await database.db.updateTable('products').set({ commission_rate_bps: 1200 }).where('id', '=', b.id).execute();
    expect(await search('okapi', 0, 6)).toEqual([b.id, a.id]);
    await database.db.updateTable('products').set({ active: false }).where('id', '=', b.id).execute();
    expect(await search('okapi', 0, 6)).toEqual([a.id]);
  });

  it('lists a category or a brand by the best deal, and takes it in any case', async () => {
    const kitchen = catalog.filter((p) => p.active && !p.brand.refused && p.category === 'kitchen').sort((a, b) => b.rate - a.rate || Number(b.id) - Number(a.id));
    const found = await searchDeals(database.db, { influencerId, words: [], category: 'KITCHEN', limit: 6, offset: 0 });
    expect(found.map((d) => d.id)).toEqual(kitchen.slice(0, 6).map((p) => p.id));
  });
});

describe('the admin product search', () => {
  let vendorId: string;
  let otherVendorId: string;
  const ids = { dense: [] as string[], rare: [] as string[], short: '' };

  beforeAll(async () => {
    const vendor = await make.vendor();
    vendorId = vendor.id;
    otherVendorId = (await make.vendor()).id;
    const brand = await make.brand(vendor.id);
    // The rare titles first: older than any walk over the newest products reaches.
    ids.short = (await make.product(brand, { title: 'Qz sample' })).id;
    for (let i = 0; i < 3; i++) ids.rare.push((await make.product(brand, { title: `Quokka plush ${i}`, sku: `QK_${i}%` })).id);
    await sql`
      INSERT INTO products (vendor_id, brand_id, sku, title, url, price, currency)
      SELECT ${vendor.id}, ${brand.id}, 'FILL-' || g, CASE WHEN g % 40 = 0 THEN 'Ravenna vase ' || g ELSE 'Filler item ' || g END,
        'https://shop.example/fill/' || g, 100, 'EUR'
      FROM generate_series(1, ${SHORT_SEARCH_ROWS + 200}) g
    `.execute(database.db);
    ids.dense = (await database.db.selectFrom('products').select('id').where('title', 'like', 'Ravenna vase %').orderBy('id', 'desc').execute()).map((r) => r.id);
    await sql`ANALYZE products`.execute(database.db);
  });

  async function everyPage(search: string, vendor = vendorId, limit = 50): Promise<{ ids: string[]; pages: number }> {
    const found: string[] = [];
    let after: string | undefined;
    let pages = 0;
    do {
      const page = await listProducts(database.db, ownVendor(vendor), { search }, { limit, after });
      found.push(...page.items.map((p) => p.id));
      after = page.nextAfter ?? undefined;
      pages++;
    } while (after !== undefined && pages < 100);
    return { ids: found, pages };
  }

  it('pages through a frequent word, newest first, each product once', async () => {
    const fillers = (await database.db.selectFrom('products').select('id').where('title', 'like', 'Filler item %').orderBy('id', 'desc').limit(100).execute()).map((r) => r.id);
    const first = await listProducts(database.db, EVERY_VENDOR, { search: 'filler ITEM' }, { limit: 50 });
    const second = await listProducts(database.db, EVERY_VENDOR, { search: 'filler ITEM' }, { limit: 50, after: first.nextAfter! });
    expect([...first.items, ...second.items].map((p) => p.id)).toEqual(fillers);
    expect(ids.dense.length).toBeGreaterThan(500);
    expect((await everyPage('RAVENNA')).ids).toEqual(ids.dense);
    expect((await everyPage('ravenna', otherVendorId)).ids).toEqual([]);
  });

  it('finds a rare part of a title or a sku, its LIKE wildcards taken literally', async () => {
    expect((await everyPage('uokk')).ids).toEqual([...ids.rare].reverse());
    expect((await everyPage('qk_1%')).ids).toEqual([ids.rare[1]]);
    expect((await everyPage('qk%1')).ids).toEqual([]);
  });

  it('reads one or two letters in stretches of the newest products, and paging on reaches the oldest', async () => {
    const first = await listProducts(database.db, EVERY_VENDOR, { search: 'qz' }, { limit: 50 });
    expect(first.items).toEqual([]);
    expect(first.nextAfter).not.toBeNull();
    const all = await everyPage('qz');
    expect(all.ids).toEqual([ids.short]);
  });

  it('leaves a caller’s transaction planning as before after reading through the indexes', async () => {
    await database.db.transaction().execute(async (trx) => {
      expect((await listProducts(trx, EVERY_VENDOR, { search: 'quokka' }, { limit: 50 })).items).toHaveLength(3);
      const { rows } = await sql<{ seq: string; idx: string; jit: string }>`
        SELECT current_setting('enable_seqscan') AS seq, current_setting('enable_indexscan') AS idx, current_setting('jit') AS jit`.execute(trx);
      expect(rows[0]).toEqual({ seq: 'on', idx: 'on', jit: (await sql<{ j: string }>`SELECT reset_val AS j FROM pg_settings WHERE name = 'jit'`.execute(trx)).rows[0]!.j });
    });
  });
});

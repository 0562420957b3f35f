import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { sql, type Kysely } from 'kysely';
import { EVERY_VENDOR } from '../core/access/access.ts';
import { searchWords } from '../core/influencers/influencer-deals.service.ts';
import { botDealStore } from '../db/bot-deals.repository.ts';
import { productStore } from '../db/catalog.repository.ts';
import type { Database } from '../db/schema.ts';
import type { Benchmark } from './support/benchmark.ts';
import { meteredConnection, type MeteredConnection } from './support/backend-cpu.ts';
import { createBenchEnvironment } from './support/environment.ts';
import { formatCount, verdict } from './support/format.ts';
import { describeLatencies, percentile } from './support/latency.ts';
import { describePlan, plansOf, readsTables } from './support/query-plans.ts';
import { ADJECTIVES, BRAND_NAMES, COLORS, layDownCatalog, LOCAL_WORDS, NOUNS } from './search-catalog.ts';

const PRODUCTS = Number(process.env.BENCH_SEARCH_PRODUCTS ?? 1_000_000);
const QUERIES = Number(process.env.BENCH_SEARCH_QUERIES ?? 300);
const WARMUP = 60;
/** What /search asks for a first page: five deals and one more to know whether a next page exists. */
const BOT_PAGE = 6;
const ADMIN_PAGE = 50;
const TARGET_P95_MS = 50;

/**
 * `/search` on a million products: the deal search the bot's /search (and /deals WORDS) calls
 * and the admin product list's search, each over a few hundred varied queries (frequent and
 * rare words, pairs and triples, brands, model codes, two-letter words, other languages, words
 * that match nothing) on a catalog laid down set-based. p50/p95 per search with the CPU it cost
 * (this process and the PostgreSQL backends), and the plan of a few typical searches.
 */
export const searchBenchmark: Benchmark = {
  name: 'search',
  description: `/search and the admin product search over ${formatCount(PRODUCTS)} products, ${formatCount(QUERIES)} queries each`,
  async run(log) {
    const env = await createBenchEnvironment();
    const closers: (() => Promise<void>)[] = [];
    try {
      const db = env.database.db;
      let t = performance.now();
      const steps = await layDownCatalog(db, PRODUCTS);
      log(`set-up: ${formatCount(PRODUCTS)} products of ${formatCount(await count(db, 'brands'))} brands, indexed and analysed, in ${((performance.now() - t) / 1000).toFixed(1)} s (${steps}; not timed)`);
      const influencer = await db.insertInto('influencers').values({ display_name: 'Searcher', recruit_code: 'bench-search' }).returning('id').executeTakeFirstOrThrow();

      // The searches run on one connection, so that each one's CPU (here and in its backend) is measured alone.
      const metered = await meteredConnection(env.databaseUrl);
      closers.push(() => metered.database.close());
      const deals = botDealStore(metered.database.db);
      const products = productStore(metered.database.db);
      const botSearch = (text: string) => deals.searchDeals({ influencerId: influencer.id, words: searchWords(text), limit: BOT_PAGE, offset: 0 });
      const adminSearch = (text: string) => products.listProducts(EVERY_VENDOR, { search: text }, { limit: ADMIN_PAGE });

      const random = seededRandom(7);
      for (let i = 0; i < WARMUP; i++) await botSearch(botQuery(random));
      const bot = await timeQueries(metered, Array.from({ length: QUERIES }, () => botQuery(random)), botSearch, (found) => found.length);
      log(`/search (deal search, first page of ${BOT_PAGE - 1}): ${describeLatencies(bot.timings)}`);
      log(`  CPU per search (this process + its PostgreSQL backend, each search alone): ${bot.cpu}`);
      log(`  ${bot.hits} of ${formatCount(QUERIES)} queries found deals; slowest: ${bot.slowest}`);

      for (let i = 0; i < WARMUP; i++) await adminSearch(adminQuery(random));
      const admin = await timeQueries(metered, Array.from({ length: QUERIES }, () => adminQuery(random)), adminSearch, (page) => page.items.length);
      log(`admin product search (page of ${ADMIN_PAGE}): ${describeLatencies(admin.timings)}`);
      log(`  CPU per search: ${admin.cpu}`);
      log(`  ${admin.hits} of ${formatCount(QUERIES)} queries found products; slowest: ${admin.slowest}`);

      t = performance.now();
      log('plans (EXPLAIN ANALYZE of each statement the search ran; a search that walks first and then reads the indexes shows both):');
      for (const text of ['wireless', 'kettle', 'bamboo toaster', 'c41', 'tv', 'лампа', 'zzqx']) {
        const { plans } = await plansOf(env.databaseUrl, (planned) => botDealStore(planned).searchDeals({ influencerId: influencer.id, words: searchWords(text), limit: BOT_PAGE, offset: 0 }));
        log(`  /search ${text}: ${plans.filter((p) => readsTables(p.plan)).map((p) => describePlan(p.plan)).join(' · then ')}`);
      }
      for (const text of ['lamp', 'sku-9e3', 'ab']) {
        const { plans } = await plansOf(env.databaseUrl, (planned) => productStore(planned).listProducts(EVERY_VENDOR, { search: text }, { limit: ADMIN_PAGE }));
        log(`  admin search ${text}: ${plans.filter((p) => readsTables(p.plan)).map((p) => describePlan(p.plan)).join(' · then ')}`);
      }
      log(`(plans in ${((performance.now() - t) / 1000).toFixed(1)} s)`);

      const botP95 = percentile([...bot.timings].sort((a, b) => a - b), 95);
      const adminP95 = percentile([...admin.timings].sort((a, b) => a - b), 95);
      log(`/search p95 ${botP95.toFixed(2)} ms ${verdict(botP95 < TARGET_P95_MS, `< ${TARGET_P95_MS} ms`)} · admin search p95 ${adminP95.toFixed(2)} ms ${verdict(adminP95 < TARGET_P95_MS, `< ${TARGET_P95_MS} ms`)}`);
      return {
        targets: [
          { label: `/search p95 ${botP95.toFixed(2)} ms over ${formatCount(PRODUCTS)} products (target < ${TARGET_P95_MS} ms)`, met: botP95 < TARGET_P95_MS },
          { label: `admin product search p95 ${adminP95.toFixed(2)} ms over ${formatCount(PRODUCTS)} products (target < ${TARGET_P95_MS} ms)`, met: adminP95 < TARGET_P95_MS },
        ],
      };
    } finally {
      for (const close of closers) await close();
      await env.close();
    }
  },
};

interface Timed {
  timings: number[];
  /** Percentiles of the CPU each query took, here and in PostgreSQL. */
  cpu: string;
  hits: number;
  slowest: string;
}

/** Runs the queries one after another, timing each, wall clock and CPU. */
async function timeQueries<T>(metered: MeteredConnection, queries: string[], run: (text: string) => Promise<T>, found: (result: T) => number): Promise<Timed> {
  const timings: number[] = [];
  const cpu: number[] = [];
  let hits = 0;
  for (const text of queries) {
    const started = performance.now();
    const { result, cpuMs } = await metered.measure(() => run(text));
    timings.push(performance.now() - started);
    if (cpuMs !== undefined) cpu.push(cpuMs);
    if (found(result) > 0) hits++;
  }
  const order = timings.map((ms, i) => ({ ms, text: queries[i]! })).sort((a, b) => b.ms - a.ms).slice(0, 3);
  return {
    timings, hits,
    cpu: cpu.length === 0 ? 'n/a (PostgreSQL is not on this machine)' : describeLatencies(cpu),
    slowest: order.map((o) => `“${o.text}” ${o.ms.toFixed(1)} ms`).join(', '),
  };
}

/** What people type into /search: mostly product words, popular ones more often, some pairs and triples, brands, codes, misses. */
function botQuery(random: () => number): string {
  const pick = <T>(list: readonly T[], skew = 1) => list[Math.floor(list.length * Math.pow(random(), skew))]!;
  const roll = random();
  if (roll < 0.30) return pick(NOUNS, 1.5);
  if (roll < 0.40) return random() < 0.5 ? pick(ADJECTIVES, 2) : pick(COLORS, 1.5);
  if (roll < 0.60) return `${pick(ADJECTIVES, 2)} ${pick(NOUNS, 1.5)}`;
  if (roll < 0.70) return `${pick(NOUNS, 1.5)} ${pick(COLORS, 1.5)}`;
  if (roll < 0.75) return `${pick(ADJECTIVES)} ${pick(NOUNS)} ${pick(COLORS)}`;
  if (roll < 0.80) return pick(BRAND_NAMES);
  if (roll < 0.85) return modelCode(random);
  if (roll < 0.90) return pick(['tv', '4k', 'hd', 'pc', '5g', '3d']);
  if (roll < 0.95) return pick(LOCAL_WORDS);
  return `${pick(['zq', 'xv', 'qj', 'wk'])}${Math.floor(random() * 1000)}x`;
}

/** What an admin types into the product list's search box: a word or its start, a SKU or model code, a letter or two. */
function adminQuery(random: () => number): string {
  const roll = random();
  const noun = NOUNS[Math.floor(NOUNS.length * Math.pow(random(), 1.5))]!;
  if (roll < 0.40) return noun;
  if (roll < 0.55) return noun.slice(0, 3 + Math.floor(random() * 3));
  if (roll < 0.70) return `sku-${Math.floor(random() * 0xfff).toString(16)}`;
  if (roll < 0.85) return modelCode(random);
  if (roll < 0.95) return `${ADJECTIVES[Math.floor(random() * ADJECTIVES.length)]} ${noun}`;
  return 'abcdefghijklmnopqrstuvwxyz'.slice(Math.floor(random() * 24)).slice(0, 1 + Math.floor(random() * 2));
}

/** A model code as titles end with: two hex digits and a number below 997 ("C41"). */
function modelCode(random: () => number): string {
  return `${Math.floor(random() * 256).toString(16).padStart(2, '0')}${Math.floor(random() * 997)}`;
}

/** A small seeded generator (mulberry32): every run asks the same queries. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function count(db: Kysely<Database>, table: 'brands' | 'products'): Promise<number> {
  const { rows } = await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(db);
  return Number(rows[0]!.n);
}

// `tsx bench/search.bench.ts` runs this benchmark alone.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const outcome = await searchBenchmark.run((line) => console.log(line));
  for (const target of outcome.targets) console.log(`${target.met ? 'PASS' : 'FAIL'} search: ${target.label}`);
}


import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { pino } from 'pino';
import { buildBotEngine } from '../cli/bot-wiring.ts';
import { systemClock } from '../core/shared/clock.ts';
import { silentNotifier } from '../core/notifications/notifications.ts';
import type { Benchmark } from './support/benchmark.ts';
import { createBenchEnvironment } from './support/environment.ts';
import { formatCount, verdict } from './support/format.ts';

const ITERATIONS = Number(process.env.BENCH_LINK_ITERATIONS ?? 2000);
const WARMUP = 200;
const PRODUCTS = 10_000;
const TARGET_P95_MS = 20;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/**
 * DESIGN.md "Figures": a `/link` answer produced in under 20 ms p95 inside the process. The real
 * engine on PostgreSQL and Redis (rate counter, profile, conversation, product, link lookup
 * or insert), one message at a time, over a catalog of 10,000 products: half the asks repeat a
 * link that exists, half make a new one for a new group label.
 */
export const linkCommandBenchmark: Benchmark = {
  name: 'link-command',
  description: `/link through the command engine, ${formatCount(ITERATIONS)} messages in sequence, ${formatCount(PRODUCTS)} products`,
  async run(log) {
    const env = await createBenchEnvironment();
    try {
      const db = env.database.db;
      const vendor = await db.insertInto('vendors').values({ name: 'Bench vendor', key_id: 'vk_bench_link', secret_encrypted: 'x' }).returning('id').executeTakeFirstOrThrow();
      const brand = await db.insertInto('brands').values({ vendor_id: vendor.id, name: 'Bench', slug: 'bench', commission_rate_bps: 800 }).returning('id').executeTakeFirstOrThrow();
      await sql`
        INSERT INTO products (vendor_id, brand_id, sku, title, url, image_url, price, list_price, currency, category)
        SELECT ${vendor.id}, ${brand.id}, 'SKU-' || g, 'Bench product number ' || g, 'https://shop.example/p/' || g,
          'https://shop.example/img/' || g || '.jpg', 1000 + g, 2000 + g, 'EUR', 'bench'
        FROM generate_series(1, ${PRODUCTS}) AS g
      `.execute(db);
      const productIds = (await db.selectFrom('products').select('id').orderBy('id').execute()).map((p) => p.id);

      const engine = buildBotEngine({
        db, redis: env.redis, redisPrefix: env.prefix, publicUrl: 'https://dc.bench', clock: systemClock,
        logger: pino({ level: 'error' }), notifier: silentNotifier, rateLimit: { max: 1_000_000, windowMs: 60_000 },
      });
      const say = (text: string) => engine.handle({ channel: 'telegram', senderId: '42', chatId: '42', chatType: 'private', text, languageHint: 'fr' });
      for (const step of ['/start', 'Bench', 'FR', '/accept', '/join bench']) await say(step);

      const ask = (i: number) => {
        const product = productIds[(i * 7919) % 1000]!;
        // Even: a link asked before (same product and label); odd: a new group label, so a new link.
        const label = i % 2 === 0 ? 'family' : `group ${i}`;
        return say(`/link ${product} ${label}`);
      };
      for (let i = 0; i < WARMUP; i++) await ask(i);
      const timings: number[] = [];
      for (let i = 0; i < ITERATIONS; i++) {
        const started = performance.now();
        const replies = await ask(WARMUP + i);
        timings.push(performance.now() - started);
        if (!replies[0]?.text.includes('https://dc.bench/r/')) throw new Error(`/link did not answer with a link: ${JSON.stringify(replies)}`);
      }
      timings.sort((a, b) => a - b);
      const p50 = percentile(timings, 50);
      const p95 = percentile(timings, 95);
      const p99 = percentile(timings, 99);
      const met = p95 < TARGET_P95_MS;
      log(`/link in-process: p50 ${p50.toFixed(2)} ms · p95 ${p95.toFixed(2)} ms · p99 ${p99.toFixed(2)} ms · max ${timings.at(-1)!.toFixed(2)} ms`);
      log(`${verdict(met, `p95 < ${TARGET_P95_MS} ms`)}`);
      return { targets: [{ label: `/link p95 ${p95.toFixed(2)} ms (target < ${TARGET_P95_MS} ms)`, met }] };
    } finally {
      await env.close();
    }
  },
};

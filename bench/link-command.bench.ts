import { performance } from 'node:perf_hooks';
import type { Redis } from 'ioredis';
import { sql, type KyselyPlugin } from 'kysely';
import { pino } from 'pino';
import { buildBotEngine } from '../cli/bot-wiring.ts';
import { systemClock } from '../core/shared/clock.ts';
import { generateShortCode } from '../core/shared/ids.ts';
import { silentNotifier } from '../core/notifications/notifications.ts';
import { PREPARED } from '../db/prepared-statements.ts';
import type { Benchmark } from './support/benchmark.ts';
import { postgresBackendsCpu, selfCpu, startCpuMeter, type CpuReading } from './support/cpu.ts';
import { createBenchEnvironment } from './support/environment.ts';
import { formatCount, formatRatio, verdict } from './support/format.ts';

const ITERATIONS = Number(process.env.BENCH_LINK_ITERATIONS ?? 2000);
const WARMUP = 200;
const PRODUCTS = 10_000;
/** `/link` and its floor take turns, so that a burst of load from elsewhere falls on both alike. */
const ROUNDS = 10;
const TARGET_P95_MS = 8;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function describeTimings(sorted: number[]): string {
  return `p50 ${percentile(sorted, 50).toFixed(2)} ms · p95 ${percentile(sorted, 95).toFixed(2)} ms · p99 ${percentile(sorted, 99).toFixed(2)} ms · max ${sorted.at(-1)!.toFixed(2)} ms`;
}

/**
 * Counts the statements a Kysely instance executes: one round trip to PostgreSQL each. Counted
 * on their results, as Kysely hands a plugin every subquery too when it builds a query.
 */
function statementCounter(): KyselyPlugin & { count: number } {
  const counter = {
    count: 0,
    transformQuery: (args: Parameters<KyselyPlugin['transformQuery']>[0]) => args.node,
    async transformResult(args: Parameters<KyselyPlugin['transformResult']>[0]) {
      counter.count++;
      return args.result;
    },
  };
  return counter;
}

/** Counts the commands sent on a Redis connection: one round trip each, as the engine does not pipeline. */
function redisCommandCounter(redis: Redis): { readonly count: number } {
  const counter = { count: 0 };
  const send = redis.sendCommand.bind(redis);
  redis.sendCommand = ((...args: Parameters<Redis['sendCommand']>) => {
    counter.count++;
    return send(...args);
  }) as Redis['sendCommand'];
  return counter;
}

/**
 * DESIGN.md "Figures": a `/link` answer produced in under 8 ms p95 inside the process. The real
 * engine on PostgreSQL and Redis (rate counter, profile, conversation, product, link lookup
 * or insert), one message at a time, over a catalog of 10,000 products: half the asks repeat a
 * link that exists, half make a new one for a new group label. Its yardstick, in the same run
 * and on the same pool: the least any `/link` must do, one indexed SELECT of the product and
 * one INSERT … ON CONFLICT of its link (half new, half already there), both prepared.
 */
export const linkCommandBenchmark: Benchmark = {
  name: 'link-command',
  description: `/link through the command engine, ${formatCount(ITERATIONS)} messages in sequence, ${formatCount(PRODUCTS)} products, against its floor of two bare statements`,
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

      const statements = statementCounter();
      const commands = redisCommandCounter(env.redis);
      const engine = buildBotEngine({
        db: db.withPlugin(statements), redis: env.redis, redisPrefix: env.prefix, publicUrl: 'https://dc.bench', clock: systemClock,
        logger: pino({ level: 'error' }), notifier: silentNotifier, rateLimit: { max: 1_000_000, windowMs: 60_000 },
      });
      const say = (text: string) => engine.handle({ channel: 'telegram', senderId: '42', chatId: '42', chatType: 'private', text, languageHint: 'fr' });
      for (const step of ['/start', 'Bench', 'FR', '/accept', '/join bench']) await say(step);
      const { influencer_id: influencerId } = await db.selectFrom('influencer_identities').select('influencer_id')
        .where('channel', '=', 'telegram').where('external_id', '=', '42').executeTakeFirstOrThrow();

      const productOf = (i: number) => productIds[(i * 7919) % 1000]!;
      // Even: a link asked before (same product and label); odd: a new group label, so a new link.
      const labelOf = (i: number) => (i % 2 === 0 ? 'family' : `group ${i}`);
      const ask = async (i: number) => {
        const replies = await say(`/link #${productOf(i)} ${labelOf(i)}`);
        if (!replies[0]?.text.includes('https://dc.bench/r/')) throw new Error(`/link did not answer with a link: ${JSON.stringify(replies)}`);
      };
      // The floor's links are in another channel, so they never meet the engine's.
      const floor = async (i: number) => {
        const productId = productOf(i);
        await sql`${sql.raw(PREPARED)} SELECT id, brand_id, title, url, image_url, price, list_price, currency, active FROM products WHERE id = ${productId}`.execute(db);
        await sql`${sql.raw(PREPARED)} INSERT INTO links (code, influencer_id, product_id, channel, group_label)
          VALUES (${generateShortCode()}, ${influencerId}, ${productId}, 'other', ${labelOf(i)}) ON CONFLICT DO NOTHING RETURNING id`.execute(db);
      };
      for (let i = 0; i < WARMUP; i++) await ask(i);
      for (let i = 0; i < WARMUP; i++) await floor(i);

      const kinds = {
        link: { run: ask, timings: [] as number[], node: 0, postgres: 0, next: WARMUP },
        floor: { run: floor, timings: [] as number[], node: 0, postgres: 0, next: WARMUP },
      };
      const meter = await startCpuMeter({ node: selfCpu(), postgres: postgresBackendsCpu(db) }, 3_600_000);
      let last: CpuReading<'node' | 'postgres'> = await meter.read();
      let postgresReadable = last.postgres !== undefined;
      const before = { statements: statements.count, commands: commands.count };
      let statementsOfLink = 0;
      let commandsOfLink = 0;
      const perRound = Math.ceil(ITERATIONS / ROUNDS);
      for (let round = 0; round < ROUNDS; round++) {
        for (const name of round % 2 === 0 ? (['link', 'floor'] as const) : (['floor', 'link'] as const)) {
          const kind = kinds[name];
          const counted = { statements: statements.count, commands: commands.count };
          for (let n = 0; n < perRound; n++) {
            const started = performance.now();
            await kind.run(kind.next++);
            kind.timings.push(performance.now() - started);
          }
          if (name === 'link') {
            statementsOfLink += statements.count - counted.statements;
            commandsOfLink += commands.count - counted.commands;
          }
          const now = await meter.read();
          kind.node += (now.node ?? 0) - (last.node ?? 0);
          kind.postgres += (now.postgres ?? 0) - (last.postgres ?? 0);
          postgresReadable &&= now.postgres !== undefined;
          last = now;
        }
      }
      await meter.stop();
      if (statements.count - before.statements !== statementsOfLink) throw new Error('the floor went through the engine\'s database handle');

      const link = kinds.link.timings.sort((a, b) => a - b);
      const bare = kinds.floor.timings.sort((a, b) => a - b);
      const count = link.length;
      const p95 = percentile(link, 95);
      const ratio = p95 / percentile(bare, 95);
      const met = p95 < TARGET_P95_MS;
      const perOp = (micros: number, n: number) => `${formatCount(micros / n)} µs`;
      const cpuOf = (k: typeof kinds.link) => `${perOp(k.node, k.timings.length)} this process, ${postgresReadable ? perOp(k.postgres, k.timings.length) : 'n/a'} PostgreSQL`;
      log(`/link in process: ${describeTimings(link)}`);
      log(`floor (1 SELECT of the product + 1 INSERT … ON CONFLICT of the link, prepared, same pool): ${describeTimings(bare)}`);
      log(`round trips per /link: ${(statementsOfLink / count).toFixed(2)} PostgreSQL + ${(commandsOfLink / count).toFixed(2)} Redis (floor: 2 PostgreSQL)`);
      log(`CPU per /link: ${cpuOf(kinds.link)} · per floor: ${cpuOf(kinds.floor)}`);
      log(`/link p95 ${p95.toFixed(2)} ms = ${formatRatio(ratio)} the floor's p95  ${verdict(met, `p95 < ${TARGET_P95_MS} ms`)}`);
      return { targets: [{ label: `/link p95 ${p95.toFixed(2)} ms, ${formatRatio(ratio)} its floor (target < ${TARGET_P95_MS} ms)`, met }] };
    } finally {
      await env.close();
    }
  },
};

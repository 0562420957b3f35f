import crypto from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { Kysely } from 'kysely';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { buildApp } from '../api/app.ts';
import { createHttpMetrics } from '../api/observability/http-metrics.ts';
import { buildAppDeps } from '../cli/app-deps.ts';
import { buildBotEngine } from '../cli/bot-wiring.ts';
import { systemCaller } from '../core/access/access.ts';
import type { ClickEvent } from '../core/clicks/clicks.ports.ts';
import { newClickId } from '../core/clicks/click-id.ts';
import { silentNotifier } from '../core/notifications/notifications.ts';
import { approveMaturedCommissions } from '../core/settlement/settlement.service.ts';
import { systemClock } from '../core/shared/clock.ts';
import { createSecretBox } from '../core/shared/secret-box.ts';
import { groupStats } from '../db/bot-reports.repository.ts';
import { findClickContext } from '../db/conversions.repository.ts';
import { redirectTargetStore } from '../db/redirect.repository.ts';
import type { Database } from '../db/schema.ts';
import { createSettlementStore } from '../db/settlement.repository.ts';
import { readDaily } from '../db/stats.repository.ts';
import { createClickQueue } from '../queue/clicks.queue.ts';
import { ingestClicks } from '../queue/clicks.processor.ts';
import type { Benchmark } from './support/benchmark.ts';
import { createBenchEnvironment } from './support/environment.ts';
import { formatCount } from './support/format.ts';
import { percentile } from './support/latency.ts';
import { describePlan, plansOf, readsTables } from './support/query-plans.ts';
import { postgresBackendsCpu, selfCpu, startCpuMeter } from './support/cpu.ts';
import { codeOf, growTo, influencerOf, layDownGrowthCatalog, layDownMatured, productOf, type GrowthWorld } from './growth-data.ts';

const STEPS = (process.env.BENCH_GROWTH_STEPS ?? '1000,10000,100000,1000000').split(',').map(Number);
const REDIRECTS = 1000;
const INGEST_CLICKS = 10_000;
const INGEST_BATCH = 1000;
const LINK_MESSAGES = 200;
const STATS_CALLS = 50;
const MATURED = 10_000;
const BROWSER_UA = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Mobile Safari/537.36';
const BENCH = systemCaller('bench');

interface Row {
  rows: number;
  redirect: string;
  ingest: string;
  link: string;
  botStats: string;
  adminStats: string;
  settlement: string;
}

/**
 * How the hot paths change from 1,000 to 1,000,000 rows of clicks, links, orders with their
 * commissions, and influencers (each grown together, on a fixed catalog of 10,000 products):
 * the redirect (in-process, the app's GET /r/:code, a link not seen before each time), the
 * click ingest (the worker's transaction, batches of 1,000), `/link` and `/stats` through the
 * bot's command engine, the admin dashboard's 30-day figures, and the hourly approval of
 * 10,000 matured commissions on top of the N already settled. Then the plans of those
 * statements at the largest size. Long: it runs only when named (`npm run bench -- growth`).
 */
export const growthBenchmark: Benchmark = {
  name: 'growth',
  optIn: true,
  description: `redirect, ingest, /link, /stats and settlement at ${STEPS.map(formatCount).join(', ')} rows`,
  async run(log) {
    const env = await createBenchEnvironment();
    const closers: (() => Promise<unknown>)[] = [];
    try {
      const db = env.database.db;
      const now = new Date();
      const logger = pino({ level: 'error' });
      let world: GrowthWorld = await layDownGrowthCatalog(db, now);

      const clickQueue = createClickQueue({ connection: env.redis, prefix: env.prefix });
      closers.push(() => clickQueue.close());
      const deps = buildAppDeps({
        db, redis: env.redis, clicks: clickQueue.sink, secretBox: createSecretBox(crypto.randomBytes(32).toString('hex')), clock: systemClock, logger,
        publicUrl: 'https://dc.bench', ipHashKey: crypto.randomBytes(32).toString('hex'), redisPrefix: env.prefix, notifier: silentNotifier,
        metrics: createHttpMetrics(new Registry()),
      });
      const app = await buildApp(deps);
      closers.push(() => app.close());
      const engine = buildBotEngine({
        db, redis: env.redis, redisPrefix: env.prefix, publicUrl: 'https://dc.bench', clock: systemClock, logger, notifier: silentNotifier,
        rateLimit: { max: 1_000_000, windowMs: 60_000 },
      });
      const say = (text: string) => engine.handle({ channel: 'telegram', senderId: '42', chatId: '42', chatType: 'private', text, languageHint: 'fr' });
      for (const step of ['/start', 'Bench', 'FR', '/accept', '/join growth']) await say(step);

      const table: Row[] = [];
      let linkAsk = 0;
      for (const rows of STEPS) {
        let t = performance.now();
        world = await growTo(db, world, rows, now);
        log(`\n${formatCount(rows)} rows of each: laid down and analysed in ${seconds(t)} s (not timed)`);
        const row: Row = { rows, redirect: '', ingest: '', link: '', botStats: '', adminStats: '', settlement: '' };

        // Redirect: links not asked for before, so each goes past the caches to PostgreSQL.
        const codes = sample(world.rows, Math.min(REDIRECTS, world.rows), rows).map(codeOf);
        const redirect = await timed(db, codes, async (code) => {
          const reply = await app.inject({ method: 'GET', url: `/r/${code}`, headers: { 'user-agent': BROWSER_UA, 'accept-language': 'es-ES,es;q=0.9' } });
          if (reply.statusCode !== 302) throw new Error(`GET /r/${code} answered ${reply.statusCode}`);
        });
        row.redirect = `${ms(redirect.p50)} / ${ms(redirect.p99)}`;
        log(`redirect GET /r/:code (in-process, uncached links): p50 ${ms(redirect.p50)} · p99 ${ms(redirect.p99)} ms · CPU ${redirect.cpu}`);

        // Ingest: the worker's function, one transaction per 1,000 clicks; one click in ten comes back to a link within the day.
        const clicks = makeClicks(world, rows);
        t = performance.now();
        const ingestCpu = await startCpuMeter({ self: selfCpu(), postgres: postgresBackendsCpu(db) });
        for (let i = 0; i < clicks.length; i += INGEST_BATCH) await ingestClicks(db, clicks.slice(i, i + INGEST_BATCH));
        const ingestS = (performance.now() - t) / 1000;
        const ingestUse = await ingestCpu.stop();
        row.ingest = formatCount(clicks.length / ingestS);
        log(`ingest: ${formatCount(clicks.length)} clicks in ${ingestS.toFixed(2)} s, ${formatCount(clicks.length / ingestS)} clicks/s · CPU per click ${perOp(ingestUse.self, clicks.length)} here + ${perOp(ingestUse.postgres, clicks.length)} PostgreSQL`);

        // /link: half repeat a link that exists, half make one for a new group label.
        const asks = Array.from({ length: LINK_MESSAGES }, () => linkAsk++);
        const link = await timed(db, asks, async (i) => {
          const replies = await say(`/link #${productOf(world, i % 1000)} ${i % 2 === 0 ? 'family' : `group ${i}`}`);
          if (!replies[0]?.text.includes('https://dc.bench/r/')) throw new Error(`/link did not answer with a link: ${JSON.stringify(replies)}`);
        });
        row.link = `${ms(link.p50)} / ${ms(link.p95)}`;
        log(`/link (engine): p50 ${ms(link.p50)} · p95 ${ms(link.p95)} ms · CPU ${link.cpu}`);

        // /stats of the engine's influencer (read by influencer from the rollups, however many others there are), and the dashboard's 30 days.
        const botStats = await timed(db, Array.from({ length: STATS_CALLS }, (_, i) => i), async () => { await say('/stats 30d'); });
        row.botStats = `${ms(botStats.p50)} / ${ms(botStats.p95)}`;
        log(`/stats 30d (engine): p50 ${ms(botStats.p50)} · p95 ${ms(botStats.p95)} ms · CPU ${botStats.cpu}`);
        const overview = await timed(db, Array.from({ length: 5 }, (_, i) => i), async () => { await deps.services.stats.stats.overview(BENCH); });
        row.adminStats = ms(overview.p50);
        log(`admin stats overview (today and 30 days, rollups): p50 ${ms(overview.p50)} · max ${ms(overview.p99)} ms · CPU ${overview.cpu}`);

        // Settlement: the hourly approval job, 10,000 matured commissions among the N settled ones.
        await layDownMatured(db, world, MATURED, now, `S${rows}`);
        t = performance.now();
        const settleCpu = await startCpuMeter({ self: selfCpu(), postgres: postgresBackendsCpu(db) });
        const approval = await approveMaturedCommissions({ store: createSettlementStore(db), clock: { now: () => now }, notifier: silentNotifier }, BENCH);
        const approveS = (performance.now() - t) / 1000;
        const settleUse = await settleCpu.stop();
        row.settlement = `${approveS.toFixed(2)} s`;
        log(`settlement.approve: ${formatCount(approval.approved)} approved in ${approval.batches} batches, ${approveS.toFixed(2)} s · CPU ${perOp(settleUse.postgres, 1)} PostgreSQL in all`);
        if (approval.approved !== MATURED) throw new Error(`approval approved ${approval.approved} commissions, not ${MATURED}`);
        table.push(row);
      }

      log('\nplans at the largest size (EXPLAIN ANALYZE of each statement):');
      for (const line of await explainAll(db, env.databaseUrl, world, now)) log(`  ${line}`);

      log('\n| rows of each | redirect p50 / p99 (ms) | ingest (clicks/s) | /link p50 / p95 (ms) | /stats p50 / p95 (ms) | dashboard 30 days p50 (ms) | approve 10,000 matured |');
      log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
      for (const r of table) log(`| ${formatCount(r.rows)} | ${r.redirect} | ${r.ingest} | ${r.link} | ${r.botStats} | ${r.adminStats} | ${r.settlement} |`);
      return { targets: [] };
    } finally {
      for (const close of closers.reverse()) await close().catch(() => undefined);
      await env.close();
    }
  },
};

/** The plans of the hot statements on the grown world, one line each. */
async function explainAll(db: Kysely<Database>, url: string, world: GrowthWorld, now: Date): Promise<string[]> {
  const g = Math.ceil(world.rows / 2);
  const clickId = (await db.selectFrom('clicks').select('id').where('link_id', '=', String(world.linkBase + g)).executeTakeFirstOrThrow()).id;
  await layDownMatured(db, world, MATURED, now, 'explained');
  const day = (d: Date) => d.toISOString().slice(0, 10);
  const calls: [string, Parameters<typeof plansOf>[1]][] = [
    ['redirect lookup by code', (on) => redirectTargetStore(on).findRedirectTarget(codeOf(g))],
    ['ingest, one batch of 1,000', (on) => ingestClicks(on, makeClicks(world, world.rows + 1).slice(0, INGEST_BATCH))],
    ['/stats of one influencer (30 days)', (on) => groupStats(on, influencerOf(world, g), { fromDay: day(new Date(now.getTime() - 30 * 86400_000)), from: new Date(now.getTime() - 30 * 86400_000) })],
    ['dashboard, 30 days by day', (on) => readDaily(on, { vendorId: null }, { fromDay: day(new Date(now.getTime() - 30 * 86400_000)), toDay: day(new Date(now.getTime() + 86400_000)) }, {})],
    ['postback: the click by id', (on) => findClickContext(on, clickId)],
    ['settlement: approval of 10,000 matured', (on) => approveMaturedCommissions({ store: createSettlementStore(on), clock: { now: () => now }, notifier: silentNotifier }, BENCH)],
  ];
  const lines: string[] = [];
  for (const [name, call] of calls) {
    const { plans } = await plansOf(url, call);
    // A chunked job runs the same statements once per chunk: each plan once.
    const described = [...new Set(plans.filter((p) => readsTables(p.plan)).map((p) => describePlan(p.plan)))];
    lines.push(`${name}: ${described.join(' · ')}`);
  }
  return lines;
}

/** INGEST_CLICKS clicks on random links of the world, now; one in ten a visitor back on a link within the day. */
function makeClicks(world: GrowthWorld, seed: number): ClickEvent[] {
  const clicks: ClickEvent[] = [];
  for (let i = 0; i < INGEST_CLICKS; i++) {
    const g = 1 + ((i * 104729 + seed) % world.rows);
    const repeat = i % 10 === 9 && i >= 100;
    const at = new Date(Date.now() - (INGEST_CLICKS - i) * 10);
    clicks.push({
      id: newClickId(at), linkId: String(world.linkBase + g), influencerId: influencerOf(world, g), productId: productOf(world, g),
      clickedAt: at.toISOString(), visitorId: repeat ? clicks[i - 100]!.visitorId : `gv-${seed}-${i}`, ipHash: null, userAgent: BROWSER_UA, referer: null,
    });
    if (repeat) Object.assign(clicks[i]!, { linkId: clicks[i - 100]!.linkId, influencerId: clicks[i - 100]!.influencerId, productId: clicks[i - 100]!.productId });
  }
  return clicks;
}

/** `count` distinct row numbers in 1..rows, different from one step to the next. */
function sample(rows: number, count: number, seed: number): number[] {
  const picked = new Set<number>();
  for (let k = 0; picked.size < count; k++) picked.add(1 + ((k * 7727 + seed * 31) % rows));
  return [...picked];
}

/** Runs `run` on each input in turn: latency percentiles, and CPU per call here and in PostgreSQL. */
async function timed<T>(db: Kysely<Database>, inputs: T[], run: (input: T) => Promise<void>) {
  const meter = await startCpuMeter({ self: selfCpu(), postgres: postgresBackendsCpu(db) });
  const timings: number[] = [];
  for (const input of inputs) {
    const started = performance.now();
    await run(input);
    timings.push(performance.now() - started);
  }
  const cpu = await meter.stop();
  timings.sort((a, b) => a - b);
  return { p50: percentile(timings, 50), p95: percentile(timings, 95), p99: percentile(timings, 99), cpu: `${perOp(cpu.self, inputs.length)} here + ${perOp(cpu.postgres, inputs.length)} PostgreSQL` };
}

const ms = (value: number) => value.toFixed(2);
const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1);
const perOp = (micros: number | undefined, ops: number) => (micros === undefined ? 'n/a' : `${(micros / ops / 1000).toFixed(3)} ms`);

// `tsx bench/growth.bench.ts` runs this benchmark alone.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await growthBenchmark.run((line) => console.log(line));
}

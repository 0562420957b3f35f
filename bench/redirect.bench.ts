import { buildAppDeps } from '../cli/app-deps.ts';
import crypto from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { pino } from 'pino';
import { buildApp } from '../api/app.ts';
import { systemClock } from '../core/shared/clock.ts';
import { generateShortCode } from '../core/shared/ids.ts';
import { silentNotifier } from '../core/notifications/notifications.ts';
import { createSecretBox } from '../core/shared/secret-box.ts';
import { createClickQueue } from '../queue/clicks.queue.ts';
import { startClickWorker } from '../queue/clicks.worker.ts';
import type { Benchmark } from './support/benchmark.ts';
import { startChildServer } from './support/child-server.ts';
import { createBenchEnvironment, type BenchEnvironment } from './support/environment.ts';
import { formatCount, formatMegabytes, formatRatio, verdict } from './support/format.ts';
import { runLoad, type LoadResult } from './support/load.ts';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const WARMUP_S = 2;
const DRAIN_LIMIT_MS = 180_000;
const BROWSER_UA = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Mobile Safari/537.36';
const TARGET_RATIO = 0.7;
const TARGET_P99_MS = 10;
const TARGET_RSS_BYTES = 300 * 1024 * 1024;

/**
 * DESIGN.md "Figures": the redirect reaches at least 70% of a bare Fastify route that 302s to
 * a constant URL (same machine, same connections, same run), p99 under 10 ms at 50
 * connections, the all-in-one process under 300 MB RSS, and every 302 later has its click row.
 * The real app and the click worker run in this process, as `dealcast start all` runs them; the
 * baseline runs in a process of its own, so that its CPU and memory are not counted against the app.
 */
export const redirectBenchmark: Benchmark = {
  name: 'redirect',
  description: `GET /r/:code against a bare Fastify 302, ${CONNECTIONS} connections, ${DURATION_S} s each`,
  async run(log) {
    const env = await createBenchEnvironment();
    const closers: (() => Promise<unknown>)[] = [];
    try {
      const code = await seedLink(env);
      const clickQueue = createClickQueue({ connection: env.redis, prefix: env.prefix });
      closers.push(() => clickQueue.close());
      const logger = pino({ level: 'error' });
      const worker = await startClickWorker({ connection: env.redis, prefix: env.prefix, db: env.database.db, logger });
      closers.push(() => worker.close());
      const secretBox = createSecretBox(crypto.randomBytes(32).toString('hex'));
      const deps = buildAppDeps({
        db: env.database.db,
        redis: env.redis,
        clicks: clickQueue.sink,
        secretBox,
        clock: systemClock,
        logger,
        publicUrl: 'http://127.0.0.1',
        ipHashKey: crypto.randomBytes(32).toString('hex'),
        redisPrefix: env.prefix,
        notifier: silentNotifier,
      });
      const app = await buildApp(deps);
      closers.push(() => app.close());
      await app.listen({ port: 0, host: '127.0.0.1' });
      const redirectUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/r/${code}`;
      const baseline = await startChildServer(new URL('./support/baseline-server.ts', import.meta.url));
      closers.push(() => baseline.close());
      const baselineUrl = `${baseline.url}/r/constant`;

      const headers = { 'user-agent': BROWSER_UA };
      const first = await fetch(redirectUrl, { redirect: 'manual', headers });
      if (first.status !== 302) throw new Error(`the redirect answered ${first.status}, not 302`);
      const load = (url: string, durationSeconds = DURATION_S) => runLoad({ url, connections: CONNECTIONS, durationSeconds, headers });

      // Warm both up (JIT, link caches, connection pools) before measuring; the baseline goes first.
      await load(baselineUrl, WARMUP_S);
      const base = await load(baselineUrl);
      log(`bare Fastify 302 (own process): ${describeLoad(base)}`);
      await load(redirectUrl, WARMUP_S);
      await waitForDrain(clickQueue.isIdle);

      // 1. All in one process, as `dealcast start all` runs: the worker stores clicks while the load runs.
      let before = await countClicks(env);
      const measured = await load(redirectUrl);
      const storedAtEnd = (await countClicks(env)) - before;
      const ratio = measured.requestsPerSecond / base.requestsPerSecond;
      log(`redirect: ${formatCount(measured.requestsPerSecond)} req/s, p99 ${measured.p99Ms} ms `
        + `(${formatRatio(ratio)} bare Fastify ${formatCount(base.requestsPerSecond)} req/s, p99 ${base.p99Ms} ms)`);
      log(`  app and click worker in one process; p50 ${measured.p50Ms} ms; status codes: ${statusLine(measured)}`);
      log(`  throughput ratio ${formatRatio(ratio)}  ${verdict(ratio >= TARGET_RATIO, `≥ ${formatRatio(TARGET_RATIO)}`)}`);
      log(`  p99 ${measured.p99Ms} ms  ${verdict(measured.p99Ms < TARGET_P99_MS, `< ${TARGET_P99_MS} ms`)}`);
      log(`  peak RSS of the all-in-one process under load ${formatMegabytes(measured.peakRssBytes)}  `
        + verdict(measured.peakRssBytes < TARGET_RSS_BYTES, `< ${formatMegabytes(TARGET_RSS_BYTES)}`));
      const firstCheck = await checkEveryClickStored(env, clickQueue.isIdle, before, storedAtEnd, measured.byStatus['302'] ?? 0, log);

      // 2. The same with the worker paused: what the redirect costs alone while clicks wait in Redis.
      await worker.worker.pause();
      before = await countClicks(env);
      const alone = await load(redirectUrl);
      log(`redirect, worker paused (clicks wait in Redis): ${formatCount(alone.requestsPerSecond)} req/s, p99 ${alone.p99Ms} ms `
        + `(${formatRatio(alone.requestsPerSecond / base.requestsPerSecond)} bare), peak RSS ${formatMegabytes(alone.peakRssBytes)}`);
      worker.worker.resume();
      const secondCheck = await checkEveryClickStored(env, clickQueue.isIdle, before, 0, alone.byStatus['302'] ?? 0, log);

      return {
        targets: [
          { label: `redirect throughput ≥ ${formatRatio(TARGET_RATIO)} bare Fastify`, met: ratio >= TARGET_RATIO },
          { label: `redirect p99 < ${TARGET_P99_MS} ms`, met: measured.p99Ms < TARGET_P99_MS },
          { label: `RSS under redirect load < ${formatMegabytes(TARGET_RSS_BYTES)}`, met: measured.peakRssBytes < TARGET_RSS_BYTES },
          { label: 'every 302 has a click row in Postgres', met: firstCheck && secondCheck },
        ],
      };
    } finally {
      for (const close of closers.reverse()) await close().catch(() => undefined);
      await env.close();
    }
  },
};

/** Waits for the queue to drain, then compares the click rows written since `before` with the 302s served. */
async function checkEveryClickStored(
  env: BenchEnvironment,
  isIdle: () => Promise<boolean>,
  before: number,
  storedAtEnd: number,
  redirected: number,
  log: (line: string) => void,
): Promise<boolean> {
  const started = Date.now();
  const drained = await waitForDrain(isIdle);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const stored = (await countClicks(env)) - before;
  log(`  worker: ${formatCount(storedAtEnd)} clicks in Postgres when the load ended, ${formatCount(stored - storedAtEnd)} more after `
    + `draining for ${seconds} s${drained ? '' : ' (gave up waiting: the queue is not empty)'}`);
  // A request cut off when autocannon stops may have queued its click without its 302 being counted: ≥, not =.
  const ok = drained && stored >= redirected;
  log(`  every 302 has a click row: ${ok ? 'yes' : 'NO'} (${formatCount(redirected)} redirects, ${formatCount(stored)} click rows)`);
  return ok;
}

async function seedLink(env: BenchEnvironment): Promise<string> {
  const { db } = env.database;
  const tag = crypto.randomBytes(4).toString('hex');
  const vendor = await db.insertInto('vendors').values({ name: 'Bench vendor', key_id: `vk_bench_${tag}`, secret_encrypted: 'unused' })
    .returning('id').executeTakeFirstOrThrow();
  const brand = await db.insertInto('brands').values({ vendor_id: vendor.id, name: 'Bench brand', slug: `bench-${tag}`, commission_rate_bps: 1000 })
    .returning('id').executeTakeFirstOrThrow();
  const product = await db.insertInto('products').values({
    vendor_id: vendor.id, brand_id: brand.id, sku: 'BENCH-1', title: 'Benchmark earbuds', url: 'https://shop.example/p/bench?ref=feed',
    image_url: 'https://shop.example/img/bench.jpg', price: 4999, currency: 'EUR',
  }).returning('id').executeTakeFirstOrThrow();
  const influencer = await db.insertInto('influencers').values({ display_name: 'Bench influencer', recruit_code: generateShortCode(8) })
    .returning('id').executeTakeFirstOrThrow();
  const code = generateShortCode();
  await db.insertInto('links').values({ code, influencer_id: influencer.id, product_id: product.id, channel: 'whatsapp' }).execute();
  return code;
}

async function countClicks(env: BenchEnvironment): Promise<number> {
  const { rows } = await sql<{ n: string }>`SELECT count(*) AS n FROM clicks`.execute(env.database.db);
  return Number(rows[0]?.n ?? 0);
}

async function waitForDrain(isIdle: () => Promise<boolean>): Promise<boolean> {
  const deadline = Date.now() + DRAIN_LIMIT_MS;
  while (Date.now() < deadline) {
    if (await isIdle()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

function describeLoad(result: LoadResult): string {
  return `${formatCount(result.requestsPerSecond)} req/s, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms (${statusLine(result)})`;
}

function statusLine(result: LoadResult): string {
  const codes = Object.entries(result.byStatus).map(([status, count]) => `${status}: ${formatCount(count)}`).join(', ') || 'no responses';
  return `${codes}${result.errors ? `, ${formatCount(result.errors)} errors` : ''}${result.timeouts ? `, ${formatCount(result.timeouts)} timeouts` : ''}`;
}

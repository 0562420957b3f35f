import { buildAppDeps } from '../cli/app-deps.ts';
import { HEAP_GROWING_PERCENT, limitHeapGrowth } from '../cli/heap-growth.ts';
import crypto from 'node:crypto';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { sql } from 'kysely';
import { pino } from 'pino';
import { buildApp } from '../api/app.ts';
import type { ClickSink } from '../core/clicks/clicks.ports.ts';
import { systemClock } from '../core/shared/clock.ts';
import { generateShortCode } from '../core/shared/ids.ts';
import { silentNotifier } from '../core/notifications/notifications.ts';
import { createSecretBox } from '../core/shared/secret-box.ts';
import { Registry } from 'prom-client';
import { createHttpMetrics } from '../api/observability/http-metrics.ts';
import { createClickQueue } from '../queue/clicks.queue.ts';
import { startClickWorker } from '../queue/clicks.worker.ts';
import { createRedis } from '../queue/connection.ts';
import { createJobMetrics } from '../queue/job-metrics.ts';
import type { Benchmark } from './support/benchmark.ts';
import { startChildServer } from './support/child-server.ts';
import { busiestProfileIn, formatProfileSummary, startCpuProfile, summariseProfile } from './support/cpu-profile.ts';
import {
  postgresBackendsCpu, postgresBackgroundCpu, processCpu, redisServerCpu, selfCpu, startCpuMeter,
} from './support/cpu.ts';
import { createBenchEnvironment, type BenchEnvironment } from './support/environment.ts';
import { formatCount, formatMegabytes, formatRatio, verdict } from './support/format.ts';
import { describeLoad, runLoad } from './support/load.ts';
import { costModel, type Phase, type Source } from './support/redirect-cost-model.ts';
import { describeAllInOneCeiling, measureStoreFloor } from './support/all-in-one-ceiling.ts';
import { loadStartAll } from './support/start-all-load.ts';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
/** A folder: each measured phase is also CPU-profiled, written there and summarised (its figures then include the profiler's cost). */
const PROFILE_DIR = process.env.BENCH_PROFILE_DIR;
const WARMUP_S = 2;
const DRAIN_LIMIT_MS = 180_000;
/** Clicks bulk-loaded again to measure the store stage's floor. */
const STORE_FLOOR_CLICKS = 100_000;
const BROWSER_UA = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Mobile Safari/537.36';
const TARGET_RATIO = 0.4;
const TARGET_P99_MS = 15;
const TARGET_ALONE_RATIO = 0.75;
const TARGET_ALONE_P99_MS = 8;
const TARGET_RSS_BYTES = 250 * 1024 * 1024;

/**
 * DESIGN.md "Figures": the redirect path (a click made durable in Redis before the 302) reaches
 * at least 75% of a bare Fastify route that 302s to a constant URL (same machine, same
 * connections, same run) with p99 under 8 ms; all in one process with the click worker, at
 * least 40% with p99 under 15 ms and under 250 MB RSS; every 302 later has its click row. The
 * real app and the click worker run in this process, as `dealcast start all` runs them; the
 * baseline runs in a process of its own, so that its CPU and memory are not counted against the
 * app. Beside the figures, a cost model: the CPU microseconds one click costs in each stage,
 * from the processes' own counters (robust where wall-clock throughput is not).
 */
export const redirectBenchmark: Benchmark = {
  name: 'redirect',
  description: `GET /r/:code against a bare Fastify 302, ${CONNECTIONS} connections, ${DURATION_S} s each`,
  async run(log) {
    const env = await createBenchEnvironment();
    const closers: (() => Promise<unknown>)[] = [];
    // This process stands for `dealcast start all`, so it runs with the heap setting the CLI gives it.
    limitHeapGrowth();
    closers.push(async () => limitHeapGrowth(0));
    try {
      const code = await seedLink(env);
      const clickQueue = createClickQueue({ connection: env.redis, prefix: env.prefix });
      closers.push(() => clickQueue.close());
      const logger = pino({ level: 'error' });
      // As cli/roles.ts wires `start all`: the worker on a connection of its own, job and HTTP metrics recorded.
      const registry = new Registry();
      const workerConnection = createRedis(env.redisUrl);
      closers.push(async () => workerConnection.disconnect());
      const worker = await startClickWorker({ connection: workerConnection, prefix: env.prefix, db: env.database.db, logger });
      closers.push(() => worker.close());
      createJobMetrics(registry, { redis: env.redis, prefix: env.prefix, logger }).observe(worker.worker);
      // Dropping clicks measures the redirect handler without its durable enqueue.
      let dropClicks = false;
      const sink: ClickSink = { enqueue: (click) => (dropClicks ? Promise.resolve() : clickQueue.sink.enqueue(click)) };
      const secretBox = createSecretBox(crypto.randomBytes(32).toString('hex'));
      const deps = buildAppDeps({
        db: env.database.db,
        redis: env.redis,
        clicks: sink,
        secretBox,
        clock: systemClock,
        logger,
        publicUrl: 'http://127.0.0.1',
        ipHashKey: crypto.randomBytes(32).toString('hex'),
        redisPrefix: env.prefix,
        notifier: silentNotifier,
        metrics: createHttpMetrics(registry),
      });
      const app = await buildApp(deps);
      closers.push(() => app.close());
      await app.listen({ port: 0, host: '127.0.0.1' });
      const redirectUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/r/${code}`;
      // Every thread of the child writes a profile (tsx's module loader runs in one of its own):
      // they go to a folder of their own, and the server's is the busiest one.
      const baselineProfiles = PROFILE_DIR ? path.join(PROFILE_DIR, 'redirect-bare-server') : '';
      if (baselineProfiles) fs.rmSync(baselineProfiles, { recursive: true, force: true });
      const baseline = await startChildServer(
        new URL('./support/baseline-server.ts', import.meta.url),
        baselineProfiles ? ['--cpu-prof', '--cpu-prof-dir', baselineProfiles, '--cpu-prof-interval', '200'] : [],
      );
      closers.push(() => baseline.close());
      const baselineUrl = `${baseline.url}/r/constant`;
      const floorUrl = `${baseline.url}/floor/constant`;

      // A person's browser: a phone's user agent and the language it asks for (a browser string without one counts as a script).
      const headers = { 'user-agent': BROWSER_UA, 'accept-language': 'pl-PL,pl;q=0.9,en;q=0.8' };
      const first = await fetch(redirectUrl, { redirect: 'manual', headers });
      if (first.status !== 302) throw new Error(`the redirect answered ${first.status}, not 302`);
      const load = (url: string, durationSeconds = DURATION_S) => runLoad({ url, connections: CONNECTIONS, durationSeconds, headers });
      const meter = () => startCpuMeter<Source>({
        app: selfCpu(),
        baseline: processCpu(baseline.pid),
        postgres: postgresBackendsCpu(env.database.db),
        postgresBackground: postgresBackgroundCpu(),
        redis: redisServerCpu(env.redis),
      });
      /** One measured load; `drained` (when given) goes on measuring until the queue is empty. */
      const measure = async (name: string, url: string, drained?: { before: number }) => {
        // The yardsticks are profiled in their own process.
        const profiler = PROFILE_DIR && name !== 'bare' && name !== 'floor' ? await startCpuProfile(PROFILE_DIR, `redirect-${name}`) : undefined;
        const cpuMeter = await meter();
        const result = await load(url);
        const cpu = await cpuMeter.read();
        const phase: Phase = { load: result, clicks: result.byStatus['302'] ?? 0, cpu };
        let drain: Drain | undefined;
        if (drained) drain = await drainQueue(env, clickQueue.isIdle, drained.before);
        const total = await cpuMeter.stop();
        if (profiler) {
          const summary = summariseProfile(await profiler.stop());
          log(`  CPU profile of this process (${name}; written to ${PROFILE_DIR}/redirect-${name}.cpuprofile):`);
          for (const line of formatProfileSummary(summary)) log(`    ${line}`);
        }
        return { phase, drain, total };
      };

      // Warm both up (JIT, link caches, connection pools) before measuring; the baseline goes first.
      await load(baselineUrl, WARMUP_S);
      const bare = (await measure('bare', baselineUrl)).phase;
      log(`bare Fastify 302 (own process): ${describeLoad(bare.load)}`);
      log(`  ${describeCores(bare, 'baseline')}`);
      // The same process, the redirect's own work added: what any redirect doing that work reaches here.
      await load(floorUrl, WARMUP_S);
      const floor = (await measure('floor', floorUrl)).phase;
      const floorRatio = floor.load.requestsPerSecond / bare.load.requestsPerSecond;
      log(`redirect floor (the bare server doing only what every redirect must: preview and bot signals, visitor id, address hash, click id and event, tracked URL, cookie; `
        + `clicks dropped): ${describeLoad(floor.load)}`);
      log(`  throughput ratio ${formatRatio(floorRatio)} of the bare 302: no redirect doing this work gets above it on this machine, `
        + `so the ≥ ${formatRatio(TARGET_ALONE_RATIO)} target is ${floorRatio >= TARGET_ALONE_RATIO ? 'within reach' : 'out of reach'} here`);
      log(`  ${describeCores(floor, 'baseline')}`);
      // Its work is done: stopping it frees its memory and writes its profile.
      await baseline.close();
      if (baselineProfiles) {
        const busiest = busiestProfileIn(baselineProfiles);
        if (busiest) {
          log(`  CPU profile of the bare server (its whole life; ${busiest.file}):`);
          for (const line of formatProfileSummary(busiest.summary)) log(`    ${line}`);
        }
      }
      await load(redirectUrl, WARMUP_S);
      await waitForDrain(clickQueue.isIdle);

      // 1. All in one process, as `dealcast start all` runs: the worker stores clicks while the load runs.
      const together = await measure('all-in-one', redirectUrl, { before: await countClicks(env) });
      const measured = together.phase.load;
      const ratio = measured.requestsPerSecond / bare.load.requestsPerSecond;
      log(`redirect, app and click worker in one process: ${describeLoad(measured)}`);
      log(`  throughput ratio ${formatRatio(ratio)}  ${verdict(ratio >= TARGET_RATIO, `≥ ${formatRatio(TARGET_RATIO)}`)}`);
      log(`  p99 ${measured.p99Ms} ms  ${verdict(measured.p99Ms < TARGET_P99_MS, `< ${TARGET_P99_MS} ms`)}`);
      log(`  ${describeCores(together.phase, 'app')}`);
      const firstCheck = reportStored(together.drain!, together.phase.clicks, log);

      // 2. The worker paused: what the redirect path costs while clicks wait durably in Redis.
      await worker.worker.pause();
      const beforePaused = await countClicks(env);
      const paused = await measure('paused', redirectUrl);
      const alone = paused.phase.load;
      const aloneRatio = alone.requestsPerSecond / bare.load.requestsPerSecond;
      log(`redirect path alone, worker paused (clicks wait in Redis): ${describeLoad(alone)}`);
      log(`  throughput ratio ${formatRatio(aloneRatio)}  ${verdict(aloneRatio >= TARGET_ALONE_RATIO, `≥ ${formatRatio(TARGET_ALONE_RATIO)}`)}`);
      log(`  p99 ${alone.p99Ms} ms  ${verdict(alone.p99Ms < TARGET_ALONE_P99_MS, `< ${TARGET_ALONE_P99_MS} ms`)}`);
      log(`  ${describeCores(paused.phase, 'app')}`);
      // Then the worker catches up on the backlog alone, in large batches.
      const catchUpMeter = await meter();
      worker.worker.resume();
      const catchUp = await drainQueue(env, clickQueue.isIdle, beforePaused);
      const catchUpCpu = await catchUpMeter.stop();
      const secondCheck = reportStored(catchUp, paused.phase.clicks, log);

      // 3. Clicks dropped instead of queued: the redirect handler alone (Fastify, link cache, visitor id, click event).
      dropClicks = true;
      const handler = (await measure('handler', redirectUrl)).phase;
      dropClicks = false;
      log(`redirect handler alone (clicks dropped, not queued): ${describeLoad(handler.load)}`);
      log(`  ${describeCores(handler, 'app')}`);

      // 4. The real `dealcast start all` (every role, as a user runs it), for its memory and CPU.
      const startAll = await loadStartAll(env, code, { headers, connections: CONNECTIONS, durationSeconds: DURATION_S, warmupSeconds: WARMUP_S }, log);
      // The store stage at its floor, on rows the loads stored; last, since the copies (counted,
      // of the same visitor) would change what the click rules find for any later click.
      const storeFloor = await measureStoreFloor(env.database.db, STORE_FLOOR_CLICKS);

      // As `start all` runs (cli/heap-growth.ts); the V8 default lets the heap grow to ~4× its live size.
      const peakRss = Math.max(measured.peakRssBytes, alone.peakRssBytes, handler.load.peakRssBytes);
      // For comparison only: this process also holds the bench's own code, results and yardstick, which `start all` does not.
      log(`peak RSS of this bench process under redirect load: ${formatMegabytes(peakRss)} (all in one ${formatMegabytes(measured.peakRssBytes)}, `
        + `worker paused ${formatMegabytes(alone.peakRssBytes)}, clicks dropped ${formatMegabytes(handler.load.peakRssBytes)}; `
        + `heap growing ${HEAP_GROWING_PERCENT}% as in \`start all\`; not a target: the target is \`start all\`'s, below)`);
      log(`peak RSS of \`dealcast start all\` under redirect load: ${formatMegabytes(startAll.peakRssBytes)} (${formatMegabytes(startAll.idleRssBytes)} idle)  `
        + verdict(startAll.peakRssBytes < TARGET_RSS_BYTES, `< ${formatMegabytes(TARGET_RSS_BYTES)}`));

      const ceiling = storeFloor && describeAllInOneCeiling({ floor, paused: paused.phase, together: together.phase, bare, store: storeFloor }, TARGET_RATIO);
      if (ceiling) log(ceiling);
      for (const line of costModel({ bare, floor, handler, paused: paused.phase, together: { ...together.phase, total: together.total }, catchUp: { cpu: catchUpCpu, clicks: catchUp.stored } })) log(line);

      return {
        targets: [
          { label: `redirect all in one ≥ ${formatRatio(TARGET_RATIO)} bare Fastify`, met: ratio >= TARGET_RATIO },
          { label: `redirect all in one p99 < ${TARGET_P99_MS} ms`, met: measured.p99Ms < TARGET_P99_MS },
          { label: `redirect path alone (worker paused) ≥ ${formatRatio(TARGET_ALONE_RATIO)} bare Fastify`, met: aloneRatio >= TARGET_ALONE_RATIO },
          { label: `redirect path alone p99 < ${TARGET_ALONE_P99_MS} ms`, met: alone.p99Ms < TARGET_ALONE_P99_MS },
          { label: `RSS of \`dealcast start all\` under redirect load < ${formatMegabytes(TARGET_RSS_BYTES)}`, met: startAll.peakRssBytes < TARGET_RSS_BYTES },
          { label: 'every 302 has a click row in Postgres', met: firstCheck && secondCheck },
        ],
      };
    } finally {
      for (const close of closers.reverse()) await close().catch(() => undefined);
      await env.close();
    }
  },
};

interface Drain {
  drained: boolean;
  seconds: number;
  /** Click rows written since `before`. */
  stored: number;
  /** Of them, rows already there when the drain began (when the load ended). */
  storedAtStart: number;
}

/** Waits for the queue to drain, counting the click rows written since `before`. */
async function drainQueue(env: BenchEnvironment, isIdle: () => Promise<boolean>, before: number): Promise<Drain> {
  const storedAtStart = (await countClicks(env)) - before;
  const started = Date.now();
  const drained = await waitForDrain(isIdle);
  return { drained, seconds: (Date.now() - started) / 1000, stored: (await countClicks(env)) - before, storedAtStart };
}

/** Compares the click rows written with the 302s served. */
function reportStored(drain: Drain, redirected: number, log: (line: string) => void): boolean {
  log(`  worker: ${formatCount(drain.storedAtStart)} clicks in Postgres when the load ended, ${formatCount(drain.stored - drain.storedAtStart)} more after `
    + `draining for ${drain.seconds.toFixed(1)} s${drain.drained ? '' : ' (gave up waiting: the queue is not empty)'}`);
  // A request cut off when autocannon stops may have queued its click without its 302 being counted: ≥, not =.
  const ok = drain.drained && drain.stored >= redirected;
  log(`  every 302 has a click row: ${ok ? 'yes' : 'NO'} (${formatCount(redirected)} redirects, ${formatCount(drain.stored)} click rows)`);
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

/** How much of the machine's cores each process took during a load: shows what saturates. */
function describeCores({ load, cpu }: Phase, server: 'app' | 'baseline'): string {
  const cores = (micros: number | undefined) => (micros === undefined ? 'n/a' : (micros / DURATION_S / 1_000_000).toFixed(2));
  return `cores busy: ${server === 'app' ? 'app' : 'bare server'} ${cores(cpu[server])}, autocannon ${cores(load.loadGeneratorCpuMicros)}, `
    + `Redis ${cores(cpu.redis)}, PostgreSQL ${cores(cpu.postgres)} (+ ${cores(cpu.postgresBackground)} background)`;
}

import crypto from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { pino } from 'pino';
import type { ClickEvent } from '../core/clicks/clicks.ports.ts';
import { newClickId } from '../core/clicks/click-id.ts';
import { generateShortCode } from '../core/shared/ids.ts';
import { newVisitorId } from '../core/clicks/visitor-identity.ts';
import { ensureClickPartitions } from '../db/clicks.repository.ts';
import type { Database } from '../db/schema.ts';
import { CLICK_JOB_OPTIONS, CLICKS_INGEST_JOB, createClickQueue } from '../queue/clicks.queue.ts';
import { startClickWorker } from '../queue/clicks.worker.ts';
import type { Benchmark } from './support/benchmark.ts';
import { BULK_ROWS_PER_STATEMENT, bulkLoadClicks } from './support/click-bulk-load.ts';
import { createBenchEnvironment, type BenchEnvironment } from './support/environment.ts';
import { formatCount, formatRatio, passOrFail, verdict } from './support/format.ts';
import { formatProfileSummary, startCpuProfile, summariseProfile } from './support/cpu-profile.ts';
import { postgresBackendsCpu, postgresBackgroundCpu, redisServerCpu, selfCpu, startCpuMeter, type CpuReading } from './support/cpu.ts';

const CLICKS = Number(process.env.BENCH_INGEST_CLICKS ?? 200_000);
/** About what the redirect's group commit writes per job under load. */
const CLICKS_PER_JOB = 25;
const LINKS = 200;
/**
 * About one click in ten comes from a visitor coming back to a link they clicked once before,
 * REPEAT_DISTANCE clicks earlier (a multiple of LINKS, so the same link): a duplicate to mark,
 * found among the stored clicks, about 20 transactions after the first. Overridable to test the
 * worst case (BENCH_INGEST_REPEAT_DISTANCE=1000: the next transaction, so that consecutive
 * transactions wait on each other's locks).
 */
const REPEAT_EVERY = 5;
const REPEAT_DISTANCE = Number(process.env.BENCH_INGEST_REPEAT_DISTANCE ?? 20_000);
const TARGET_PER_S = 30_000;
const TARGET_RATIO = 0.6;
/** A folder: each measured phase is also CPU-profiled, written there and summarised (its figures then include the profiler's cost). */
const PROFILE_DIR = process.env.BENCH_PROFILE_DIR;
const USER_AGENT = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Mobile Safari/537.36';

type Source = 'worker' | 'postgres' | 'postgresBackground' | 'redis';

interface Run {
  seconds: number;
  /** CPU µs by source: this process (the worker, or the bulk loader's client side), the bench database's backends, PostgreSQL's shared background processes, the Redis server. */
  cpu: CpuReading<Source>;
}

/**
 * DESIGN.md "Figures": at least 30,000 clicks/s from queue to PostgreSQL with duplicate marking
 * and rollups, and at least 0.6× a bulk load of the same rows with no rules, in the same run.
 * The same rows are first bulk-loaded into the clicks table (same columns and indexes; no
 * duplicate check, no rollups), which is then emptied; then the queue is filled with them in
 * jobs of 25 and the click worker (this process) drains it. About one click in ten is a visitor
 * coming back to a link (see REPEAT_DISTANCE), so the duplicate rule has work to do across jobs.
 * CPU per click is reported for this process and for the PostgreSQL backends, to show where the cost is.
 */
export const clickIngestBenchmark: Benchmark = {
  name: 'click-ingest',
  description: `${formatCount(CLICKS)} queued clicks in jobs of ${CLICKS_PER_JOB}, drained by the click worker into Postgres, against a bulk load of the same rows`,
  async run(log) {
    const env = await createBenchEnvironment();
    const { db } = env.database;
    const clickQueue = createClickQueue({ connection: env.redis, prefix: env.prefix });
    try {
      const clicks = makeClicks(await seedLinks(env));
      // Both runs write into the month's own partition, as the worker's partition check arranges.
      await ensureClickPartitions(db, new Date());
      const expectedCounted = new Set(clicks.map((c) => `${c.linkId}:${c.visitorId}`)).size;

      const bulk = await measure(env, 'bulk-load', log, () => bulkLoadClicks(db, clicks));
      const bulkStored = await countClicks(db);
      log(`bulk load (INSERT … SELECT FROM unnest, ${formatCount(BULK_ROWS_PER_STATEMENT)} rows a statement, one transaction, no rules): ${describe(bulk, bulkStored)}`);
      await sql`TRUNCATE clicks, click_rollups_daily`.execute(db);

      const jobs = [];
      for (let i = 0; i < clicks.length; i += CLICKS_PER_JOB) {
        jobs.push({ name: CLICKS_INGEST_JOB, data: { clicks: clicks.slice(i, i + CLICKS_PER_JOB) }, opts: CLICK_JOB_OPTIONS });
      }
      for (let i = 0; i < jobs.length; i += 1000) await clickQueue.queue.addBulk(jobs.slice(i, i + 1000));

      const commitsBefore = await countCommits(db);
      const ingest = await measure(env, 'ingest', log, async () => {
        const worker = await startClickWorker({ connection: env.redis, prefix: env.prefix, db, logger: pino({ level: 'error' }) });
        try {
          while (!(await clickQueue.isIdle())) await new Promise((resolve) => setTimeout(resolve, 50));
        } finally {
          await worker.close();
        }
      });
      const transactions = await countCommits(db, commitsBefore);
      const stored = await countClicks(db);
      const counted = await countCounted(db);
      const rolled = await rollupTotals(db);
      const honest = stored === CLICKS && counted === expectedCounted && rolled.total === CLICKS && rolled.counted === expectedCounted;

      const rate = stored / ingest.seconds;
      const bulkRate = bulkStored / bulk.seconds;
      const ratio = rate / bulkRate;
      log(`click ingest (queue → worker → PostgreSQL, duplicates marked, rollups): ${describe(ingest, stored)}  ${verdict(rate >= TARGET_PER_S, `≥ ${formatCount(TARGET_PER_S)} clicks/s`)}`);
      log(`  ${formatCount(transactions)} transactions committed meanwhile, ${formatCount(stored / Math.max(transactions, 1))} clicks each on average`);
      log(`ingest / bulk load: ${formatRatio(ratio)}  ${verdict(ratio >= TARGET_RATIO, `≥ ${formatRatio(TARGET_RATIO)} bulk load`)}`);
      log(`stored ${formatCount(stored)} of ${formatCount(CLICKS)}, counted ${formatCount(counted)} of ${formatCount(expectedCounted)} distinct visitor-links; `
        + `rollups ${formatCount(rolled.total)} total, ${formatCount(rolled.counted)} counted  ${passOrFail(honest)} every click stored once, counted once per visitor and link`);
      return {
        targets: [
          { label: `click ingest ≥ ${formatCount(TARGET_PER_S)} clicks/s (${formatCount(rate)})`, met: rate >= TARGET_PER_S },
          { label: `click ingest ≥ ${formatRatio(TARGET_RATIO)} bulk load (${formatRatio(ratio)})`, met: ratio >= TARGET_RATIO },
          { label: 'every queued click stored once, duplicates marked, rollups match', met: honest },
        ],
      };
    } finally {
      await clickQueue.close();
      await env.close();
    }
  },
};

/** Times `work` and the CPU it costs, by process; with BENCH_PROFILE_DIR set, also CPU-profiles this process meanwhile. */
async function measure(env: BenchEnvironment, name: string, log: (line: string) => void, work: () => Promise<void>): Promise<Run> {
  const meter = await startCpuMeter<Source>({
    worker: selfCpu(),
    postgres: postgresBackendsCpu(env.database.db),
    postgresBackground: postgresBackgroundCpu(),
    redis: redisServerCpu(env.redis),
  });
  const profiler = PROFILE_DIR ? await startCpuProfile(PROFILE_DIR, `click-ingest-${name}`) : undefined;
  const started = performance.now();
  await work();
  const seconds = (performance.now() - started) / 1000;
  const cpu = await meter.stop();
  if (profiler) {
    const summary = summariseProfile(await profiler.stop());
    log(`  CPU profile of this process (${name}; written to ${PROFILE_DIR}/click-ingest-${name}.cpuprofile):`);
    for (const line of formatProfileSummary(summary)) log(`    ${line}`);
  }
  return { seconds, cpu };
}

function describe(run: Run, clicks: number): string {
  const perClick = (us: number | undefined) => (us === undefined ? 'n/a' : (us / clicks).toFixed(1));
  return `${formatCount(clicks / run.seconds)} clicks/s (${formatCount(clicks)} in ${run.seconds.toFixed(2)} s); `
    + `CPU µs per click: this process ${perClick(run.cpu.worker)}, PostgreSQL backends ${perClick(run.cpu.postgres)} `
    + `(+ ${perClick(run.cpu.postgresBackground)} in its shared background processes, Redis ${perClick(run.cpu.redis)}: whole servers, other clients included)`;
}

function makeClicks(links: readonly { id: string; influencerId: string; productId: string }[]): ClickEvent[] {
  const clicks: ClickEvent[] = [];
  const repeated = new Set<number>();
  for (let i = 0; i < CLICKS; i++) {
    const link = links[i % links.length]!;
    // A visitor comes back once: the click they come back to is a first click of theirs.
    const repeat = i % REPEAT_EVERY === REPEAT_EVERY - 1 && i >= REPEAT_DISTANCE && !repeated.has(i - REPEAT_DISTANCE);
    if (repeat) repeated.add(i);
    clicks.push({
      id: newClickId(), linkId: link.id, influencerId: link.influencerId, productId: link.productId,
      clickedAt: new Date().toISOString(), visitorId: repeat ? clicks[i - REPEAT_DISTANCE]!.visitorId : newVisitorId(),
      ipHash: crypto.randomBytes(24).toString('base64url'), userAgent: USER_AGENT, referer: null,
    });
  }
  return clicks;
}

/**
 * Transactions committed in the bench database since `since` (all of it when omitted). Backends
 * report their counts when idle, at most once a second, so this waits for them to settle.
 */
async function countCommits(db: Kysely<Database>, since = 0): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const { rows } = await sql<{ n: string }>`SELECT xact_commit AS n FROM pg_stat_database WHERE datname = current_database()`.execute(db);
  return Number(rows[0]?.n ?? 0) - since;
}

async function countClicks(db: Kysely<Database>): Promise<number> {
  const { rows } = await sql<{ n: string }>`SELECT count(*) AS n FROM clicks`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

async function countCounted(db: Kysely<Database>): Promise<number> {
  const { rows } = await sql<{ n: string }>`SELECT count(*) AS n FROM clicks WHERE counted`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

async function rollupTotals(db: Kysely<Database>): Promise<{ total: number; counted: number }> {
  const { rows } = await sql<{ total: string | null; counted: string | null }>`
    SELECT sum(clicks_total) AS total, sum(clicks_counted) AS counted FROM click_rollups_daily
  `.execute(db);
  return { total: Number(rows[0]?.total ?? 0), counted: Number(rows[0]?.counted ?? 0) };
}

async function seedLinks(env: BenchEnvironment): Promise<{ id: string; influencerId: string; productId: string }[]> {
  const { db } = env.database;
  const tag = crypto.randomBytes(4).toString('hex');
  const vendor = await db.insertInto('vendors').values({ name: 'Bench vendor', key_id: `vk_ingest_${tag}`, secret_encrypted: 'unused' })
    .returning('id').executeTakeFirstOrThrow();
  const brand = await db.insertInto('brands').values({ vendor_id: vendor.id, name: 'Bench brand', slug: `ingest-${tag}`, commission_rate_bps: 1000 })
    .returning('id').executeTakeFirstOrThrow();
  const product = await db.insertInto('products').values({
    vendor_id: vendor.id, brand_id: brand.id, sku: 'INGEST-1', title: 'Benchmark earbuds', url: 'https://shop.example/p/bench', price: 4999, currency: 'EUR',
  }).returning('id').executeTakeFirstOrThrow();
  const influencer = await db.insertInto('influencers').values({ display_name: 'Bench influencer', recruit_code: generateShortCode(8) })
    .returning('id').executeTakeFirstOrThrow();
  return db.insertInto('links')
    .values(Array.from({ length: LINKS }, (_, i) => ({ code: generateShortCode(), influencer_id: influencer.id, product_id: product.id, channel: 'whatsapp' as const, group_label: `g${i}` })))
    .returning(['id', 'influencer_id as influencerId', 'product_id as productId'])
    .execute();
}

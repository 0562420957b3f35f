import crypto from 'node:crypto';
import { sql } from 'kysely';
import { pino } from 'pino';
import type { ClickEvent } from '../api/deps.ts';
import { newClickId } from '../core/clicks/click-id.ts';
import { generateShortCode } from '../core/shared/ids.ts';
import { newVisitorId } from '../core/clicks/visitor-identity.ts';
import { CLICK_JOB_OPTIONS, CLICKS_INGEST_JOB, createClickQueue } from '../queue/clicks.queue.ts';
import { startClickWorker } from '../queue/clicks.worker.ts';
import type { Benchmark } from './support/benchmark.ts';
import { createBenchEnvironment, type BenchEnvironment } from './support/environment.ts';
import { formatCount, verdict } from './support/format.ts';

const CLICKS = Number(process.env.BENCH_INGEST_CLICKS ?? 200_000);
/** About what the redirect's group commit writes per job under load. */
const CLICKS_PER_JOB = 25;
const LINKS = 200;
const TARGET_PER_S = 20_000;
const USER_AGENT = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Mobile Safari/537.36';

/**
 * DESIGN.md "Figures": 20,000 clicks/s sustained from queue to Postgres on 2 cores. The queue
 * is filled first, then the worker (this process) drains it; the rate is clicks stored over
 * the time to drain.
 */
export const clickIngestBenchmark: Benchmark = {
  name: 'click-ingest',
  description: `${formatCount(CLICKS)} queued clicks in jobs of ${CLICKS_PER_JOB}, drained by the click worker into Postgres`,
  async run(log) {
    const env = await createBenchEnvironment();
    const clickQueue = createClickQueue({ connection: env.redis, prefix: env.prefix });
    try {
      const links = await seedLinks(env);
      const jobs = [];
      for (let i = 0; i < CLICKS; i += CLICKS_PER_JOB) {
        const clicks: ClickEvent[] = [];
        for (let j = 0; j < CLICKS_PER_JOB; j++) {
          const link = links[(i + j) % links.length]!;
          clicks.push({
            id: newClickId(), linkId: link.id, influencerId: link.influencerId, productId: link.productId,
            clickedAt: new Date().toISOString(), visitorId: newVisitorId(), ipHash: crypto.randomBytes(24).toString('base64url'),
            userAgent: USER_AGENT, referer: null,
          });
        }
        jobs.push({ name: CLICKS_INGEST_JOB, data: { clicks }, opts: CLICK_JOB_OPTIONS });
      }
      for (let i = 0; i < jobs.length; i += 1000) await clickQueue.queue.addBulk(jobs.slice(i, i + 1000));

      const started = Date.now();
      const cpuBefore = process.cpuUsage();
      const worker = await startClickWorker({ connection: env.redis, prefix: env.prefix, db: env.database.db, logger: pino({ level: 'error' }) });
      try {
        while (!(await clickQueue.isIdle())) await new Promise((resolve) => setTimeout(resolve, 50));
      } finally {
        await worker.close();
      }
      const seconds = (Date.now() - started) / 1000;
      const cpu = process.cpuUsage(cpuBefore);
      const { rows } = await sql<{ n: string }>`SELECT count(*) AS n FROM clicks`.execute(env.database.db);
      const stored = Number(rows[0]?.n ?? 0);
      const rate = stored / seconds;
      log(`click ingest: ${formatCount(rate)} clicks/s (${formatCount(stored)} of ${formatCount(CLICKS)} clicks in ${seconds.toFixed(1)} s; `
        + `worker process CPU ${Math.round(((cpu.user + cpu.system) / 1e6 / seconds) * 100)}% of one core)  ${verdict(rate >= TARGET_PER_S, `≥ ${formatCount(TARGET_PER_S)} clicks/s`)}`);
      return {
        targets: [
          { label: `click ingest ≥ ${formatCount(TARGET_PER_S)} clicks/s`, met: rate >= TARGET_PER_S },
          { label: 'every queued click stored', met: stored === CLICKS },
        ],
      };
    } finally {
      await clickQueue.close();
      await env.close();
    }
  },
};

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

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { connectPostgres, type DatabaseHandle } from '../../db/connect.ts';
import { startClickWorker } from '../../queue/clicks.worker.ts';
import { createRedis } from '../../queue/connection.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { factories } from '../factories/index.ts';
import { TEST_REDIS_URL } from '../support/redis.ts';
import { storeClick } from '../support/clicks.ts';
import { sendSigned } from '../support/vendor.ts';
import { buildApp } from '../../api/app.ts';
import { buildAppDeps } from '../../cli/app-deps.ts';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.ts';

const BROWSER_UA = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';

let t: TestApp;
let proxy: TcpProxy;
let workerDb: DatabaseHandle;

beforeAll(async () => {
  t = await createTestApp();
  const url = new URL(t.database.url);
  proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
  url.port = String(proxy.port);
  workerDb = connectPostgres(url.toString(), { max: 2 });
});
afterAll(async () => {
  await workerDb?.close().catch(() => undefined);
  await proxy?.close();
  await t?.close();
});

describe('PostgreSQL unavailable to the click worker', () => {
  it('keeps redirecting; clicks wait in the queue and are all stored once PostgreSQL is back', async () => {
    const f = factories(t.database.db, t.deps.secretBox);
    const vendor = await f.vendor();
    const brand = await f.brand(vendor.id);
    const product = await f.product(brand);
    const influencer = await f.influencer();
    const link = await f.link(influencer.id, product.id);

    proxy.cut();
    const worker = await startClickWorker({ connection: createRedis(TEST_REDIS_URL), prefix: t.prefix, db: workerDb.db, logger: pino({ level: 'silent' }) });
    try {
      const clickIds: string[] = [];
      for (let i = 0; i < 30; i += 1) {
        const response = await t.app.inject({ method: 'GET', url: `/r/${link.code}`, headers: { 'user-agent': BROWSER_UA }, remoteAddress: `198.51.100.${i + 1}` });
        expect(response.statusCode).toBe(302);
        clickIds.push(new URL(response.headers.location as string).searchParams.get('dc_click')!);
      }

      // The worker has tried and failed: the batches wait in the queue for a retry with backoff.
      await expect.poll(async () => {
        const delayed = await t.clickQueue.queue.getJobs(['delayed']);
        return delayed.filter((job) => job.attemptsMade > 0).length;
      }, { timeout: 15_000 }).toBeGreaterThan(0);
      const failedForGood = await t.clickQueue.queue.getJobCounts('failed');
      expect(failedForGood.failed).toBe(0);
      const during = await t.database.db.selectFrom('clicks').select(({ fn }) => fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
      expect(Number(during.n)).toBe(0);

      proxy.restore();
      await expect.poll(async () => {
        const rows = await t.database.db.selectFrom('clicks').select('id').where('link_id', '=', link.id).execute();
        return rows.map((r) => r.id).sort();
      }, { timeout: 30_000, interval: 250 }).toEqual([...clickIds].sort());
      const rollup = await t.database.db.selectFrom('click_rollups_daily').select(['clicks_total']).where('link_id', '=', link.id).execute();
      expect(rollup.reduce((sum, r) => sum + Number(r.clicks_total), 0)).toBe(30);
    } finally {
      await worker.close();
    }
  }, 60_000);
});

describe('PostgreSQL unavailable to the API', () => {
  it('answers a postback 503 with Retry-After and loses nothing: the same postback sent again is taken once; known links keep redirecting', async () => {
    const f = factories(t.database.db, t.deps.secretBox);
    const vendor = await f.vendor();
    const product = await f.product(await f.brand(vendor.id));
    const link = await f.link((await f.influencer()).id, product.id);
    const clickId = await storeClick(t.database.db, link);
    // An API process whose database is behind the proxy.
    const app = await buildApp(buildAppDeps({ ...t.deps, db: workerDb.db, sessionSecret: 'test-session-secret' }));
    await app.ready();
    try {
      const tap = () => app.inject({ method: 'GET', url: `/r/${link.code}`, headers: { 'user-agent': BROWSER_UA }, remoteAddress: '198.51.100.77' });
      expect((await tap()).statusCode).toBe(302);

      proxy.cut();
      const order = { orderId: 'PG-DOWN-1', clickId, amount: 5000, currency: 'EUR' };
      const refused = await sendSigned(app, vendor.credentials, { method: 'POST', url: '/api/v1/conversions', body: order });
      expect(refused.statusCode, refused.body).toBe(503);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(refused.json()).toMatchObject({ error: { code: 'unavailable', message: expect.stringMatching(/nothing was recorded/) } });
      expect(refused.body).not.toMatch(/ECONN|pg|at \//);
      // The link was resolved before: people still reach the shop.
      expect((await tap()).statusCode).toBe(302);

      proxy.restore();
      const taken = await sendSigned(app, vendor.credentials, { method: 'POST', url: '/api/v1/conversions', body: order });
      expect(taken.statusCode, taken.body).toBe(202);
      expect(taken.json()).toMatchObject({ attributed: true });
      const rows = await t.database.db.selectFrom('conversions').select('id').where('vendor_id', '=', vendor.id).execute();
      expect(rows).toHaveLength(1);
    } finally {
      await app.close();
      proxy.restore();
    }
  }, 60_000);
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { startEmbeddedRedis, type EmbeddedRedis } from '../../cli/embedded-redis.ts';
import { startClickWorker } from '../../queue/clicks.worker.ts';
import { createRedis } from '../../queue/connection.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { factories } from '../factories/index.ts';

const BROWSER_UA = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15';

// A Redis of this file's own (append-only, like production), so it can be restarted without
// disturbing the tests that share the machine's Redis.
let redisDir: string;
let redis: EmbeddedRedis;
let t: TestApp;

beforeAll(async () => {
  redisDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dealcast-redis-restart-'));
  redis = await startEmbeddedRedis(redisDir);
  t = await createTestApp({ redisUrl: redis.url });
});
afterAll(async () => {
  await t?.close();
  await redis?.stop();
  fs.rmSync(redisDir, { recursive: true, force: true });
});

describe('Redis restarted under traffic', () => {
  it('keeps redirecting people and loses no click: queued jobs survive in the AOF, clicks taken meanwhile are written when Redis returns', async () => {
    const f = factories(t.database.db, t.deps.secretBox);
    const vendor = await f.vendor();
    const product = await f.product(await f.brand(vendor.id));
    const link = await f.link((await f.influencer()).id, product.id);

    const tap = async (i: number): Promise<string> => {
      const response = await t.app.inject({ method: 'GET', url: `/r/${link.code}`, headers: { 'user-agent': BROWSER_UA }, remoteAddress: `192.0.2.${i}` });
      expect(response.statusCode).toBe(302);
      return new URL(response.headers.location as string).searchParams.get('dc_click')!;
    };

    const before = [];
    for (let i = 1; i <= 20; i += 1) before.push(await tap(i));
    await redis.stop();
    const during = [];
    for (let i = 21; i <= 40; i += 1) during.push(await tap(i));
    redis = await startEmbeddedRedis(redisDir, { port: redis.port });

    const worker = await startClickWorker({ connection: createRedis(redis.url), prefix: t.prefix, db: t.database.db, logger: pino({ level: 'silent' }) });
    try {
      await expect.poll(async () => {
        const rows = await t.database.db.selectFrom('clicks').select('id').where('link_id', '=', link.id).execute();
        return rows.map((r) => r.id).sort();
      }, { timeout: 30_000, interval: 250 }).toEqual([...before, ...during].sort());
    } finally {
      await worker.close();
    }
  }, 60_000);
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app.ts';
import { startEmbeddedRedis, type EmbeddedRedis } from '../../cli/embedded-redis.ts';
import { createClickSpill } from '../../queue/click-spill.ts';
import { createClickQueue, type ClickQueue } from '../../queue/clicks.queue.ts';
import { startClickWorker } from '../../queue/clicks.worker.ts';
import { createRedis } from '../../queue/connection.ts';
import { factories } from '../factories/index.ts';
import { createTestApp, type TestApp } from '../support/app.ts';

// Redis away for longer than the API's memory can hold clicks: the rest wait on local disk and
// reach Redis when it is back. Memory holds 10 clicks here (50,000 by default), so a few dozen
// taps stand for a long outage under load.

const BROWSER_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const MEMORY_BOUND = 10;

let redisDir: string;
let spillDir: string;
let redis: EmbeddedRedis;
let redisUp = false;
let t: TestApp;
let code: string;
let linkId: string;
const cleanups: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  redisDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dealcast-redis-spill-'));
  redis = await startEmbeddedRedis(redisDir);
  redisUp = true;
  t = await createTestApp({ redisUrl: redis.url });
  const f = factories(t.database.db, t.deps.secretBox);
  const vendor = await f.vendor();
  const link = await f.link((await f.influencer()).id, (await f.product(await f.brand(vendor.id))).id);
  code = link.code;
  linkId = link.id;
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  if (!redisUp) await restartRedis();
});
afterAll(async () => {
  await t?.close();
  await redis?.stop();
  fs.rmSync(redisDir, { recursive: true, force: true });
});

async function stopRedis(): Promise<void> {
  await redis.stop();
  redisUp = false;
}
async function restartRedis(): Promise<void> {
  redis = await startEmbeddedRedis(redisDir, { port: redis.port });
  redisUp = true;
}

/** An API process: its own Redis connection, click queue with a spill folder, and app. */
async function startApi(orphanAfterMs = 60_000): Promise<{ app: FastifyInstance; queue: ClickQueue; stop(): Promise<void> }> {
  const connection = createRedis(redis.url);
  const queue = createClickQueue({
    connection, prefix: t.prefix, maxBacklog: MEMORY_BOUND, timeoutMs: 200, closeTimeoutMs: 500,
    spill: createClickSpill({ dir: spillDir, orphanAfterMs }), spillReplayMs: 200,
  });
  const app = await buildApp({ ...t.deps, clicks: queue.sink });
  await app.ready();
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await app.close();
    await queue.close();
    connection.disconnect();
  };
  cleanups.push(stop);
  return { app, queue, stop };
}

async function tap(app: FastifyInstance, i: number): Promise<string> {
  const response = await app.inject({ method: 'GET', url: `/r/${code}`, headers: { 'user-agent': BROWSER_UA }, remoteAddress: `198.51.100.${i % 250}` });
  expect(response.statusCode).toBe(302);
  return new URL(response.headers.location as string).searchParams.get('dc_click')!;
}

async function startWorker(): Promise<void> {
  const connection = createRedis(redis.url);
  const worker = await startClickWorker({ connection, prefix: t.prefix, db: t.database.db, logger: pino({ level: 'silent' }) });
  cleanups.push(async () => {
    await worker.close();
    connection.disconnect();
  });
}

/** Click ids stored for the link, with how often each is stored, and the rollups' total. */
async function stored(): Promise<{ ids: string[]; rollupTotal: number }> {
  const rows = await t.database.db.selectFrom('clicks').select('id').where('link_id', '=', linkId).execute();
  const rollup = await sql<{ total: string | null }>`SELECT sum(clicks_total) AS total FROM click_rollups_daily WHERE link_id = ${linkId}`.execute(t.database.db);
  return { ids: rows.map((r) => r.id).sort(), rollupTotal: Number(rollup.rows[0]?.total ?? 0) };
}

const spilledLines = (): number => (fs.existsSync(spillDir) ? fs.readdirSync(spillDir) : [])
  .reduce((n, name) => n + fs.readFileSync(path.join(spillDir, name), 'utf8').split('\n').filter(Boolean).length, 0);

describe('Redis away longer than memory can hold the clicks', () => {
  it('keeps redirecting, holds what memory cannot on disk, and stores every click exactly once when Redis is back', async () => {
    spillDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dealcast-spill-'));
    const api = await startApi();
    await startWorker();
    const before = [];
    for (let i = 0; i < 5; i++) before.push(await tap(api.app, i));
    const { ids: already } = await stored();

    await stopRedis();
    const during = [];
    const started = Date.now();
    for (let i = 0; i < 60; i++) during.push(await tap(api.app, 100 + i));
    // Each redirect answered within the queue's wait (200 ms), most at once.
    expect(Date.now() - started).toBeLessThan(60 * 250);
    expect(spilledLines()).toBe(60 - MEMORY_BOUND);

    await restartRedis();
    const everyone = [...before, ...during].sort();
    await expect.poll(async () => (await stored()).ids, { timeout: 30_000, interval: 250 }).toEqual(everyone);
    expect((await stored()).rollupTotal).toBe(everyone.length);
    expect(already.length).toBeLessThanOrEqual(before.length);
    await expect.poll(spilledLines, { timeout: 5000 }).toBe(0);
  }, 60_000);

  it('puts the clicks still in memory on disk when the API stops with Redis away, and the next start delivers them once', async () => {
    spillDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dealcast-spill-'));
    const { ids: earlier } = await stored();
    const first = await startApi(300);
    await stopRedis();
    const taps = [];
    for (let i = 0; i < 25; i++) taps.push(await tap(first.app, 200 + i));
    // Ctrl-C while Redis is away: nothing may be lost.
    await first.stop();
    expect(spilledLines()).toBe(25);

    await restartRedis();
    await startWorker();
    // The next start (a new process: another token) takes the stopped one's file once it is an orphan.
    await startApi(300);
    const everyone = [...earlier, ...taps].sort();
    await expect.poll(async () => (await stored()).ids, { timeout: 30_000, interval: 250 }).toEqual(everyone);
    expect((await stored()).rollupTotal).toBe(everyone.length);
    await expect.poll(spilledLines, { timeout: 5000 }).toBe(0);
  }, 60_000);
});

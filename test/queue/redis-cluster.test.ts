import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Cluster } from 'ioredis';
import { pino } from 'pino';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisSessionStore } from '../../bots/engine/session-store.ts';
import { createRateLimiter } from '../../bots/engine/rate-limiter.ts';
import { createRedisRequestCounter } from '../../queue/request-counter.store.ts';
import { createSecretBox } from '../../core/shared/secret-box.ts';
import { createClickQueue } from '../../queue/clicks.queue.ts';
import { startClickWorker } from '../../queue/clicks.worker.ts';
import { createRedisClient, deleteKeysWithPrefix, type RedisClient } from '../../queue/connection.ts';
import { startSettlementWorker } from '../../queue/settlement.worker.ts';
import { createRedisSignInThrottle } from '../../queue/sign-in-throttle.store.ts';
import { factories } from '../factories/index.ts';
import { cleanEnv, freePort, runCli, waitForStatus, type CliProcess } from '../support/cli-process.ts';
import { manualClock } from '../support/manual-clock.ts';
import { recordingNotifier, sellThrough } from '../support/money.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';
import { startRedisCluster, type LocalRedisCluster } from '../support/redis-cluster.ts';
import { uniqueRedisPrefix } from '../support/redis.ts';

const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
const SECRET_KEY = 'cluster-test-secret-key-0123456789abcdef';
const BROWSER_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';

// A three-master Redis Cluster of this file's own, started and stopped here.
let cluster: LocalRedisCluster;
let database: TestDatabase;
const prefix = uniqueRedisPrefix();
const clients: RedisClient[] = [];
const closers: (() => Promise<void>)[] = [];

beforeAll(async () => {
  [cluster, database] = await Promise.all([startRedisCluster(), createTestDatabase()]);
}, 120_000);
afterAll(async () => {
  for (const close of closers.reverse()) await close().catch(() => undefined);
  for (const client of clients) client.disconnect();
  await database?.close();
  await cluster?.stop();
}, 60_000);

function clusterClient(): RedisClient {
  const client = createRedisClient(cluster.url);
  clients.push(client);
  return client;
}

function make() {
  return factories(database.db, createSecretBox(SECRET_KEY));
}

async function newLink() {
  const f = make();
  const vendor = await f.vendor();
  return f.link((await f.influencer()).id, (await f.product(await f.brand(vendor.id))).id);
}

describe('dealcast on a three-node Redis Cluster', () => {
  it('connects to every node of a redis-cluster:// URL as one cluster', async () => {
    const client = clusterClient();
    expect(client).toBeInstanceOf(Cluster);
    await client.ping();
    expect((client as Cluster).nodes('master').map((node) => node.options.port).sort()).toEqual([...cluster.ports].sort());
  });

  it('runs the click queue: every click a producer made durable reaches PostgreSQL once', async () => {
    const link = await newLink();
    const producer = createClickQueue({ connection: clusterClient(), prefix, maxInFlight: 4 });
    closers.push(() => producer.close());
    const worker = await startClickWorker({ connection: clusterClient(), prefix, db: database.db, logger });
    closers.push(() => worker.close());

    const ids = Array.from({ length: 3000 }, () => uuidv7());
    const start = Date.now() - 60_000;
    await Promise.all(ids.map((id, i) => producer.sink.enqueue({
      id, linkId: link.id, influencerId: link.influencer_id, productId: link.product_id,
      clickedAt: new Date(start + i).toISOString(), visitorId: `visitor-${i % 700}`, ipHash: null, userAgent: BROWSER_UA, referer: null,
    })));

    const stored = async () => (await database.db.selectFrom('clicks').select('id').where('link_id', '=', link.id).execute()).map((r) => r.id);
    await expect.poll(async () => (await stored()).length, { timeout: 60_000, interval: 250 }).toBe(ids.length);
    expect(new Set(await stored())).toEqual(new Set(ids));
    await expect.poll(() => producer.isIdle(), { timeout: 30_000 }).toBe(true);
  }, 120_000);

  it('runs the settlement queue: its scheduled approval approves a matured commission', async () => {
    const clock = manualClock(new Date());
    const f = make();
    const vendor = await f.vendor();
    const product = await f.product(await f.brand(vendor.id, { commissionRateBps: 1000, lockDays: 14 }));
    const link = await f.link((await f.influencer()).id, product.id);
    const sale = await sellThrough(database.db, clock, { vendorId: vendor.id, link, orderId: 'CLUSTER-1', amount: 20_000, currency: 'EUR' });
    clock.advanceDays(15);

    const settlement = await startSettlementWorker({
      connection: clusterClient(), prefix, db: database.db, logger, notifier: recordingNotifier(), clock,
      schedules: { approve: { every: 1000 }, tiers: null, payouts: null },
    });
    closers.push(() => settlement.close());
    expect((await settlement.queue.getJobSchedulers()).map((s) => [s.name, s.every])).toEqual([['settlement.approve', 1000]]);

    const status = async () => (await database.db.selectFrom('commissions').select('status').where('conversion_id', '=', sale.conversionId).executeTakeFirstOrThrow()).status;
    await expect.poll(status, { timeout: 60_000, interval: 250 }).toBe('approved');
    const runs = await database.db.selectFrom('audit_log').select('actor').where('action', '=', 'commission.approve_matured').execute();
    expect(runs.length).toBeGreaterThanOrEqual(1);
    expect(runs.every((r) => r.actor === 'job:settlement.approve')).toBe(true);
  }, 120_000);

  it('keeps the stores\' multi-key commands (transactions, scripts, deletes) working under the hash-tagged prefix', async () => {
    const redis = clusterClient();
    // Sign-in throttle: MULTI over the email's and the address's counters.
    const throttle = createRedisSignInThrottle(redis, prefix, { perEmail: 3, perAddress: 10, windowSeconds: 60 });
    const attempt = { email: 'ops@example.test', address: '203.0.113.9' };
    for (let i = 0; i < 3; i += 1) await throttle.recordFailure(attempt);
    expect(await throttle.blockedFor(attempt)).toBeGreaterThan(0);
    await throttle.clearEmail(attempt.email);
    expect(await throttle.blockedFor(attempt)).toBe(0);

    // Bot sessions: one DEL of several keys.
    const sessions = createRedisSessionStore(redis, prefix);
    await sessions.set('chat:1:step', { step: 'terms' }, 60);
    await sessions.set('chat:1:page', { page: 2 }, 60);
    await sessions.delete('chat:1:step', 'chat:1:page');
    expect(await sessions.get('chat:1:step')).toBeUndefined();
    expect(await sessions.get('chat:1:page')).toBeUndefined();

    // Bot rate limit: a script (when Redis refuses it, the limiter lets everything through, so the refusal shows it ran).
    const limiter = createRateLimiter(createRedisRequestCounter(redis, prefix), { max: 2, windowMs: 60_000 });
    const decisions = [await limiter.hit('chat:1'), await limiter.hit('chat:1'), await limiter.hit('chat:1')];
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, false]);
    expect(decisions[2]!.firstRefusal).toBe(true);
  });

  it('deletes a prefix\'s keys on every node, whether or not the prefix is hash-tagged', async () => {
    const redis = clusterClient() as Cluster;
    const plain = `dctest-plain-${Date.now()}:`;
    const tagged = uniqueRedisPrefix();
    await Promise.all(Array.from({ length: 300 }, (_, i) => redis.set(`${plain}${i}`, 'x')));
    await Promise.all(Array.from({ length: 20 }, (_, i) => redis.set(`${tagged}:k${i}`, 'x')));
    const keysOnEachNode = async (match: string) => Promise.all(redis.nodes('master').map(async (node) => (await node.keys(`${match}*`)).length));
    // Spread over the slots, the plain prefix's keys sit on every node: one node's SCAN cannot see them all.
    expect((await keysOnEachNode(plain)).every((n) => n > 0)).toBe(true);

    await deleteKeysWithPrefix(redis, plain);
    await deleteKeysWithPrefix(redis, tagged);
    expect(await keysOnEachNode(plain)).toEqual([0, 0, 0]);
    expect(await keysOnEachNode(tagged)).toEqual([0, 0, 0]);
  });

  it('runs `dealcast start all` on the cluster: a redirect is answered, its click stored, and SIGTERM exits 0', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dealcast-cluster-cli-'));
    let cli: CliProcess | undefined;
    try {
      const link = await newLink();
      const port = await freePort();
      cli = runCli(['start', 'all'], cleanEnv({
        DATABASE_URL: database.url, REDIS_URL: cluster.url, SECRET_KEY, LOG_LEVEL: 'warn', DATA_DIR: dataDir, PORT: String(port),
      }));
      await waitForStatus(`http://127.0.0.1:${port}/readyz`, 200, cli);
      const response = await fetch(`http://127.0.0.1:${port}/r/${link.code}`, { redirect: 'manual', headers: { 'user-agent': BROWSER_UA } });
      expect(response.status).toBe(302);
      const clickId = new URL(response.headers.get('location')!).searchParams.get('dc_click')!;
      await expect.poll(async () => (await database.db.selectFrom('clicks').select('id').where('id', '=', clickId).execute()).length, { timeout: 60_000, interval: 250 }).toBe(1);
      cli.child.kill('SIGTERM');
      expect(await cli.exited()).toBe(0);
    } finally {
      cli?.child.kill('SIGKILL');
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 150_000);
});

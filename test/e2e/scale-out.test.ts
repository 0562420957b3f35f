import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareFirstStart } from '../../cli/first-start.ts';
import { runLedgerCheck } from '../../cli/ledger-check.ts';
import { startEmbeddedRedis, type EmbeddedRedis } from '../../cli/embedded-redis.ts';
import { createSecretBox } from '../../core/shared/secret-box.ts';
import { signVendorRequest } from '../../core/vendors/vendor-signature.ts';
import { factories } from '../factories/index.ts';
import { cleanEnv, freePort, runCli, waitForStatus, type CliProcess } from '../support/cli-process.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';

const SECRET_KEY = 'scale-out-test-secret-key-0123456789abcdef';
const BROWSER_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';
const REDIRECTS = 3000;
const ORDERS = 300;

// Real `dealcast` processes, two of each role, on one database and one Redis (of this file's
// own, so that they use the production queue prefix), as a load balancer would spread them.
let dataDir: string;
let redis: EmbeddedRedis;
let database: TestDatabase;
const children: CliProcess[] = [];

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dealcast-scale-'));
  [redis, database] = await Promise.all([startEmbeddedRedis(dataDir), createTestDatabase()]);
});
afterAll(async () => {
  for (const child of children) child.child.kill('SIGKILL');
  await database?.close();
  await redis?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function role(name: 'api' | 'worker', extra: NodeJS.ProcessEnv = {}): CliProcess {
  const cli = runCli(['start', name], cleanEnv({
    DATABASE_URL: database.url, REDIS_URL: redis.url, SECRET_KEY, DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...extra,
  }));
  children.push(cli);
  return cli;
}

/** Resolves once a worker process says it started (its roles log at info). */
async function workerStarted(cli: CliProcess): Promise<void> {
  for (const deadline = Date.now() + 120_000; !cli.stdout().includes('worker started'); await new Promise((r) => setTimeout(r, 200))) {
    if (cli.child.exitCode !== null || Date.now() > deadline) throw new Error(`worker did not start (exit ${cli.child.exitCode})\n${cli.stdout()}\n${cli.stderr()}`);
  }
}

/** Runs `task(i)` for i in 0..count-1, `concurrency` at a time. */
async function inParallel(count: number, concurrency: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < count) await task(next++);
  }));
}

describe('two API and two worker processes on one PostgreSQL and one Redis', () => {
  it('prepare a first start once when they start together on an empty database', async () => {
    const fresh = await createTestDatabase();
    try {
      const secretBox = createSecretBox(SECRET_KEY);
      const greetings = await Promise.all(Array.from({ length: 4 }, () => prepareFirstStart(fresh.db, secretBox, 'https://dc.test')));
      expect(greetings.filter((g) => g !== undefined)).toHaveLength(1);
      const { rows } = await sql<{ vendors: number; admins: number }>`
        SELECT (SELECT count(*)::int FROM vendors) AS vendors, (SELECT count(*)::int FROM admins) AS admins`.execute(fresh.db);
      expect(rows[0]).toEqual({ vendors: 1, admins: 1 });
    } finally {
      await fresh.close();
    }
  });

  it('store every click once and every order as one commission, with a worker killed mid-batch', async () => {
    // All four start together on an empty database: exactly one of them prepares the first start.
    const ports = [await freePort(), await freePort()];
    const apis = ports.map((port) => role('api', { PORT: String(port) }));
    const workers = [role('worker', { LOG_LEVEL: 'info' }), role('worker', { LOG_LEVEL: 'info' })];
    const bases = ports.map((port) => `http://127.0.0.1:${port}`);
    await Promise.all([
      ...apis.map((api, i) => waitForStatus(`${bases[i]}/readyz`, 200, api, 120_000)),
      ...workers.map(workerStarted),
    ]);
    expect([...apis, ...workers].filter((cli) => cli.stdout().includes('first start on an empty database'))).toHaveLength(1);

    const make = factories(database.db, createSecretBox(SECRET_KEY));
    const vendor = await make.vendor();
    const brand = await make.brand(vendor.id, { commissionRateBps: 1000 });
    const products = [await make.product(brand), await make.product(brand)];
    const influencers = [await make.influencer(), await make.influencer(), await make.influencer()];
    const links = await Promise.all(influencers.flatMap((influencer) => products.map((product) => make.link(influencer.id, product.id))));
    const linkIds = links.map((link) => link.id);
    const storedCount = async () => Number((await sql<{ n: string }>`SELECT count(*)::text AS n FROM clicks WHERE link_id = ANY(${linkIds})`.execute(database.db)).rows[0]!.n);

    // Redirects alternate between the two APIs, 24 at a time; one worker is killed while the clicks flow.
    const redirected: { clickId: string; linkIndex: number }[] = [];
    const refused: number[] = [];
    let storedAtKill: number | undefined;
    const drive = inParallel(REDIRECTS, 24, async (i) => {
      const response = await fetch(`${bases[i % 2]}/r/${links[i % links.length]!.code}`, {
        redirect: 'manual', headers: { 'user-agent': BROWSER_UA, 'x-forwarded-for': `10.${i % 7}.${Math.floor(i / 250) % 250}.${i % 250}` },
      });
      await response.arrayBuffer();
      if (response.status !== 302) refused.push(response.status);
      else redirected.push({ clickId: new URL(response.headers.get('location')!).searchParams.get('dc_click')!, linkIndex: i % links.length });
    });
    const killer = (async () => {
      await expect.poll(storedCount, { timeout: 120_000, interval: 100 }).toBeGreaterThanOrEqual(500);
      workers[0]!.child.kill('SIGKILL');
      storedAtKill = await storedCount();
      expect(await workers[0]!.exited()).toBeNull();
    })();
    await Promise.all([drive, killer]);
    expect(refused).toEqual([]);
    expect(redirected).toHaveLength(REDIRECTS);
    // The worker died with clicks still to store; the other one takes over its batches once their locks expire.
    expect(storedAtKill).toBeLessThan(REDIRECTS);
    await expect.poll(storedCount, { timeout: 180_000, interval: 500 }).toBeGreaterThanOrEqual(REDIRECTS);

    // Every redirected click is stored exactly once, and nothing else is.
    const { rows: perId } = await sql<{ id: string; copies: number }>`
      SELECT id::text, count(*)::int AS copies FROM clicks WHERE link_id = ANY(${linkIds}) GROUP BY id`.execute(database.db);
    expect(perId.filter((row) => row.copies !== 1)).toEqual([]);
    expect(new Set(perId.map((row) => row.id))).toEqual(new Set(redirected.map((r) => r.clickId)));
    const { rows: rollups } = await sql<{ total: string }>`
      SELECT coalesce(sum(clicks_total), 0)::text AS total FROM click_rollups_daily WHERE link_id = ANY(${linkIds})`.execute(database.db);
    expect(rollups[0]!.total).toBe(String(REDIRECTS));

    // Orders naming those clicks, each sent to both APIs at once (a vendor's retry racing its first try).
    const post = async (base: string, order: object) => {
      const raw = JSON.stringify(order);
      const response = await fetch(`${base}/api/v1/conversions`, {
        method: 'POST', body: raw,
        headers: { 'content-type': 'application/json', 'x-dealcast-key': vendor.credentials.keyId, 'x-dealcast-signature': signVendorRequest(vendor.credentials.secret, raw, Math.floor(Date.now() / 1000)) },
      });
      return { status: response.status, body: (await response.json()) as { conversionId?: string; attributed?: boolean } };
    };
    const answers: { status: number; body: { conversionId?: string; attributed?: boolean } }[][] = [];
    await inParallel(ORDERS, 8, async (k) => {
      const order = { orderId: `SCALE-${k}`, clickId: redirected[k * 7]!.clickId, amount: 5000 + k, currency: 'EUR' };
      answers[k] = await Promise.all([post(bases[k % 2]!, order), post(bases[(k + 1) % 2]!, order)]);
    });
    for (const [first, second] of answers) {
      expect([first!.status, second!.status]).toEqual([202, 202]);
      expect(first!.body.attributed).toBe(true);
      expect(second!.body.conversionId).toBe(first!.body.conversionId);
    }

    const { rows: orders } = await sql<{ conversions: number; commissions: number; orders: number }>`
      SELECT count(DISTINCT v.id)::int AS conversions, count(c.id)::int AS commissions, count(DISTINCT v.order_id)::int AS orders
      FROM conversions v LEFT JOIN commissions c ON c.conversion_id = v.id WHERE v.vendor_id = ${vendor.id}`.execute(database.db);
    expect(orders[0]).toEqual({ conversions: ORDERS, commissions: ORDERS, orders: ORDERS });
    const report = await runLedgerCheck(database.db, { write: () => undefined });
    expect(report.ok).toBe(true);

    // The survivors drain and exit cleanly.
    const survivors = [...apis, workers[1]!];
    for (const cli of survivors) cli.child.kill('SIGTERM');
    expect(await Promise.all(survivors.map((cli) => cli.exited()))).toEqual([0, 0, 0]);
  }, 600_000);
});

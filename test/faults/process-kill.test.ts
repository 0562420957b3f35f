import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { startEmbeddedRedis, type EmbeddedRedis } from '../../cli/embedded-redis.ts';
import { createClickQueue } from '../../queue/clicks.queue.ts';
import { createRedis, DEFAULT_REDIS_PREFIX } from '../../queue/connection.ts';
import { createSecretBox } from '../../core/shared/secret-box.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';
import { factories } from '../factories/index.ts';
import { cleanEnv, freePort, runCli, waitForStatus, type CliProcess } from '../support/cli-process.ts';

const SECRET_KEY = 'fault-test-secret-key-0123456789abcdef';
const BROWSER_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';

// The real `dealcast` processes, killed with SIGKILL: a Redis of this file's own so the roles
// can use their production queue prefix, and a fresh database.
let redisDir: string;
let redis: EmbeddedRedis;
let database: TestDatabase;
const children: CliProcess[] = [];

beforeAll(async () => {
  redisDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dealcast-kill-'));
  redis = await startEmbeddedRedis(redisDir);
  database = await createTestDatabase();
});
afterAll(async () => {
  for (const child of children) child.child.kill('SIGKILL');
  await database?.close();
  await redis?.stop();
  fs.rmSync(redisDir, { recursive: true, force: true });
});

function role(name: 'api' | 'worker', extra: NodeJS.ProcessEnv = {}): CliProcess {
  const cli = runCli(['start', name], cleanEnv({
    DATABASE_URL: database.url, REDIS_URL: redis.url, SECRET_KEY, LOG_LEVEL: 'warn', DATA_DIR: redisDir, ...extra,
  }));
  children.push(cli);
  return cli;
}

async function storedClickIds(linkId: string): Promise<Set<string>> {
  const rows = await database.db.selectFrom('clicks').select('id').where('link_id', '=', linkId).execute();
  return new Set(rows.map((r) => r.id));
}

async function demoLink() {
  const f = factories(database.db, createSecretBox(SECRET_KEY));
  const vendor = await f.vendor();
  const product = await f.product(await f.brand(vendor.id));
  return f.link((await f.influencer()).id, product.id);
}

describe('roles killed with SIGKILL', () => {
  it('an API killed under load loses no click it has redirected', async () => {
    const link = await demoLink();
    const port = await freePort();
    const api = role('api', { PORT: String(port) });
    await waitForStatus(`http://127.0.0.1:${port}/readyz`, 200, api);

    const redirected: string[] = [];
    let killed = false;
    const visitor = async (n: number) => {
      for (let i = 0; !killed; i += 1) {
        try {
          const response = await fetch(`http://127.0.0.1:${port}/r/${link.code}`, {
            redirect: 'manual', headers: { 'user-agent': BROWSER_UA, 'x-forwarded-for': `10.9.${n}.${i % 250}` },
          });
          if (response.status === 302) redirected.push(new URL(response.headers.get('location')!).searchParams.get('dc_click')!);
        } catch {
          return; // the process is gone
        }
        if (redirected.length >= 400 && !killed) {
          killed = true;
          api.child.kill('SIGKILL');
        }
      }
    };
    await Promise.all(Array.from({ length: 16 }, (_, n) => visitor(n)));
    expect(await api.exited()).toBeNull();
    expect(redirected.length).toBeGreaterThanOrEqual(400);

    const worker = role('worker');
    await expect.poll(async () => {
      const stored = await storedClickIds(link.id);
      return redirected.filter((id) => !stored.has(id)).length;
    }, { timeout: 60_000, interval: 500 }).toBe(0);
    worker.child.kill('SIGTERM');
    expect(await worker.exited()).toBe(0);
  }, 120_000);

  it('a worker killed mid-batch leaves nothing lost and nothing stored twice', async () => {
    const link = await demoLink();
    const connection = createRedis(redis.url);
    await connection.ping();
    const producer = createClickQueue({ connection, prefix: DEFAULT_REDIS_PREFIX });
    const total = 20_000;
    const start = Date.now() - 60_000;
    await Promise.all(Array.from({ length: total }, (_, i) => producer.sink.enqueue({
      id: uuidv7(), linkId: link.id, influencerId: link.influencer_id, productId: link.product_id,
      clickedAt: new Date(start + i).toISOString(), visitorId: `visitor-${i % 5000}`, ipHash: null, userAgent: BROWSER_UA, referer: null,
    })));
    await producer.close();
    connection.disconnect();

    const first = role('worker');
    await expect.poll(async () => (await storedClickIds(link.id)).size, { timeout: 60_000, interval: 100 }).toBeGreaterThan(0);
    first.child.kill('SIGKILL');
    expect(await first.exited()).toBeNull();
    const afterKill = (await storedClickIds(link.id)).size;

    // A fresh worker picks up the batches the dead one held once their locks expire.
    const second = role('worker');
    await expect.poll(async () => (await storedClickIds(link.id)).size, { timeout: 90_000, interval: 500 }).toBe(total);
    second.child.kill('SIGTERM');
    expect(await second.exited()).toBe(0);

    const counts = await sql<{ rows: string; ids: string; counted: string }>`
      SELECT count(*)::text AS rows, count(DISTINCT id)::text AS ids, count(*) FILTER (WHERE counted)::text AS counted
      FROM clicks WHERE link_id = ${link.id}`.execute(database.db);
    expect(counts.rows[0]).toMatchObject({ rows: String(total), ids: String(total), counted: '5000' });
    const rollups = await sql<{ total: string; counted: string }>`
      SELECT sum(clicks_total)::text AS total, sum(clicks_counted)::text AS counted FROM click_rollups_daily WHERE link_id = ${link.id}`.execute(database.db);
    expect(rollups.rows[0]).toEqual({ total: String(total), counted: '5000' });
    expect(afterKill).toBeLessThanOrEqual(total);
  }, 180_000);
});

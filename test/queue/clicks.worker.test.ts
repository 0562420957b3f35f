import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { pino } from 'pino';
import type { Redis } from 'ioredis';
import { v7 as uuidv7 } from 'uuid';
import type { ClickEvent } from '../../api/deps.ts';
import { createSecretBox } from '../../core/shared/secret-box.ts';
import { connectPostgres } from '../../db/connect.ts';
import { clickPartitionName, ensureClickPartitions } from '../../db/clicks.repository.ts';
import { CLICK_JOB_OPTIONS, CLICKS_INGEST_JOB, createClickQueue, type ClickQueue } from '../../queue/clicks.queue.ts';
import { ingestClicks } from '../../queue/clicks.processor.ts';
import { startClickWorker, type ClickWorker } from '../../queue/clicks.worker.ts';
import { createRedis } from '../../queue/connection.ts';
import { factories } from '../factories/index.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';
import { TEST_REDIS_URL, deleteRedisPrefix, uniqueRedisPrefix } from '../support/redis.ts';

const BROWSER_UA = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36';
const HOUR = 3600 * 1000;
const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

let database: TestDatabase;
let redis: Redis;
let prefix: string;
let clickQueue: ClickQueue;
let worker: ClickWorker;
let make: ReturnType<typeof factories>;

beforeAll(async () => {
  database = await createTestDatabase();
  prefix = uniqueRedisPrefix();
  redis = createRedis(TEST_REDIS_URL);
  clickQueue = createClickQueue({ connection: redis, prefix });
  worker = await startClickWorker({ connection: redis, prefix, db: database.db, logger });
  make = factories(database.db, createSecretBox('test-secret-key-test-secret-key-0000'));
});
afterAll(async () => {
  await worker?.close();
  await clickQueue?.close();
  await deleteRedisPrefix(prefix);
  redis?.disconnect();
  await database?.close();
});

async function newLink() {
  const vendor = await make.vendor();
  const brand = await make.brand(vendor.id);
  const product = await make.product(brand);
  const influencer = await make.influencer();
  return make.link(influencer.id, product.id);
}

type Link = Awaited<ReturnType<typeof newLink>>;

function clickOn(link: Link, overrides: Partial<ClickEvent> & { at?: Date } = {}): ClickEvent {
  const { at, ...rest } = overrides;
  return {
    id: uuidv7(),
    linkId: link.id,
    influencerId: link.influencer_id,
    productId: link.product_id,
    clickedAt: (at ?? new Date()).toISOString(),
    visitorId: `visitor-${Math.random().toString(36).slice(2)}`,
    ipHash: 'aGFzaGVkLWlw',
    userAgent: BROWSER_UA,
    referer: null,
    ...rest,
  };
}

/** Sends each batch through the real queue as one job and waits until the worker has stored it, batch after batch. */
async function ingest(...batches: ClickEvent[][]): Promise<void> {
  for (const clicks of batches) {
    await clickQueue.queue.add(CLICKS_INGEST_JOB, { clicks }, CLICK_JOB_OPTIONS);
    await waitForIdle(clickQueue);
  }
}

async function waitForIdle(queue: ClickQueue): Promise<void> {
  await expect.poll(() => queue.isIdle(), { timeout: 20_000, interval: 20 }).toBe(true);
}

async function storedClicks(linkId: string) {
  return database.db.selectFrom('clicks').selectAll().where('link_id', '=', linkId).orderBy('clicked_at').orderBy('id').execute();
}

async function rollups(linkId: string) {
  const { rows } = await sql<{ day: string; total: string; counted: string }>`
    SELECT to_char(day, 'YYYY-MM-DD') AS day, clicks_total AS total, clicks_counted AS counted
    FROM click_rollups_daily WHERE link_id = ${linkId} ORDER BY day
  `.execute(database.db);
  return rows.map((r) => ({ day: r.day, total: Number(r.total), counted: Number(r.counted) }));
}

describe('the click worker', () => {
  it('stores every click from the redirect under the id the shop received as dc_click', async () => {
    const link = await newLink();
    const clicks = [clickOn(link), clickOn(link), clickOn(link, { referer: 'https://t.me/some_group' })];
    await Promise.all(clicks.map((c) => clickQueue.sink.enqueue(c)));
    await waitForIdle(clickQueue);

    const stored = await storedClicks(link.id);
    expect(stored.map((c) => c.id).sort()).toEqual(clicks.map((c) => c.id).sort());
    for (const row of stored) {
      const sent = clicks.find((c) => c.id === row.id)!;
      expect(row).toMatchObject({
        link_id: link.id, influencer_id: link.influencer_id, product_id: link.product_id, visitor_id: sent.visitorId,
        ip_hash: sent.ipHash, user_agent: BROWSER_UA, referer: sent.referer, counted: true, duplicate: false, bot: false,
      });
      expect(row.clicked_at.toISOString()).toBe(sent.clickedAt);
    }
  });

  it('records a second click of the same visitor on the same link within 24 h as a duplicate, not counted', async () => {
    const link = await newLink();
    const other = await newLink();
    const t0 = new Date(Date.now() - 30 * HOUR);
    const first = clickOn(link, { at: t0, visitorId: 'same-visitor' });
    const again = clickOn(link, { at: new Date(t0.getTime() + HOUR), visitorId: 'same-visitor' });
    // Earlier in the same batch counts too: the batch holds both of these.
    const sameBatchA = clickOn(link, { at: new Date(t0.getTime() + 26 * HOUR), visitorId: 'same-visitor' });
    const sameBatchB = clickOn(link, { at: new Date(t0.getTime() + 26 * HOUR + 1000), visitorId: 'same-visitor' });
    const otherVisitor = clickOn(link, { at: new Date(t0.getTime() + HOUR), visitorId: 'someone-else' });
    const otherLink = clickOn(other, { at: new Date(t0.getTime() + HOUR), visitorId: 'same-visitor' });

    await ingest([first], [again, otherVisitor, otherLink], [sameBatchB, sameBatchA]);

    const byId = new Map((await storedClicks(link.id)).map((c) => [c.id, c]));
    expect(byId.get(first.id)).toMatchObject({ counted: true, duplicate: false });
    expect(byId.get(again.id)).toMatchObject({ counted: false, duplicate: true });
    expect(byId.get(otherVisitor.id)).toMatchObject({ counted: true, duplicate: false });
    // 26 h after the first counted click: counted again; the click a second later is its duplicate.
    expect(byId.get(sameBatchA.id)).toMatchObject({ counted: true, duplicate: false });
    expect(byId.get(sameBatchB.id)).toMatchObject({ counted: false, duplicate: true });
    expect((await storedClicks(other.id))[0]).toMatchObject({ id: otherLink.id, counted: true });
  });

  it('never counts two clicks of one visitor on one link within 24 h, even when the later one was stored first', async () => {
    const link = await newLink();
    const t0 = new Date(Date.now() - 10 * HOUR);
    const later = clickOn(link, { at: new Date(t0.getTime() + 2 * HOUR), visitorId: 'retried' });
    const earlier = clickOn(link, { at: t0, visitorId: 'retried' });
    // The earlier click's batch failed once and is retried after the later one was stored.
    await ingest([later], [earlier]);
    const byId = new Map((await storedClicks(link.id)).map((c) => [c.id, c]));
    expect(byId.get(later.id)).toMatchObject({ counted: true });
    expect(byId.get(earlier.id)).toMatchObject({ counted: false, duplicate: true });
  });

  it('counts one click when batches of the same visitor and link are stored at the same time (several workers)', async () => {
    const link = await newLink();
    const at = Date.now();
    const batches = Array.from({ length: 8 }, (_, i) => [clickOn(link, { visitorId: 'fast-tapper', at: new Date(at + i) })]);
    // Each call is its own transaction, as in separate worker processes.
    await Promise.all(batches.map((batch) => ingestClicks(database.db, batch)));
    const stored = await storedClicks(link.id);
    expect(stored).toHaveLength(8);
    expect(stored.filter((c) => c.counted)).toHaveLength(1);
  });

  it('judges the velocity limits and the duplicate rule against clicks stored by earlier batches', async () => {
    const first = await newLink();
    const links = [first];
    for (let i = 1; i < 22; i += 1) links.push(await make.link(first.influencer_id, first.product_id, { groupLabel: `deal ${i}` }));
    const t0 = Date.now() - HOUR;
    const at = (ms: number) => new Date(t0 + ms);
    // One visitor opens twenty deals within twenty seconds, each from another address; fifty people share one address.
    const hops = links.slice(0, 20).map((link, i) => clickOn(link, { visitorId: 'hopper', ipHash: `hop-${i}`, at: at(i * 1000) }));
    const crowd = Array.from({ length: 50 }, (_, i) => clickOn(links[21]!, { ipHash: 'shared-nat', at: at(i * 100) }));
    await ingest(hops, crowd);

    // Later batches, each its own transaction: only what is stored tells.
    const pastVisitorLimit = clickOn(links[20]!, { visitorId: 'hopper', ipHash: 'hop-new', at: at(30_000) });
    const sameLinkAgain = clickOn(links[0]!, { visitorId: 'hopper', ipHash: 'hop-again', at: at(40_000) });
    const pastAddressLimit = clickOn(links[20]!, { ipHash: 'shared-nat', at: at(50_000) });
    // Eleven minutes on, the twenty are out of the visitor's window, but link 0's counted click is within 24 h.
    const afterWindow = clickOn(links[20]!, { visitorId: 'hopper', ipHash: 'hop-later', at: at(11 * 60_000) });
    const afterWindowSameLink = clickOn(links[0]!, { visitorId: 'hopper', ipHash: 'hop-later-2', at: at(11 * 60_000 + 1000) });
    await ingest([pastVisitorLimit], [sameLinkAgain, pastAddressLimit], [afterWindow, afterWindowSameLink]);

    const stored = await database.db.selectFrom('clicks').selectAll().where('link_id', 'in', links.map((l) => l.id)).execute();
    const byId = new Map(stored.map((c) => [c.id, c]));
    expect(hops.every((c) => byId.get(c.id)?.counted)).toBe(true);
    expect(crowd.every((c) => byId.get(c.id)?.counted)).toBe(true);
    expect(byId.get(pastVisitorLimit.id)).toMatchObject({ counted: false, flag: 'velocity_visitor' });
    expect(byId.get(sameLinkAgain.id)).toMatchObject({ counted: false, duplicate: true, flag: 'duplicate' });
    expect(byId.get(pastAddressLimit.id)).toMatchObject({ counted: false, flag: 'velocity_address' });
    expect(byId.get(afterWindow.id)).toMatchObject({ counted: true, flag: null });
    expect(byId.get(afterWindowSameLink.id)).toMatchObject({ counted: false, flag: 'duplicate' });
  });

  it('stores the valid clicks of a batch that also carries malformed ones', async () => {
    const link = await newLink();
    const good = clickOn(link);
    const malformed = [
      { ...clickOn(link), id: 'not-a-uuid' },
      { ...clickOn(link), linkId: '99999999999999999999' },
      { ...clickOn(link), clickedAt: 'yesterday' },
      'a string',
    ] as unknown as ClickEvent[];
    const oddText = clickOn(link, { userAgent: `${BROWSER_UA}\u0000\ud800`, referer: 'x'.repeat(5000) });
    await ingest([...malformed, good, oddText]);
    const stored = await storedClicks(link.id);
    expect(stored.map((c) => c.id).sort()).toEqual([good.id, oddText.id].sort());
    expect(stored.find((c) => c.id === oddText.id)?.referer).toHaveLength(1024);
  });

  it('flags a click without a user agent, or from an automated agent, as a bot and does not count it', async () => {
    const link = await newLink();
    const script = clickOn(link, { userAgent: null });
    const crawler = clickOn(link, { userAgent: 'python-requests/2.31.0' });
    const person = clickOn(link);
    await ingest([script, crawler, person]);
    const byId = new Map((await storedClicks(link.id)).map((c) => [c.id, c]));
    expect(byId.get(script.id)).toMatchObject({ bot: true, counted: false });
    expect(byId.get(crawler.id)).toMatchObject({ bot: true, counted: false });
    expect(byId.get(person.id)).toMatchObject({ bot: false, counted: true });
  });

  it('stores each click once and does not double the rollups when the same batch is processed twice', async () => {
    const link = await newLink();
    const batch = [clickOn(link), clickOn(link), clickOn(link)];
    // A worker killed after its commit but before acknowledging the job: BullMQ hands the batch out again,
    // possibly while another copy is being stored.
    await clickQueue.queue.addBulk([batch, batch].map((clicks) => ({ name: CLICKS_INGEST_JOB, data: { clicks }, opts: CLICK_JOB_OPTIONS })));
    await waitForIdle(clickQueue);
    await ingest(batch);

    expect((await storedClicks(link.id)).map((c) => c.id).sort()).toEqual(batch.map((c) => c.id).sort());
    const today = new Date().toISOString().slice(0, 10);
    expect(await rollups(link.id)).toEqual([{ day: today, total: 3, counted: 3 }]);
  });

  it('keeps daily rollups per link and UTC day: every click in the total, counted ones in the count', async () => {
    const a = await newLink();
    const b = await newLink();
    const day1 = new Date(Date.UTC(2026, 10, 20, 23, 30));
    const day2 = new Date(Date.UTC(2026, 10, 21, 0, 30));
    await ingest(
      [
        clickOn(a, { at: day1, visitorId: 'v1' }),
        clickOn(a, { at: new Date(day1.getTime() + 60_000), visitorId: 'v1' }), // duplicate
        clickOn(a, { at: day1, visitorId: 'v2' }),
        clickOn(a, { at: day1, visitorId: 'v3', userAgent: null }), // bot
        clickOn(b, { at: day1, visitorId: 'v1' }),
      ],
      [
        clickOn(a, { at: day2, visitorId: 'v1' }), // duplicate: one hour after v1's counted click on day 1
        clickOn(a, { at: day2, visitorId: 'v4' }),
      ],
    );
    expect(await rollups(a.id)).toEqual([
      { day: '2026-11-20', total: 4, counted: 2 },
      { day: '2026-11-21', total: 2, counted: 1 },
    ]);
    expect(await rollups(b.id)).toEqual([{ day: '2026-11-20', total: 1, counted: 1 }]);
    const perInfluencer = await database.db.selectFrom('click_rollups_daily').select(['influencer_id', 'product_id'])
      .where('link_id', '=', a.id).execute();
    expect(perInfluencer.every((r) => r.influencer_id === a.influencer_id && r.product_id === a.product_id)).toBe(true);
  });

  it('stores clicks in monthly partitions created for the previous, current and next two months', async () => {
    const now = new Date();
    const { rows } = await sql<{ name: string }>`
      SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'clicks'::regclass
    `.execute(database.db);
    const names = rows.map((r) => r.name);
    for (const offset of [-1, 0, 1, 2]) {
      expect(names).toContain(clickPartitionName(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1))));
    }
    const link = await newLink();
    const click = clickOn(link);
    await ingest([click]);
    const { rows: where } = await sql<{ partition: string }>`SELECT tableoid::regclass::text AS partition FROM clicks WHERE id = ${click.id}`.execute(database.db);
    expect(where[0]?.partition).toBe(clickPartitionName(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1))));
  });

  it('moves clicks that landed in the default partition into their month once that partition is created', async () => {
    const link = await newLink();
    const now = new Date();
    // Six months ahead: outside the months the worker prepares, so the click lands in the default partition.
    const later = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 6, 15));
    const click = clickOn(link, { at: later });
    await ingest([click]);
    const partitionOf = async () => (await sql<{ p: string }>`SELECT tableoid::regclass::text AS p FROM clicks WHERE id = ${click.id}`.execute(database.db)).rows[0]?.p;
    expect(await partitionOf()).toBe('clicks_default');

    expect(await ensureClickPartitions(database.db, later)).toContain(clickPartitionName(later));
    expect(await partitionOf()).toBe(clickPartitionName(later));
    expect(await storedClicks(link.id)).toHaveLength(1);
  });

  it('keeps clicks waiting in the queue while PostgreSQL is unreachable and stores them once it is back', async () => {
    const link = await newLink();
    const outagePrefix = uniqueRedisPrefix();
    const outageQueue = createClickQueue({ connection: redis, prefix: outagePrefix });
    const unreachable = connectPostgres('postgres://root@127.0.0.1:1/nowhere', { max: 1 });
    const failingWorker = await startClickWorker({ connection: redis, prefix: outagePrefix, db: unreachable.db, logger });
    try {
      let failures = 0;
      failingWorker.worker.on('failed', () => { failures += 1; });
      const click = clickOn(link);
      await outageQueue.sink.enqueue(click);
      await expect.poll(() => failures, { timeout: 20_000, interval: 20 }).toBeGreaterThan(0);
      await failingWorker.close();
      expect(await outageQueue.isIdle()).toBe(false);

      const recovered = await startClickWorker({ connection: redis, prefix: outagePrefix, db: database.db, logger });
      try {
        await waitForIdle(outageQueue);
      } finally {
        await recovered.close();
      }
      expect((await storedClicks(link.id)).map((c) => c.id)).toEqual([click.id]);
    } finally {
      await failingWorker.close();
      await unreachable.close();
      await outageQueue.close();
      await deleteRedisPrefix(outagePrefix);
    }
  });
});

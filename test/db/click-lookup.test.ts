import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { v4 as uuidv4, v7 as uuidv7 } from 'uuid';
import { EVERY_VENDOR } from '../../core/access/access.ts';
import { clickIdTime } from '../../core/clicks/click-id.ts';
import { createSecretBox } from '../../core/shared/secret-box.ts';
import { clickIdTimeSql } from '../../db/click-window.ts';
import { clickPartitionName, ensureClickPartitions } from '../../db/clicks.repository.ts';
import { findClickContext } from '../../db/conversions.repository.ts';
import { listTrail } from '../../db/money-trail.repository.ts';
import { supportSearchReads } from '../../db/support-search.repository.ts';
import { plansOf, relationsRead, type QueryPlan } from '../../bench/support/query-plans.ts';
import { factories } from '../factories/index.ts';
import { storeClick } from '../support/clicks.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';

// A click looked up by id (a vendor's postback, the support search, the money trail) is read
// from the monthly partition its id's time names, not from every month's.

let database: TestDatabase;
let vendorId: string;
let influencerId: string;
let link: { id: string; influencer_id: string; product_id: string };
const clicks = { june: '', november: '', monthEdge: '', longAgo: '' };
const FORGED = ['ffffffff-ffff-7fff-bfff-ffffffffffff', '00000000-0000-7000-8000-000000000000', uuidv4(), 'not-a-uuid', ''];

beforeAll(async () => {
  database = await createTestDatabase();
  const make = factories(database.db, createSecretBox('test-secret-key-test-secret-key-0000'));
  const vendor = await make.vendor();
  vendorId = vendor.id;
  const product = await make.product(await make.brand(vendor.id));
  influencerId = (await make.influencer()).id;
  link = await make.link(influencerId, product.id);
  // Eight monthly partitions, May to December 2026, beside the default one.
  await ensureClickPartitions(database.db, new Date('2026-06-15T12:00:00Z'));
  await ensureClickPartitions(database.db, new Date('2026-10-15T12:00:00Z'));
  clicks.june = await storeClick(database.db, link, { clickedAt: new Date('2026-06-10T08:00:00Z') });
  clicks.november = await storeClick(database.db, link, { clickedAt: new Date('2026-11-03T21:15:00Z') });
  clicks.monthEdge = await storeClick(database.db, link, { clickedAt: new Date('2026-07-31T23:30:00Z') });
  // Before any monthly partition: the default one holds it.
  clicks.longAgo = await storeClick(database.db, link, { clickedAt: new Date('2024-01-05T10:00:00Z') });
  for (const [name, clickId] of [['june', clicks.june], ['november', clicks.november], ['long-ago', clicks.longAgo], ['forged', FORGED[0]]] as const) {
    await database.db.insertInto('conversions').values({
      vendor_id: vendorId, order_id: `order-${name}`, click_id: clickId, link_id: link.id, influencer_id: influencerId, product_id: link.product_id,
      amount: 1000, currency: 'EUR', status: 'attributed', occurred_at: new Date(), request_hash: crypto.randomUUID(), response: '{}',
    }).execute();
  }
  await sql`ANALYZE clicks`.execute(database.db);
});
afterAll(async () => { await database?.close(); });

/** The partitions of `clicks` that the plans read (a scan that ran at least once). */
function partitionsRead(plans: QueryPlan[]): string[] {
  const read = plans.flatMap((p) => relationsRead(p.plan)).map((r) => r.relation).filter((r) => r.startsWith('clicks_'));
  return [...new Set(read)].sort();
}

describe('a click looked up by id', () => {
  it('is there in every partition: several months and the default one', async () => {
    const partitions = (await sql<{ name: string }>`SELECT inhrelid::regclass::text AS name FROM pg_inherits WHERE inhparent = 'clicks'::regclass`.execute(database.db)).rows;
    expect(partitions.length).toBeGreaterThanOrEqual(9);
    for (const id of Object.values(clicks)) expect((await findClickContext(database.db, id))?.facts.id).toBe(id);
    expect((await findClickContext(database.db, clicks.june.toUpperCase()))?.facts.id).toBe(clicks.june);
  });

  it('reads one partition for a postback, the month its id names (two at a month’s edge)', async () => {
    const june = await plansOf(database.url, (db) => findClickContext(db, clicks.june));
    expect(june.result?.facts.id).toBe(clicks.june);
    expect(partitionsRead(june.plans)).toEqual([clickPartitionName(new Date('2026-06-01T00:00:00Z'))]);

    const longAgo = await plansOf(database.url, (db) => findClickContext(db, clicks.longAgo));
    expect(longAgo.result?.facts.id).toBe(clicks.longAgo);
    expect(partitionsRead(longAgo.plans)).toEqual(['clicks_default']);

    const edge = await plansOf(database.url, (db) => findClickContext(db, clicks.monthEdge));
    expect(edge.result?.facts.id).toBe(clicks.monthEdge);
    expect(partitionsRead(edge.plans)).toEqual(['clicks_2026_07', 'clicks_2026_08']);
  });

  it('reads one partition in the support search, for the click and for the orders that name it', async () => {
    const searched = await plansOf(database.url, async (db) => {
      const reads = supportSearchReads(db);
      return { clicks: await reads.clicks(EVERY_VENDOR, clicks.november), orders: await reads.orders(EVERY_VENDOR, { clickId: clicks.november }) };
    });
    expect(searched.result.clicks.map((c) => c.id)).toEqual([clicks.november]);
    expect(searched.result.orders.map((o) => [o.orderId, o.influencerId])).toEqual([['order-november', influencerId]]);
    expect(partitionsRead(searched.plans)).toEqual(['clicks_2026_11']);
  });

  it('reads, on the money trail, only the partitions of the clicks behind the orders listed', async () => {
    const trail = await plansOf(database.url, (db) => listTrail(db, influencerId, {}, { limit: 10 }));
    expect(trail.result.items.map((r) => [r.order.orderId, r.click?.id ?? null])).toEqual([
      ['order-forged', null], ['order-long-ago', clicks.longAgo], ['order-november', clicks.november], ['order-june', clicks.june],
    ]);
    expect(partitionsRead(trail.plans)).toEqual(['clicks_2026_06', 'clicks_2026_11', 'clicks_default']);
  });

  it('finds nothing, and never fails, for a forged or malformed id', async () => {
    const reads = supportSearchReads(database.db);
    for (const id of FORGED) {
      expect(await findClickContext(database.db, id)).toBeUndefined();
      expect(await reads.clicks(EVERY_VENDOR, id)).toEqual([]);
    }
    const orders = await reads.orders(EVERY_VENDOR, { clickId: FORGED[0]! });
    expect(orders.map((o) => [o.orderId, o.clickId])).toEqual([['order-forged', FORGED[0]]]);
  });

  it('reads the id’s time in SQL as core reads it', async () => {
    const instants = [0, 1, Date.parse('2026-07-31T23:59:59.999Z'), Date.now(), 2 ** 48 - 1];
    for (const ms of instants) {
      const id = uuidv7({ msecs: ms });
      const { rows } = await sql<{ at: Date }>`SELECT ${clickIdTimeSql(sql`${id}::uuid`)} AS at`.execute(database.db);
      expect(rows[0]!.at.getTime()).toBe(ms);
      expect(clickIdTime(id)?.getTime()).toBe(ms);
    }
  });
});

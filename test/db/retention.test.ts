import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RETENTION_POLICY } from '../../core/privacy/retention.ts';
import { runRetention, type RetentionPorts } from '../../core/privacy/retention.service.ts';
import { createSecretBox } from '../../core/shared/secret-box.ts';
import { auditLog, auditReads } from '../../db/audit.repository.ts';
import { ensureClickPartitions } from '../../db/clicks.repository.ts';
import { retentionStore } from '../../db/retention.repository.ts';
import { createChatStateSweeper } from '../../queue/chat-state-sweeper.ts';
import { createRedis } from '../../queue/connection.ts';
import { factories } from '../factories/index.ts';
import { createAdmin } from '../support/admins.ts';
import { manualClock } from '../support/manual-clock.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';
import { deleteRedisPrefix, TEST_REDIS_URL, uniqueRedisPrefix } from '../support/redis.ts';

// The nightly retention run, with the clock held at 2026-12-15 12:00 UTC and the default
// periods: click details 90 days, click rows 25 whole months (November 2024 on), ended console
// sessions 30 days, audit rows two years (money rows for good), bot conversation state only
// with an expiry. Each thing just inside a period stays, each just outside goes.

const NOW = new Date('2026-12-15T12:00:00Z');
const DAY = 24 * 60 * 60 * 1000;
const ago = (days: number) => new Date(NOW.getTime() - days * DAY);

const clock = manualClock(NOW);
const prefix = uniqueRedisPrefix();
const redis = createRedis(TEST_REDIS_URL);
let database: TestDatabase;
let ports: RetentionPorts;
const clicks: Record<string, string> = {};
const sessions: Record<string, string> = {};
const audits: Record<string, string> = {};
const orders: Record<string, string> = {};

async function click(name: string, at: Date, link: { id: string; influencer_id: string; product_id: string }) {
  const id = uuidv7({ msecs: at.getTime() });
  await database.db.insertInto('clicks').values({
    id, link_id: link.id, influencer_id: link.influencer_id, product_id: link.product_id, clicked_at: at, visitor_id: `v_${name}`,
    ip_hash: `hash-${name}`, user_agent: `Mozilla/5.0 (${name})`, referer: `https://t.me/${name}`, counted: true,
  }).execute();
  clicks[name] = id;
}

async function audit(name: string, entity: string, at: Date) {
  const row = await database.db.insertInto('audit_log').values({ actor: 'admin:1', action: `${entity}.update`, entity, entity_id: '1', created_at: at })
    .returning('id').executeTakeFirstOrThrow();
  audits[name] = row.id;
}

beforeAll(async () => {
  database = await createTestDatabase();
  const db = database.db;
  const make = factories(db, createSecretBox('test-secret-key-test-secret-key-0000'));
  const product = await make.product(await make.brand((await make.vendor()).id));
  const link = await make.link((await make.influencer()).id, product.id);
  // The partitions the worker made over the years: Aug–Nov 2024, Aug–Nov 2026, Nov 2026–Feb 2027.
  for (const at of ['2024-09-15', '2026-09-15', '2026-12-15']) await ensureClickPartitions(db, new Date(`${at}T00:00:00Z`));
  await click('sep2024', new Date('2024-09-10T08:00:00Z'), link);
  await click('lastOfOct2024', new Date('2024-10-31T23:59:59Z'), link);
  await click('firstOfNov2024', new Date('2024-11-01T00:00:00Z'), link);
  await click('day91', ago(91), link);
  await click('day89', ago(89), link);
  await click('justInside', ago(89.9), link);
  await click('today', ago(0.05), link);
  await click('default2023', new Date('2023-05-01T10:00:00Z'), link); // no partition: the default one
  await click('default2025', new Date('2025-06-01T10:00:00Z'), link);
  await db.insertInto('click_rollups_daily').values({ day: '2024-09-10', link_id: link.id, influencer_id: link.influencer_id, product_id: link.product_id, clicks_total: 1, clicks_counted: 1 }).execute();

  const staff = await createAdmin(db, { email: 'retention@dealcast.test', password: 'correct horse battery', role: 'admin' });
  const session = async (name: string, expiresAt: Date, revokedAt: Date | null = null) => {
    const row = await db.insertInto('admin_sessions').values({
      admin_id: staff.id, token_hash: `hash-${name}`, created_at: ago(60), last_seen_at: ago(60), expires_at: expiresAt,
      absolute_expires_at: new Date(Math.max(expiresAt.getTime(), NOW.getTime() + DAY)), revoked_at: revokedAt, user_agent: `Browser ${name}`,
    }).returning('id').executeTakeFirstOrThrow();
    sessions[name] = row.id;
  };
  await session('expired31', ago(31));
  await session('signedOut40', new Date(NOW.getTime() + DAY), ago(40));
  await session('signedOut10', new Date(NOW.getTime() + DAY), ago(10));
  await session('expired29', ago(29));
  await session('live', new Date(NOW.getTime() + DAY));

  // Orders with the hash of the shop's buyer reference: kept 60 days, for the 30-day repeat-order check.
  const vendor = await make.vendor();
  for (const [name, days] of [['order61', 61], ['order59', 59]] as const) {
    const row = await db.insertInto('conversions').values({
      vendor_id: vendor.id, order_id: name, amount: 1000, currency: 'EUR', status: 'unattributed', occurred_at: ago(days), received_at: ago(days),
      request_hash: name, response: '{}', buyer_hash: `buyer-of-${name}`,
    }).returning('id').executeTakeFirstOrThrow();
    orders[name] = row.id;
  }

  await audit('product731', 'product', ago(731));
  await audit('brand729', 'brand', ago(729));
  await audit('payout731', 'payout', ago(731));
  await audit('commission3000', 'commission', ago(3000));

  await redis.set(`${prefix}:bot:conv:telegram:1`, '{"flow":"register"}');
  await redis.set(`${prefix}:bot:conv:telegram:2`, '{"flow":"register"}', 'EX', 1800);
  await redis.set(`${prefix}:link:abc`, 'cached');

  ports = {
    store: retentionStore(db), audit: { ...auditLog(db), ...auditReads(db) }, chatState: createChatStateSweeper(redis, prefix),
    policy: DEFAULT_RETENTION_POLICY, clock,
  };
});
afterAll(async () => {
  await deleteRedisPrefix(prefix);
  redis.disconnect();
  await database?.close();
});

async function storedClicks(): Promise<Record<string, { details: boolean }>> {
  const rows = await database.db.selectFrom('clicks').select(['id', 'user_agent', 'referer', 'ip_hash', 'visitor_id']).execute();
  const names = Object.fromEntries(Object.entries(clicks).map(([name, id]) => [id, name]));
  return Object.fromEntries(rows.map((r) => [names[r.id] ?? r.id, { details: r.user_agent !== null || r.referer !== null || r.ip_hash !== null }]));
}

async function partitions(): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'clicks'::regclass ORDER BY 1`.execute(database.db);
  return rows.map((r) => r.name);
}

const namesOf = (ids: Record<string, string>, rows: { id: string }[]) =>
  Object.entries(ids).filter(([, id]) => rows.some((r) => r.id === id)).map(([name]) => name);

describe('the retention run', () => {
  it('removes exactly what the periods say and nothing else', async () => {
    const report = await runRetention(ports);

    expect(await storedClicks()).toEqual({
      firstOfNov2024: { details: false }, default2025: { details: false }, day91: { details: false },
      day89: { details: true }, justInside: { details: true }, today: { details: true },
    });
    expect(await partitions()).toEqual([
      'clicks_2024_11', 'clicks_2026_08', 'clicks_2026_09', 'clicks_2026_10', 'clicks_2026_11', 'clicks_2026_12', 'clicks_2027_01', 'clicks_2027_02', 'clicks_default',
    ]);
    // The counts stay: they identify no one.
    expect(await database.db.selectFrom('click_rollups_daily').select('clicks_total').where('day', '=', '2024-09-10').execute()).toEqual([{ clicks_total: '1' }]);
    expect(namesOf(sessions, await database.db.selectFrom('admin_sessions').select('id').execute())).toEqual(['signedOut10', 'expired29', 'live']);
    expect(namesOf(audits, await database.db.selectFrom('audit_log').select('id').execute())).toEqual(['brand729', 'payout731', 'commission3000']);
    expect((await redis.keys(`${prefix}:*`)).sort()).toEqual([`${prefix}:bot:conv:telegram:2`, `${prefix}:link:abc`]);
    // The order stays (accounting); only the old one's buyer hash goes.
    const buyers = await database.db.selectFrom('conversions').select(['order_id', 'buyer_hash']).where('id', 'in', Object.values(orders)).orderBy('order_id').execute();
    expect(buyers).toEqual([{ order_id: 'order59', buyer_hash: 'buyer-of-order59' }, { order_id: 'order61', buyer_hash: null }]);

    expect(report).toMatchObject({
      clickDetailsCleared: 3, clickPartitionsDropped: ['clicks_2024_08', 'clicks_2024_09', 'clicks_2024_10'], defaultPartitionClicksDeleted: 1,
      adminSessionsDeleted: 2, auditRowsDeleted: 1, buyerRefsCleared: 1, chatKeysDeleted: 1,
      cutoffs: { clickDetailsSince: null, clickDetailsBefore: ago(90).toISOString(), clicksBefore: '2024-11-01T00:00:00.000Z' },
    });
    const [recorded] = await database.db.selectFrom('audit_log').select(['actor', 'action', 'details']).where('action', '=', 'retention.purge').execute();
    expect(recorded).toMatchObject({ actor: 'job:retention.purge', details: { clickDetailsCleared: 3, auditRowsDeleted: 1 } });
  });

  it('removes nothing more when run again, and the next nights take what has aged since', async () => {
    const before = { clicks: await storedClicks(), partitions: await partitions() };
    const again = await runRetention(ports);
    expect(again).toMatchObject({
      clickDetailsCleared: 0, clickPartitionsDropped: [], defaultPartitionClicksDeleted: 0, adminSessionsDeleted: 0, auditRowsDeleted: 0, chatKeysDeleted: 0,
      cutoffs: { clickDetailsSince: ago(97).toISOString() },
    });
    expect({ clicks: await storedClicks(), partitions: await partitions() }).toEqual(before);

    clock.advanceDays(2); // day89's click is 91 days old now, expired29's session ended 31 days ago.
    const later = await runRetention(ports);
    expect(later).toMatchObject({ clickDetailsCleared: 2, adminSessionsDeleted: 1 });
    expect((await storedClicks()).day89).toEqual({ details: false });
    expect((await storedClicks()).today).toEqual({ details: true });
    clock.advanceDays(20); // signedOut10's session ended 32 days ago.
    expect(await runRetention(ports)).toMatchObject({ clickDetailsCleared: 0, adminSessionsDeleted: 1 });
    expect(namesOf(sessions, await database.db.selectFrom('admin_sessions').select('id').execute())).toEqual(['live']);
  });
});

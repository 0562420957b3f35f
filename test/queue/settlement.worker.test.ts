import { QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSecretBox } from '../../core/shared/secret-box.ts';
import { createRedis } from '../../queue/connection.ts';
import { SETTLEMENT_JOBS, SETTLEMENT_QUEUE, startSettlementWorker, type SettlementWorker } from '../../queue/settlement.worker.ts';
import { factories } from '../factories/index.ts';
import { manualClock } from '../support/manual-clock.ts';
import { recordingNotifier, sellThrough } from '../support/money.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';
import { TEST_REDIS_URL, deleteRedisPrefix, uniqueRedisPrefix } from '../support/redis.ts';

const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
const clock = manualClock(new Date('2026-12-07T05:00:00Z'));
const notifier = recordingNotifier();

let database: TestDatabase;
let prefix: string;
let connections: Redis[];
let workers: SettlementWorker[];
let events: QueueEvents;

beforeAll(async () => {
  database = await createTestDatabase();
  prefix = uniqueRedisPrefix();
  connections = [createRedis(TEST_REDIS_URL), createRedis(TEST_REDIS_URL), createRedis(TEST_REDIS_URL)];
  // Two worker processes' worth: both register the same schedulers and take jobs from one queue.
  workers = [
    await startSettlementWorker({ connection: connections[0]!, prefix, db: database.db, logger, notifier, clock }),
    await startSettlementWorker({ connection: connections[1]!, prefix, db: database.db, logger, notifier, clock, schedules: { payouts: { pattern: '0 6 * * 1' } } }),
  ];
  events = new QueueEvents(SETTLEMENT_QUEUE, { connection: connections[2]!, prefix });
  await events.waitUntilReady();
});
afterAll(async () => {
  await events?.close();
  for (const w of workers ?? []) await w.close();
  await deleteRedisPrefix(prefix);
  for (const c of connections ?? []) c.disconnect();
  await database?.close();
});

async function run(name: string, data: Record<string, unknown> = {}) {
  const job = await workers[0]!.queue.add(name, data);
  return job.waitUntilFinished(events);
}

describe('the settlement worker', () => {
  it('registers hourly approvals, nightly tiers and weekly payouts once, however many workers start', async () => {
    const schedulers = await workers[0]!.queue.getJobSchedulers();
    expect(schedulers.map((s) => [s.name, s.pattern, s.tz]).sort()).toEqual([
      [SETTLEMENT_JOBS.payouts, '0 6 * * 1', 'UTC'],
      [SETTLEMENT_JOBS.approve, '5 * * * *', 'UTC'],
      [SETTLEMENT_JOBS.tiers, '30 2 * * *', 'UTC'],
    ].sort());
  });

  it('runs each job through its service: approvals, tiers, payouts, each one idempotent', async () => {
    const make = factories(database.db, createSecretBox('test-secret-key-test-secret-key-0000'));
    const vendor = await make.vendor();
    const product = await make.product(await make.brand(vendor.id, { commissionRateBps: 1000, lockDays: 14 }));
    const base = await make.tier({ name: 'Base', multiplierBps: 10000 });
    const influencer = await make.influencer();
    const link = await make.link(influencer.id, product.id);
    await sellThrough(database.db, clock, { vendorId: vendor.id, link, orderId: 'W-1', amount: 50_000, currency: 'EUR' });

    clock.advanceDays(14);
    expect(await run(SETTLEMENT_JOBS.approve)).toMatchObject({ approved: 1, totals: { EUR: 5000 } });
    expect(await run(SETTLEMENT_JOBS.approve)).toMatchObject({ approved: 0 });
    expect(notifier.of('commission_approved')).toEqual([expect.objectContaining({ influencerId: influencer.id, amount: 5000, currency: 'EUR' })]);

    expect(await run(SETTLEMENT_JOBS.tiers)).toMatchObject({ changed: 1 });
    expect(await run(SETTLEMENT_JOBS.tiers)).toMatchObject({ changed: 0 });
    expect(notifier.of('tier_changed')).toEqual([{ kind: 'tier_changed', influencerId: influencer.id, fromTier: null, toTier: 'Base', multiplierBps: 10000 }]);
    expect((await database.db.selectFrom('influencers').select('tier_id').where('id', '=', influencer.id).executeTakeFirstOrThrow()).tier_id).toBe(base.id);

    // Two payout jobs at once, on two workers: one payout.
    const [a, b] = await Promise.all([run(SETTLEMENT_JOBS.payouts, { runKey: 'week-49' }), run(SETTLEMENT_JOBS.payouts)]);
    expect(a.payouts + b.payouts).toBe(1);
    const payouts = await database.db.selectFrom('payouts').selectAll().where('influencer_id', '=', influencer.id).execute();
    expect(payouts).toEqual([expect.objectContaining({ amount: '5000', currency: 'EUR', status: 'pending' })]);
  });

  it('refuses an unknown job without retrying it', async () => {
    const job = await workers[0]!.queue.add('settlement.unknown', {}, { attempts: 5 });
    await expect(job.waitUntilFinished(events)).rejects.toThrow(/unknown job/);
    expect((await workers[0]!.queue.getJob(job.id!))?.attemptsMade).toBe(1);
  });
});

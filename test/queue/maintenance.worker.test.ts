import { Queue } from 'bullmq';
import { sql } from 'kysely';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clickPartitionName } from '../../db/clicks.repository.ts';
import { MAINTENANCE_JOBS, MAINTENANCE_QUEUE, startMaintenanceWorker } from '../../queue/maintenance.worker.ts';
import type { ScheduledWorker } from '../../queue/scheduled-worker.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';
import { deleteRedisPrefix, testRedisConnections, uniqueRedisPrefix } from '../support/redis.ts';
import { completedSlots, gaps } from '../support/scheduled-runs.ts';

const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
const EVERY_MS = 1000;

let database: TestDatabase;
const redis = testRedisConnections();
const running: ScheduledWorker[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  for (const worker of running) await worker.close();
  redis.disconnectAll();
  await database?.close();
});

async function start(options: { prefix: string; now?: () => Date; every?: number }): Promise<ScheduledWorker> {
  const worker = await startMaintenanceWorker({
    connection: redis.open(), prefix: options.prefix, db: database.db, logger, now: options.now,
    schedules: options.every ? { partitions: { every: options.every } } : undefined,
  });
  running.push(worker);
  return worker;
}

async function stop(worker: ScheduledWorker): Promise<void> {
  running.splice(running.indexOf(worker), 1);
  await worker.close();
}

/** The maintenance queue as an operator sees it once the workers have stopped. */
async function inspectQueue<T>(prefix: string, read: (queue: Queue) => Promise<T>): Promise<T> {
  const queue = new Queue(MAINTENANCE_QUEUE, { connection: redis.open(), prefix });
  try {
    return await read(queue);
  } finally {
    await queue.close();
  }
}

async function clickPartitions(): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'clicks'::regclass`.execute(database.db);
  return rows.map((r) => r.name);
}

const monthOf = (year: number, month: number) => clickPartitionName(new Date(Date.UTC(year, month, 1)));

describe('the maintenance worker', () => {
  it('registers the partition check twice a day and the retention run nightly (UTC) by default', async () => {
    const prefix = uniqueRedisPrefix();
    try {
      const worker = await start({ prefix });
      const schedulers = (await worker.queue.getJobSchedulers()).map((s) => [s.name, s.pattern, s.tz]);
      expect(schedulers.sort()).toEqual([[MAINTENANCE_JOBS.partitions, '10 3,15 * * *', 'UTC'], [MAINTENANCE_JOBS.retention, '50 2 * * *', 'UTC']]);
      await stop(worker);
    } finally {
      await deleteRedisPrefix(prefix);
    }
  });

  it('creates the coming months\' click partitions from its repeatable job as the months go by', async () => {
    const prefix = uniqueRedisPrefix();
    try {
      // The worker's idea of today jumps to June 2031 while it runs: the next scheduled run prepares May to August.
      let today = new Date();
      const worker = await start({ prefix, now: () => today, every: EVERY_MS });
      const current = monthOf(today.getUTCFullYear(), today.getUTCMonth());
      // The start-up run is over before the jump, so only scheduled runs see June 2031.
      const startUpRunDone = async () => (await worker.queue.getJobs(['completed'])).some((job) => !job.id?.startsWith('repeat:'));
      await expect.poll(startUpRunDone, { timeout: 30_000, interval: 200 }).toBe(true);
      expect(await clickPartitions()).toContain(current);

      today = new Date(Date.UTC(2031, 5, 20));
      const ahead = [monthOf(2031, 4), monthOf(2031, 5), monthOf(2031, 6), monthOf(2031, 7)];
      await expect.poll(clickPartitions, { timeout: 30_000, interval: 200 }).toEqual(expect.arrayContaining(ahead));
      expect(await clickPartitions()).not.toContain(monthOf(2031, 8));
      await stop(worker);

      // A scheduled run (not the start-up one) created them.
      const jobs = await inspectQueue(prefix, (queue) => queue.getJobs(['completed']));
      const creators = jobs.filter((job) => (job.returnvalue as { created?: string[] } | undefined)?.created?.includes(monthOf(2031, 5)));
      expect(creators.map((job) => job.id)).toEqual([expect.stringMatching(new RegExp(`^repeat:${MAINTENANCE_JOBS.partitions}:\\d+$`))]);
    } finally {
      await deleteRedisPrefix(prefix);
    }
  }, 90_000);

  it('removes what the retention periods say from its repeatable job, counted back from its clock', async () => {
    const prefix = uniqueRedisPrefix();
    try {
      const today = new Date('2031-03-10T02:50:00Z');
      const old = await database.db.insertInto('audit_log').values({ actor: 'admin:1', action: 'brand.update', entity: 'brand', entity_id: '1', created_at: new Date('2031-02-01T00:00:00Z') })
        .returning('id').executeTakeFirstOrThrow();
      const recent = await database.db.insertInto('audit_log').values({ actor: 'admin:1', action: 'brand.update', entity: 'brand', entity_id: '1', created_at: new Date('2031-02-20T00:00:00Z') })
        .returning('id').executeTakeFirstOrThrow();
      const worker = await startMaintenanceWorker({
        connection: redis.open(), prefix, db: database.db, logger, now: () => today,
        retention: { clickDetailsDays: 90, clickMonths: 120, adminSessionDays: 30, auditDays: 30, buyerRefDays: 60 },
        schedules: { partitions: null, retention: { every: EVERY_MS } },
      });
      running.push(worker);
      const purges = async () => (await database.db.selectFrom('audit_log').select('details').where('action', '=', MAINTENANCE_JOBS.retention).execute()).length;
      await expect.poll(purges, { timeout: 30_000, interval: 200 }).toBeGreaterThan(0);
      await stop(worker);
      const ids = (await database.db.selectFrom('audit_log').select('id').where('id', 'in', [old.id, recent.id]).execute()).map((r) => r.id);
      expect(ids).toEqual([recent.id]);
      const [first] = await database.db.selectFrom('audit_log').select(['actor', 'details']).where('action', '=', MAINTENANCE_JOBS.retention).orderBy('id').execute();
      expect(first).toMatchObject({ actor: 'job:retention.purge', details: { auditRowsDeleted: 1, cutoffs: { auditBefore: '2031-02-08T02:50:00.000Z' } } });
    } finally {
      await deleteRedisPrefix(prefix);
    }
  }, 60_000);

  it('runs each scheduled check once, however many workers registered the schedule', async () => {
    const prefix = uniqueRedisPrefix();
    try {
      const startedAt = Date.now();
      const workers = [await start({ prefix, every: EVERY_MS }), await start({ prefix, every: EVERY_MS }), await start({ prefix, every: EVERY_MS })];
      await expect.poll(async () => (await completedSlots(workers[0]!.queue, MAINTENANCE_JOBS.partitions)).length, { timeout: 60_000, interval: 200 }).toBeGreaterThanOrEqual(5);
      for (const worker of workers) await stop(worker);
      const endedAt = Date.now();

      const slots = await inspectQueue(prefix, (queue) => completedSlots(queue, MAINTENANCE_JOBS.partitions));
      expect(gaps(slots).every((gap) => gap >= EVERY_MS)).toBe(true);
      expect(slots.length).toBeLessThanOrEqual(Math.floor((endedAt - startedAt) / EVERY_MS) + 2);
    } finally {
      await deleteRedisPrefix(prefix);
    }
  }, 90_000);
});

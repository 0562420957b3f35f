import { Queue } from 'bullmq';
import { sql } from 'kysely';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SETTLEMENT_JOBS, SETTLEMENT_QUEUE, startSettlementWorker, type SettlementWorker } from '../../queue/settlement.worker.ts';
import { recordingNotifier } from '../support/money.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';
import { deleteRedisPrefix, testRedisConnections, uniqueRedisPrefix } from '../support/redis.ts';
import { completedSlots, gaps } from '../support/scheduled-runs.ts';

const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
const EVERY_MS = 1000;
const WORKERS = 3;

let database: TestDatabase;
const prefix = uniqueRedisPrefix();
const redis = testRedisConnections();
let workers: SettlementWorker[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  for (const worker of workers) await worker.close();
  await deleteRedisPrefix(prefix);
  redis.disconnectAll();
  await database?.close();
});

/** One worker process's worth: its own connection, every worker registering the same short schedules. */
function startWorker(): Promise<SettlementWorker> {
  return startSettlementWorker({
    connection: redis.open(), prefix, db: database.db, logger, notifier: recordingNotifier(),
    schedules: { approve: { every: EVERY_MS }, tiers: { every: EVERY_MS }, payouts: null },
  });
}

/** The runs each job recorded: one audit row per approval run and per tier assignment. */
async function auditedRuns(): Promise<Record<string, number>> {
  const { rows } = await sql<{ action: string; runs: number }>`
    SELECT action, count(*)::int AS runs FROM audit_log WHERE action IN ('commission.approve_matured', 'tier.assign') GROUP BY action`.execute(database.db);
  return Object.fromEntries(rows.map((r) => [r.action, r.runs]));
}

describe('scheduled settlement jobs with several workers', () => {
  it(`runs each scheduled approval and tier assignment once, with ${WORKERS} workers registering the schedules and one restarting`, async () => {
    const startedAt = Date.now();
    for (let i = 0; i < WORKERS; i += 1) workers.push(await startWorker());
    const atLeast = (n: number) => async () => {
      const runs = await auditedRuns();
      return (runs['commission.approve_matured'] ?? 0) >= n && (runs['tier.assign'] ?? 0) >= n;
    };
    await expect.poll(atLeast(3), { timeout: 60_000, interval: 200 }).toBe(true);

    // A worker restarting (a deploy) registers the same schedules again while they run.
    await workers[1]!.close();
    workers[1] = await startWorker();
    await expect.poll(atLeast(6), { timeout: 60_000, interval: 200 }).toBe(true);
    for (const worker of workers) await worker.close();
    workers = [];
    const endedAt = Date.now();

    const queue = new Queue(SETTLEMENT_QUEUE, { connection: redis.open(), prefix });
    try {
      const runs = await auditedRuns();
      for (const [name, action] of [[SETTLEMENT_JOBS.approve, 'commission.approve_matured'], [SETTLEMENT_JOBS.tiers, 'tier.assign']] as const) {
        const slots = await completedSlots(queue, name);
        // Every run recorded belongs to one scheduled slot, and no slot ran twice.
        expect(runs[action]).toBe(slots.length);
        // One schedule, not one per worker: runs are at least a period apart, and no more of them than periods passed.
        expect(gaps(slots).every((gap) => gap >= EVERY_MS)).toBe(true);
        expect(slots.length).toBeLessThanOrEqual(Math.floor((endedAt - startedAt) / EVERY_MS) + 2);
      }
      expect((await queue.getJobSchedulers()).map((s) => s.name).sort()).toEqual([SETTLEMENT_JOBS.approve, SETTLEMENT_JOBS.tiers].sort());
    } finally {
      await queue.close();
    }
  }, 180_000);
});

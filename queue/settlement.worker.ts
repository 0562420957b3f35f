import { UnrecoverableError, type Job } from 'bullmq';
import type { RedisClient } from './connection.ts';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { systemCaller } from '../core/access/access.ts';
import { systemClock, type Clock } from '../core/shared/clock.ts';
import type { Notifier } from '../core/notifications/notifications.ts';
import { runPayouts } from '../core/payouts/payouts.service.ts';
import { approveMaturedCommissions } from '../core/settlement/settlement.service.ts';
import { DEFAULT_SETTLEMENT_POLICY, type SettlementPolicy } from '../core/settlement/settlement.ts';
import { assignTiers } from '../core/tiers/tiers.service.ts';
import { createPayoutStore } from '../db/payouts.repository.ts';
import type { Database } from '../db/schema.ts';
import { createSettlementStore } from '../db/settlement.repository.ts';
import { createTierStore } from '../db/tiers.repository.ts';
import { startScheduledWorker, type Schedule, type ScheduledWorker } from './scheduled-worker.ts';

export const SETTLEMENT_QUEUE = 'settlement';

export const SETTLEMENT_JOBS = {
  approve: 'settlement.approve',
  tiers: 'tiers.assign',
  payouts: 'payouts.run',
} as const;
export type SettlementJobName = (typeof SETTLEMENT_JOBS)[keyof typeof SETTLEMENT_JOBS];

/** Hourly approvals, nightly tiers (02:30 UTC), weekly payouts (Monday 06:00 UTC). */
export const DEFAULT_SETTLEMENT_SCHEDULES: Readonly<Record<keyof typeof SETTLEMENT_JOBS, Schedule>> = Object.freeze({
  approve: { pattern: '5 * * * *' },
  tiers: { pattern: '30 2 * * *' },
  payouts: { pattern: '0 6 * * 1' },
});

export interface SettlementWorkerOptions {
  /** A connection with `maxRetriesPerRequest: null` (see queue/connection.ts). */
  connection: RedisClient;
  prefix: string;
  db: Kysely<Database>;
  logger: Logger;
  notifier: Notifier;
  clock?: Clock;
  policy?: SettlementPolicy;
  /** Overrides of the default schedules; each worker upserts the same schedulers, so running several is fine. */
  schedules?: Partial<Record<keyof typeof SETTLEMENT_JOBS, Schedule>>;
}

export type SettlementWorker = ScheduledWorker;

/**
 * Starts the settlement worker: registers the repeatable jobs (BullMQ job schedulers) and
 * processes them, each by one core service. Every service is idempotent and safe against a
 * second worker running the same job at once, so retries and several worker processes never
 * approve or pay anything twice. A job that fails (PostgreSQL down) is retried with backoff.
 */
export async function startSettlementWorker(options: SettlementWorkerOptions): Promise<SettlementWorker> {
  const { db, logger, notifier } = options;
  const clock = options.clock ?? systemClock;
  const policy = options.policy ?? DEFAULT_SETTLEMENT_POLICY;
  const onNotifyError = (err: unknown) => logger.error({ err }, 'settlement: notifications could not be handed over');

  const process = async (job: Job): Promise<unknown> => {
    switch (job.name) {
      case SETTLEMENT_JOBS.approve:
        return approveMaturedCommissions({ store: createSettlementStore(db), clock, notifier, policy, onNotifyError }, systemCaller(`job:${job.name}`));
      case SETTLEMENT_JOBS.tiers: {
        const { changed } = await assignTiers({ store: createTierStore(db), clock, notifier, onNotifyError }, systemCaller(`job:${job.name}`));
        return { changed };
      }
      case SETTLEMENT_JOBS.payouts: {
        // The job's own creation time names the run: a retry of it creates nothing twice.
        const runKey = typeof job.data?.runKey === 'string' ? job.data.runKey : `payouts:${new Date(job.timestamp).toISOString()}`;
        const run = await runPayouts({ store: createPayoutStore(db), clock, notifier, policy, onNotifyError }, systemCaller(`job:${job.name}`), { runKey });
        return { runKey: run.runKey, payouts: run.payouts.length, totals: run.totals };
      }
      default:
        throw new UnrecoverableError(`unknown job ${job.name} on the ${SETTLEMENT_QUEUE} queue`);
    }
  };

  const schedules = { ...DEFAULT_SETTLEMENT_SCHEDULES, ...options.schedules };
  const entries = Object.entries(SETTLEMENT_JOBS) as [keyof typeof SETTLEMENT_JOBS, SettlementJobName][];
  return startScheduledWorker({
    queueName: SETTLEMENT_QUEUE, connection: options.connection, prefix: options.prefix, logger,
    schedules: entries.map(([key, name]) => [name, schedules[key]] as const),
    process,
  });
}

import { UnrecoverableError } from 'bullmq';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { DEFAULT_RETENTION_POLICY, type RetentionPolicy } from '../core/privacy/retention.ts';
import { RETENTION_JOB, runRetention } from '../core/privacy/retention.service.ts';
import { auditLog, auditReads } from '../db/audit.repository.ts';
import { ensureClickPartitions } from '../db/clicks.repository.ts';
import { retentionStore } from '../db/retention.repository.ts';
import type { Database } from '../db/schema.ts';
import { createChatStateSweeper } from './chat-state-sweeper.ts';
import type { RedisClient } from './connection.ts';
import { SCHEDULED_JOB_OPTIONS, startScheduledWorker, type Schedule, type ScheduledWorker } from './scheduled-worker.ts';

export const MAINTENANCE_QUEUE = 'maintenance';

export const MAINTENANCE_JOBS = {
  partitions: 'partitions.ensure',
  retention: RETENTION_JOB,
} as const;

/**
 * Partitions twice a day (03:10 and 15:10 UTC): they exist two months ahead, so a missed run
 * costs nothing. Retention nightly (02:50 UTC), before the busy hours.
 */
export const DEFAULT_MAINTENANCE_SCHEDULES: Readonly<Record<keyof typeof MAINTENANCE_JOBS, Schedule>> = Object.freeze({
  partitions: { pattern: '10 3,15 * * *' },
  retention: { pattern: '50 2 * * *' },
});

export interface MaintenanceWorkerOptions {
  /** A connection with `maxRetriesPerRequest: null` (see queue/connection.ts). */
  connection: RedisClient;
  prefix: string;
  db: Kysely<Database>;
  logger: Logger;
  /** The time the partitions are planned from and retention periods are counted back from. */
  now?: () => Date;
  /** How long data is kept (cli/config.ts RETENTION_*); default core's. */
  retention?: RetentionPolicy;
  /** Overrides of the default schedules; each worker upserts the same schedulers, so running several is fine. */
  schedules?: Partial<Record<keyof typeof MAINTENANCE_JOBS, Schedule>>;
}

/**
 * Starts the maintenance worker: the database's housekeeping as repeatable jobs, one run per
 * schedule whatever the number of worker processes: `partitions.ensure`, which creates the
 * coming months' click partitions (safe from several workers at once), and `retention.purge`
 * (core/privacy/retention.service.ts), which removes what the retention policy says is too old
 * and records it in the audit log. One partitions run is
 * also queued at start-up, so that a database that was unreachable when the click worker
 * checked its partitions gets them within minutes (a failed run retries with backoff), not at
 * the next scheduled run.
 */
export async function startMaintenanceWorker(options: MaintenanceWorkerOptions): Promise<ScheduledWorker> {
  const { db, logger } = options;
  const now = options.now ?? (() => new Date());
  const schedules = { ...DEFAULT_MAINTENANCE_SCHEDULES, ...options.schedules };
  const retention = {
    store: retentionStore(db), audit: { ...auditLog(db), ...auditReads(db) }, chatState: createChatStateSweeper(options.connection, options.prefix),
    policy: options.retention ?? DEFAULT_RETENTION_POLICY, clock: { now },
  };
  const maintenance = await startScheduledWorker({
    queueName: MAINTENANCE_QUEUE, connection: options.connection, prefix: options.prefix, logger,
    schedules: [[MAINTENANCE_JOBS.partitions, schedules.partitions], [MAINTENANCE_JOBS.retention, schedules.retention]],
    async process(job) {
      if (job.name === MAINTENANCE_JOBS.partitions) return { created: await ensureClickPartitions(db, now()) };
      if (job.name === MAINTENANCE_JOBS.retention) return runRetention(retention);
      throw new UnrecoverableError(`unknown job ${job.name} on the ${MAINTENANCE_QUEUE} queue`);
    },
  });
  // Workers starting together queue one start-up run between them (while it waits, the others' are dropped).
  await maintenance.queue.add(MAINTENANCE_JOBS.partitions, {}, { ...SCHEDULED_JOB_OPTIONS, deduplication: { id: `${MAINTENANCE_JOBS.partitions}:start-up` } });
  return maintenance;
}

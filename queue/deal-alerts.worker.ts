import { UnrecoverableError } from 'bullmq';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { DEAL_ALERTS_JOB, deliverDealAlerts } from '../core/alerts/alert-delivery.service.ts';
import type { Notifier } from '../core/notifications/notifications.ts';
import { alertDeliveryStore } from '../db/deal-alerts.repository.ts';
import type { Database } from '../db/schema.ts';
import { unitOfWork } from '../db/unit-of-work.ts';
import type { RedisClient } from './connection.ts';
import { startScheduledWorker, type Schedule, type ScheduledWorker } from './scheduled-worker.ts';

export const DEAL_ALERTS_QUEUE = 'deal-alerts';

/**
 * Every five minutes: "as it happens" followers hear within minutes, and a daily digest goes out
 * within five minutes of its local hour (core/alerts/deal-alerts.ts `DIGEST_HOUR`).
 */
export const DEFAULT_DEAL_ALERTS_SCHEDULE: Schedule = { pattern: '*/5 * * * *' };

export interface DealAlertsWorkerOptions {
  /** A connection with `maxRetriesPerRequest: null` (see queue/connection.ts). */
  connection: RedisClient;
  prefix: string;
  db: Kysely<Database>;
  logger: Logger;
  /** The notifications queue's notifier: alerts go out with every chat's pacing and the WhatsApp outbox. */
  notifier: Notifier;
  now?: () => Date;
  schedule?: Schedule;
}

/**
 * Starts the deal alerts' repeatable job (`alerts.deliver`), one run per schedule however many
 * workers run (queue/scheduled-worker.ts); a run that happens twice anyway sends nothing twice,
 * since every (event, follower) is claimed once in the database.
 */
export async function startDealAlertsWorker(options: DealAlertsWorkerOptions): Promise<ScheduledWorker> {
  const { db } = options;
  const deps = {
    work: unitOfWork(db, (trx) => ({ deliveries: alertDeliveryStore(trx) })),
    notifier: options.notifier,
    clock: { now: options.now ?? (() => new Date()) },
  };
  return startScheduledWorker({
    queueName: DEAL_ALERTS_QUEUE, connection: options.connection, prefix: options.prefix, logger: options.logger,
    schedules: [[DEAL_ALERTS_JOB, options.schedule === undefined ? DEFAULT_DEAL_ALERTS_SCHEDULE : options.schedule]],
    async process(job) {
      if (job.name === DEAL_ALERTS_JOB) return deliverDealAlerts(deps);
      throw new UnrecoverableError(`unknown job ${job.name} on the ${DEAL_ALERTS_QUEUE} queue`);
    },
  });
}

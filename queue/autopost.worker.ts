import { UnrecoverableError } from 'bullmq';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { AutopostPublisher } from '../core/autopost/autopost.ports.ts';
import { AUTOPOST_JOB, runAutopost, type AutopostRunDeps } from '../core/autopost/autopost-runner.service.ts';
import type { Notifier } from '../core/notifications/notifications.ts';
import { systemClock, type Clock } from '../core/shared/clock.ts';
import { autopostStore } from '../db/autopost.repository.ts';
import { botDealStore } from '../db/bot-deals.repository.ts';
import { botIntroLineStore } from '../db/bot-intro-lines.repository.ts';
import { linkStore } from '../db/links.repository.ts';
import type { Database } from '../db/schema.ts';
import type { RedisClient } from './connection.ts';
import { startScheduledWorker, type Schedule, type ScheduledWorker } from './scheduled-worker.ts';

export const AUTOPOST_QUEUE = 'autopost';

/** Every minute, on the minute (UTC): a posting time is a minute of the day. */
export const DEFAULT_AUTOPOST_SCHEDULE: Schedule = Object.freeze({ pattern: '* * * * *' });

export interface AutopostWorkerOptions {
  /** A connection with `maxRetriesPerRequest: null` (see queue/connection.ts). */
  connection: RedisClient;
  prefix: string;
  db: Kysely<Database>;
  logger: Logger;
  /** Posts into Telegram chats through the shared send pacer (bots/telegram/autopost-publisher.ts). */
  publisher: AutopostPublisher;
  /** Tells an influencer that a chat stopped (a post refused for good). */
  notifier: Notifier;
  /** Base of the tracked links. */
  publicUrl: string;
  clock?: Clock;
  /** Override of the default schedule; null turns the scheduler off (a test runs jobs itself). */
  schedule?: Schedule;
}

/** What one run needs, on PostgreSQL: the stores of the chats, deals, links and intro lines. */
export function autopostRunDeps(options: Omit<AutopostWorkerOptions, 'connection' | 'prefix' | 'schedule'>): AutopostRunDeps {
  const { db, logger } = options;
  return {
    store: autopostStore(db), publisher: options.publisher, deals: botDealStore(db), links: linkStore(db), intros: botIntroLineStore(db),
    notifier: options.notifier, clock: options.clock ?? systemClock, publicUrl: options.publicUrl,
    onError: (err: unknown, chatId: string) => logger.warn({ err, chatId }, 'autopost: a chat could not be posted to'),
  };
}

/**
 * Starts the autopost worker: `autopost.run` every minute as a BullMQ job scheduler, upserted
 * by every worker process, so each minute runs once however many workers run (as the
 * settlement and maintenance jobs do). The run itself claims each chat's slot in PostgreSQL,
 * so a run that overlaps another (a retry, a slow minute) still posts a slot once.
 */
export async function startAutopostWorker(options: AutopostWorkerOptions): Promise<ScheduledWorker> {
  const { logger } = options;
  const deps = autopostRunDeps(options);
  return startScheduledWorker({
    queueName: AUTOPOST_QUEUE, connection: options.connection, prefix: options.prefix, logger,
    schedules: [[AUTOPOST_JOB, options.schedule === undefined ? DEFAULT_AUTOPOST_SCHEDULE : options.schedule]],
    async process(job) {
      if (job.name === AUTOPOST_JOB) return runAutopost(deps);
      throw new UnrecoverableError(`unknown job ${job.name} on the ${AUTOPOST_QUEUE} queue`);
    },
  });
}

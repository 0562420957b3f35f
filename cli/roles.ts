import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { buildApp } from '../api/app.ts';
import { createHttpMetrics } from '../api/observability/http-metrics.ts';
import { buildAppDeps } from './app-deps.ts';
import { systemClock } from '../core/shared/clock.ts';
import type { Notifier } from '../core/notifications/notifications.ts';
import { createAutopostPublisher } from '../bots/telegram/autopost-publisher.ts';
import { createTelegramSender } from '../bots/telegram/telegram-sender.ts';
import { recipientStore } from '../db/bot-accounts.repository.ts';
import { createClickQueue } from '../queue/clicks.queue.ts';
import { createClickSpill } from '../queue/click-spill.ts';
import { startClickWorker } from '../queue/clicks.worker.ts';
import { createNotificationQueue } from '../queue/notifications.queue.ts';
import { startNotificationWorker } from '../queue/notifications.worker.ts';
import { startSettlementWorker } from '../queue/settlement.worker.ts';
import { createJobMetrics } from '../queue/job-metrics.ts';
import { startMaintenanceWorker } from '../queue/maintenance.worker.ts';
import { startAutopostWorker } from '../queue/autopost.worker.ts';
import { startDealAlertsWorker } from '../queue/deal-alerts.worker.ts';
import { createRedisWhatsAppStatusStore } from '../bots/whatsapp/whatsapp-status.store.ts';
import { buildBotEngine, prepareTelegramWebhook, runTelegramPolling, telegramSendPacer, telegramUsesWebhook } from './bot-wiring.ts';
import type { Infrastructure } from './infrastructure.ts';

export type RoleName = 'api' | 'worker' | 'bots';
export const ROLE_NAMES: readonly RoleName[] = ['api', 'worker', 'bots'];

export interface RunningRole {
  readonly name: RoleName;
  /** Stops taking work, finishes what is in flight, and releases its resources. */
  stop(): Promise<void>;
}

/** The command engine of the bots, on this process's database and Redis. */
function botEngineOf(infra: Infrastructure, notifier: Notifier) {
  return buildBotEngine({
    db: infra.database.db, redis: infra.redis, redisPrefix: infra.redisPrefix, publicUrl: infra.config.publicUrl,
    clock: systemClock, logger: infra.logger, notifier, media: infra.media, ownerMarkKey: infra.ipHashKey, secretBox: infra.secretBox,
  });
}

/** Telegram in webhook mode (a bot token and an explicit PUBLIC_URL Telegram can reach): served by the api role. */
function telegramWebhookOf(infra: Infrastructure, notifier: Notifier) {
  const { telegramBotToken, telegramApiRoot, publicUrl } = infra.config;
  if (!telegramBotToken || !telegramUsesWebhook(infra.config)) return undefined;
  return prepareTelegramWebhook(botEngineOf(infra, notifier), {
    token: telegramBotToken, apiRoot: telegramApiRoot, publicUrl, secretKey: infra.secretKey, redis: infra.redis, redisPrefix: infra.redisPrefix,
  }, infra.logger);
}

/**
 * HTTP: redirect, vendor API, admin API, docs, and Telegram's webhook in webhook mode. Drains
 * requests and flushes queued clicks on stop.
 */
export async function startApiRole(infra: Infrastructure): Promise<RunningRole & { url: string }> {
  // Clicks that Redis cannot take and memory cannot hold wait in DATA_DIR/click-spill (queue/click-spill.ts).
  const clickQueue = createClickQueue({
    connection: infra.redis, prefix: infra.redisPrefix, spill: createClickSpill({ dir: path.join(infra.config.dataDir, 'click-spill') }),
  });
  const notifications = createNotificationQueue({ connection: infra.redis, prefix: infra.redisPrefix });
  const telegram = telegramWebhookOf(infra, notifications.notifier);
  const app = await buildApp(buildAppDeps({
    db: infra.database.db,
    redis: infra.redis,
    clicks: clickQueue.sink,
    secretBox: infra.secretBox,
    clock: systemClock,
    logger: infra.logger,
    publicUrl: infra.config.publicUrl,
    trustProxy: infra.config.trustProxy,
    ipHashKey: infra.ipHashKey,
    sessionSecret: infra.sessionSecret,
    redisPrefix: infra.redisPrefix,
    notifier: notifications.notifier,
    telegramWebhook: telegram?.webhook,
    media: infra.media,
    // Written by the bots role (this process or another): one place to read it from either way.
    whatsappStatus: createRedisWhatsAppStatusStore(infra.redis, infra.redisPrefix),
    metrics: createHttpMetrics(infra.metrics, { scrapeToken: infra.config.metricsToken }),
  }));
  await app.listen({ host: infra.config.host, port: infra.config.port });
  const address = app.server.address() as AddressInfo;
  const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
  infra.logger.info({ url }, 'api listening');
  // Telegram is told where to post once we listen; a failure (wrong token) is logged and the api runs on.
  await telegram?.register().catch((err: unknown) => infra.logger.error({ err }, 'telegram: setWebhook failed; the bot does not receive updates'));
  return {
    name: 'api',
    url,
    async stop() {
      await app.close();
      await clickQueue.close();
      await notifications.close();
    },
  };
}

/**
 * Queue workers: click ingestion; settlement (approvals, tiers, payout runs) and maintenance
 * (the coming months' click partitions) on their schedules, each run taken by one of however
 * many worker processes run; notifications to influencers' chats: sent to Telegram here when a
 * bot token is set, relayed to the bots role for WhatsApp (whose client lives there) when
 * WHATSAPP_ENABLED is on.
 */
export async function startWorkerRole(infra: Infrastructure): Promise<RunningRole> {
  const notificationQueue = createNotificationQueue({ connection: infra.redis, prefix: infra.redisPrefix });
  const { telegramBotToken, telegramApiRoot, whatsappEnabled } = infra.config;
  const notifications = startNotificationWorker({
    connection: infra.newRedisConnection(),
    redis: infra.redis,
    prefix: infra.redisPrefix,
    recipients: recipientStore(infra.database.db),
    senders: telegramBotToken ? {
      // Paced with the bots role's replies: one budget per bot token.
      telegram: createTelegramSender({ token: telegramBotToken, apiRoot: telegramApiRoot, pacer: telegramSendPacer(infra.redis, infra.redisPrefix, telegramBotToken) }),
    } : {},
    relayChannels: whatsappEnabled ? ['whatsapp'] : [],
    logger: infra.logger,
  });
  const clicks = await startClickWorker({
    connection: infra.newRedisConnection(),
    prefix: infra.redisPrefix,
    db: infra.database.db,
    logger: infra.logger,
  });
  const settlement = await startSettlementWorker({
    connection: infra.newRedisConnection(),
    prefix: infra.redisPrefix,
    db: infra.database.db,
    logger: infra.logger,
    notifier: notificationQueue.notifier,
  });
  const maintenance = await startMaintenanceWorker({
    connection: infra.newRedisConnection(),
    prefix: infra.redisPrefix,
    db: infra.database.db,
    logger: infra.logger,
    retention: infra.config.retention,
  });
  // Posting into Telegram channels needs the bot token; its posts wait in the pacer of the bot's replies.
  const autopost = telegramBotToken ? await startAutopostWorker({
    connection: infra.newRedisConnection(), prefix: infra.redisPrefix, db: infra.database.db, logger: infra.logger,
    publisher: createAutopostPublisher({ token: telegramBotToken, apiRoot: telegramApiRoot, pacer: telegramSendPacer(infra.redis, infra.redisPrefix, telegramBotToken) }),
    notifier: notificationQueue.notifier, publicUrl: infra.config.publicUrl,
  }) : undefined;
  const dealAlerts = await startDealAlertsWorker({
    connection: infra.newRedisConnection(),
    prefix: infra.redisPrefix,
    db: infra.database.db,
    logger: infra.logger,
    notifier: notificationQueue.notifier,
  });
  const jobMetrics = createJobMetrics(infra.metrics, { redis: infra.redis, prefix: infra.redisPrefix, logger: infra.logger });
  for (const worker of [clicks.worker, settlement.worker, maintenance.worker, dealAlerts.worker, notifications.worker, ...(autopost ? [autopost.worker] : [])]) jobMetrics.observe(worker);
  infra.logger.info('worker started: clicks.ingest, settlement.approve, tiers.assign, payouts.run, partitions.ensure, retention.purge, alerts.deliver, notifications' + (autopost ? ', autopost.run' : ''));
  return {
    name: 'worker',
    async stop() {
      await clicks.close();
      await settlement.close();
      await maintenance.close();
      await autopost?.close();
      await dealAlerts.close();
      await notifications.close();
      await notificationQueue.close();
    },
  };
}

/**
 * Chat bots. Telegram with TELEGRAM_BOT_TOKEN: long polling here, or, when PUBLIC_URL is set,
 * webhook mode served by the api role. WhatsApp with WHATSAPP_ENABLED=1: whatsapp-web.js in
 * headless Chromium (its login QR code in the terminal and the admin API), which also delivers
 * the notifications the worker role relays to WhatsApp identities.
 */
export async function startBotsRole(infra: Infrastructure): Promise<RunningRole> {
  const { telegramBotToken, telegramApiRoot, whatsappEnabled, publicUrlExplicit } = infra.config;
  const webhook = telegramUsesWebhook(infra.config);
  const stops: (() => Promise<void>)[] = [];
  const notifications = createNotificationQueue({ connection: infra.redis, prefix: infra.redisPrefix });
  if (!telegramBotToken && !whatsappEnabled) {
    infra.logger.info('bots: no TELEGRAM_BOT_TOKEN and WHATSAPP_ENABLED is off; no chat bot runs (try the commands in the console\'s bot playground)');
  }
  if (telegramBotToken && webhook) {
    infra.logger.info('bots: Telegram runs in webhook mode (PUBLIC_URL is set); the api role receives its updates');
  } else if (telegramBotToken) {
    if (publicUrlExplicit) infra.logger.warn('bots: Telegram only posts webhooks to https; PUBLIC_URL is not https, so the bot long-polls');
    try {
      const bot = await runTelegramPolling(botEngineOf(infra, notifications.notifier), {
        token: telegramBotToken, apiRoot: telegramApiRoot, redis: infra.redis, redisPrefix: infra.redisPrefix,
      }, infra.logger);
      stops.push(() => bot.stop());
    } catch (err) {
      infra.logger.error({ err }, 'bots: the Telegram bot could not start (is TELEGRAM_BOT_TOKEN right?)');
    }
  }
  if (whatsappEnabled) {
    // Loaded only here: whatsapp-web.js and puppeteer are ~11 MB of heap a process without WhatsApp would carry.
    const { runWhatsApp } = await import('./whatsapp-wiring.ts');
    const whatsapp = runWhatsApp({
      engine: botEngineOf(infra, notifications.notifier), config: infra.config, db: infra.database.db, redis: infra.redis,
      redisPrefix: infra.redisPrefix, workerConnection: infra.newRedisConnection(), logger: infra.logger,
    });
    infra.logger.info('bots: WhatsApp starting (scan the QR code printed below, or see GET /api/v1/admin/whatsapp/status)');
    stops.push(() => whatsapp.stop());
  }
  stops.push(() => notifications.close());
  return {
    name: 'bots',
    async stop() {
      for (const stop of stops) await stop();
    },
  };
}

export const ROLE_STARTERS: Record<RoleName, (infra: Infrastructure) => Promise<RunningRole>> = {
  api: startApiRole,
  worker: startWorkerRole,
  bots: startBotsRole,
};

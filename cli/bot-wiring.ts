import type { RedisClient } from '../queue/connection.ts';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { createRedisRequestCounter } from '../queue/request-counter.store.ts';
import { createBotEngine, createRateLimiter, createRedisSessionStore, EXPORT_RATE_LIMIT, type BotEngine, type RateLimit } from '../bots/engine/index.ts';
import { createRedisSendPacer, type SendPacer } from '../bots/telegram/send-pacer.ts';
import { createTelegramBot, startTelegramPolling, startTelegramWebhook, telegramWebhookSecret, type RunningTelegramBot } from '../bots/telegram/telegram-bot.ts';
import { createChannelMedia } from '../api/media/channel-media.ts';
import type { ChannelMedia } from '../core/channels/channel-kits.service.ts';
import type { Clock } from '../core/shared/clock.ts';
import type { PayoutRequests } from '../core/influencers/influencer-reports.service.ts';
import type { Notifier } from '../core/notifications/notifications.ts';
import { requestPayout } from '../core/payouts/payouts.service.ts';
import { payoutMethodsService, type PayoutMethods } from '../core/payouts/payout-methods.service.ts';
import type { SecretBox } from '../core/shared/secret-box.ts';
import { payoutMethodStore } from '../db/payout-methods.repository.ts';
import { auditLog } from '../db/audit.repository.ts';
import { unitOfWork } from '../db/unit-of-work.ts';
import { autopostStore } from '../db/autopost.repository.ts';
import { botAccountStore } from '../db/bot-accounts.repository.ts';
import { botDealStore } from '../db/bot-deals.repository.ts';
import { campaignChatStore } from '../db/campaigns-chat.repository.ts';
import { botIntroLineStore } from '../db/bot-intro-lines.repository.ts';
import { followStore } from '../db/deal-follows.repository.ts';
import { botReportStore } from '../db/bot-reports.repository.ts';
import { linkLandings, linkStore } from '../db/links.repository.ts';
import { pickStore } from '../db/picks.repository.ts';
import { exposureStore } from '../db/exposure.repository.ts';
import { readExposureCounts } from '../db/exposure-points.repository.ts';
import { readExposureWeights } from '../db/tiers.repository.ts';
import { createPayoutStore } from '../db/payouts.repository.ts';
import type { Database } from '../db/schema.ts';
import type { TelegramWebhook } from '../api/deps.ts';
import { buildDataExport, buildInfluencerErasure } from './privacy-wiring.ts';

export interface BotWiring {
  db: Kysely<Database>;
  /** A shared, non-blocking connection: sessions and rate counters. */
  redis: RedisClient;
  redisPrefix: string;
  publicUrl: string;
  clock: Clock;
  logger: Logger;
  /** Told about payouts created from chat (none today; kept for the payout rules' contract). */
  notifier: Notifier;
  rateLimit?: RateLimit;
  /** Key of the influencers' owner links (core/clicks/owner-mark.ts): the api's visitor IP hash key, which verifies them. */
  ownerMarkKey?: string;
  /** How often an influencer may ask for their data (`/export`); default once an hour. */
  exportRateLimit?: RateLimit;
  /** QR code and poster renderers, built once and shared with the api; default api/media's for public image hosts. */
  media?: ChannelMedia;
  /**
   * Seals the influencers' payout methods (SECRET_KEY's box, the one of the vendor secrets);
   * without it `/payout` cannot keep where the money goes and only requests payouts.
   */
  secretBox?: SecretBox;
}

/** Where the influencers' money goes, encrypted in the database. */
export function payoutMethods(w: Pick<BotWiring, 'db' | 'clock'> & { secretBox: SecretBox }): PayoutMethods {
  return payoutMethodsService({
    store: payoutMethodStore(w.db),
    work: unitOfWork(w.db, (trx) => ({ methods: payoutMethodStore(trx), audit: auditLog(trx) })),
    secretBox: w.secretBox, clock: w.clock,
  });
}

/** `/payout` on core/payouts/payouts.service.ts `requestPayout`: the same rules as the weekly run, for one influencer. */
export function payoutRequests(w: Pick<BotWiring, 'db' | 'clock' | 'notifier' | 'logger'>): PayoutRequests {
  const ctx = { store: createPayoutStore(w.db), clock: w.clock, notifier: w.notifier, onNotifyError: (err: unknown) => w.logger.warn({ err }, 'payout notification failed') };
  return {
    async requestPayout(influencerId) {
      const answer = await requestPayout(ctx, influencerId);
      return {
        created: answer.created.map((p) => ({ currency: p.currency, amount: p.amount })),
        belowMinimum: answer.belowMinimum,
      };
    },
  };
}

/** The command engine on PostgreSQL and Redis: what every chat adapter (and the playground) talks to. */
export function buildBotEngine(w: BotWiring): BotEngine {
  const counter = createRedisRequestCounter(w.redis, w.redisPrefix);
  const methods = w.secretBox ? payoutMethods({ ...w, secretBox: w.secretBox }) : undefined;
  return createBotEngine({
    accounts: botAccountStore(w.db),
    deals: botDealStore(w.db),
    follows: followStore(w.db),
    campaigns: campaignChatStore(w.db),
    intros: botIntroLineStore(w.db),
    links: linkStore(w.db),
    landings: linkLandings(w.db),
    picks: pickStore(w.db),
    exposure: exposureStore(w.db),
    reach: { counts: (influencerId, fromDay) => readExposureCounts(w.db, influencerId, fromDay), weights: async () => (await readExposureWeights(w.db)).weights },
    reports: botReportStore(w.db),
    payouts: payoutRequests(w),
    payoutMethods: methods,
    erasure: buildInfluencerErasure(w.db, w.clock),
    dataExport: buildDataExport(w.db, w.clock, w.publicUrl, methods),
    exportLimiter: createRateLimiter(counter, w.exportRateLimit ?? EXPORT_RATE_LIMIT),
    sessions: createRedisSessionStore(w.redis, w.redisPrefix),
    limiter: createRateLimiter(counter, w.rateLimit),
    publicUrl: w.publicUrl,
    ownerMarkKey: w.ownerMarkKey,
    media: w.media ?? createChannelMedia({ logger: w.logger }),
    clock: w.clock,
    logger: w.logger,
    autopost: { store: autopostStore(w.db), notifier: w.notifier },
  });
}

/**
 * Webhook mode when PUBLIC_URL is set explicitly, and Telegram can post to it: the public Bot
 * API only delivers webhooks to https URLs (a self-hosted Bot API server also accepts http).
 * Otherwise the bots role long-polls, so that a plain `http://localhost` PUBLIC_URL (the
 * docker-compose default) still gives a working bot.
 */
export function telegramUsesWebhook(config: { publicUrlExplicit: boolean; publicUrl: string; telegramApiRoot: string }): boolean {
  if (!config.publicUrlExplicit) return false;
  return config.publicUrl.startsWith('https://') || new URL(config.telegramApiRoot).hostname !== 'api.telegram.org';
}

export interface TelegramSettings {
  token: string;
  apiRoot: string;
  /** The deployment's Redis and key prefix: the send pacer the worker's notifications share, and the paged lists. */
  redis?: RedisClient;
  redisPrefix?: string;
}

/**
 * One bot token's send pacer on the deployment's Redis: the bots role's replies and the worker
 * role's notifications wait in the same one, so together they keep Telegram's limits.
 */
export function telegramSendPacer(redis: RedisClient, redisPrefix: string, token: string): SendPacer {
  return createRedisSendPacer({ redis, prefix: redisPrefix, token });
}

function telegramBotOf(engine: BotEngine, telegram: TelegramSettings, logger: Logger) {
  const { redis, redisPrefix } = telegram;
  const shared = redis && redisPrefix !== undefined
    ? { pacer: telegramSendPacer(redis, redisPrefix, telegram.token), sessions: createRedisSessionStore(redis, redisPrefix) }
    : {};
  return createTelegramBot({ token: telegram.token, apiRoot: telegram.apiRoot, engine, logger, ...shared });
}

/** Long polling: the bots role's Telegram bot when no PUBLIC_URL is set. */
export async function runTelegramPolling(engine: BotEngine, telegram: TelegramSettings, logger: Logger): Promise<RunningTelegramBot> {
  return startTelegramPolling(telegramBotOf(engine, telegram, logger), logger);
}

/**
 * Webhook mode: the api role serves `POST /telegram/webhook` (checked against a secret derived
 * from SECRET_KEY, or SESSION_SECRET) and registers `<PUBLIC_URL>/telegram/webhook` with
 * Telegram once it listens.
 */
export function prepareTelegramWebhook(
  engine: BotEngine,
  telegram: TelegramSettings & { publicUrl: string; secretKey: string },
  logger: Logger,
): { webhook: TelegramWebhook; register(): Promise<RunningTelegramBot> } {
  const bot = telegramBotOf(engine, telegram, logger);
  const secretToken = telegramWebhookSecret(telegram.secretKey);
  return {
    webhook: { secretToken, handleUpdate: (update) => bot.handleUpdate(update as Parameters<typeof bot.handleUpdate>[0]) },
    register: () => startTelegramWebhook(bot, { publicUrl: telegram.publicUrl, secretToken, logger }),
  };
}

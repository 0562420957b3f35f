import type { RedisClient } from '../queue/connection.ts';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { fetchImage, type ImageFetchOptions } from '../api/media/image-fetcher.ts';
import type { BotEngine } from '../bots/engine/index.ts';
import { printLoginQr } from '../bots/whatsapp/terminal-qr.ts';
import type { Timers } from '../bots/timers.ts';
import { startWhatsAppBot, type RunningWhatsAppBot } from '../bots/whatsapp/whatsapp-bot.ts';
import { removeStaleChromiumLock } from '../bots/whatsapp/chromium-profile-lock.ts';
import { webClientFactory, webProfileDir, type WhatsAppClientFactory } from '../bots/whatsapp/whatsapp-client.ts';
import { createRedisWhatsAppIdentities } from '../bots/whatsapp/whatsapp-identities.ts';
import { createRedisOutboxStore } from '../bots/whatsapp/whatsapp-outbox.store.ts';
import { imageMimeType, type ImageLoader } from '../bots/whatsapp/whatsapp-render.ts';
import type { Backoff, Watchdog } from '../bots/whatsapp/whatsapp-session.ts';
import { createRedisWhatsAppStatusStore } from '../bots/whatsapp/whatsapp-status.store.ts';
import { findAccountByIdentity, recipientStore } from '../db/bot-accounts.repository.ts';
import type { Database } from '../db/schema.ts';
import { startChatSendWorker } from '../queue/chat-send.worker.ts';
import type { Config } from './config.ts';

/** Product pictures for WhatsApp deal messages: fetched with api/media's guards (deadline, size cap, no private network), JPEG or PNG only. */
export function productImageLoader(options: ImageFetchOptions = {}): ImageLoader {
  return async (url) => {
    const fetched = await fetchImage(url, options);
    if (!fetched.ok) return undefined;
    const mimeType = imageMimeType(fetched.bytes);
    return mimeType ? { mimeType, data: fetched.bytes } : undefined;
  };
}

export interface WhatsAppWiring {
  engine: BotEngine;
  config: Pick<Config, 'dataDir' | 'puppeteerExecutablePath' | 'whatsappMinDelayMs' | 'whatsappMaxDelayMs' | 'whatsappTypingMsPerChar' | 'whatsappRatePerMinute'>;
  db: Kysely<Database>;
  /** A shared, non-blocking connection: the status. */
  redis: RedisClient;
  redisPrefix: string;
  /** A blocking connection for the notifications consumer. */
  workerConnection: RedisClient;
  logger: Logger;
  /** Tests inject a fake client, a virtual clock, a fixed random and a short backoff; production uses the real ones. */
  createClient?: WhatsAppClientFactory;
  timers?: Timers;
  random?: () => number;
  backoff?: Backoff;
  /** Default: every 30 s; tests on a clock that moves by itself turn it off. */
  watchdog?: Watchdog | false;
  loadImage?: ImageLoader;
  /** Default: printed in the terminal. */
  showQr?: (qr: string) => void;
}

export interface RunningWhatsApp {
  readonly bot: RunningWhatsAppBot;
  stop(): Promise<void>;
}

/**
 * The WhatsApp bot in the bots role: whatsapp-web.js with its session under DATA_DIR, the
 * engine behind it, the status in Redis for the admin API (whichever process serves it), and
 * the consumer of the notifications relayed to WhatsApp (queue `notifications-whatsapp`),
 * which takes jobs only while WhatsApp is ready and sends them through the same outbox as
 * replies.
 */
export function runWhatsApp(w: WhatsAppWiring): RunningWhatsApp {
  const { config, logger } = w;
  // Idle until WhatsApp is ready, so the bot below exists before its sender is used.
  const sends = startChatSendWorker({
    connection: w.workerConnection, prefix: w.redisPrefix, channel: 'whatsapp', recipients: recipientStore(w.db), logger,
    sender: { send: (chatId, text, options) => bot.sender.send(chatId, text, options) },
  });
  const bot = startWhatsAppBot({
    engine: w.engine,
    createClient: w.createClient ?? webClientFactory({ dataDir: config.dataDir, executablePath: config.puppeteerExecutablePath }),
    status: createRedisWhatsAppStatusStore(w.redis, w.redisPrefix),
    outboxStore: createRedisOutboxStore(w.redis, w.redisPrefix),
    identities: createRedisWhatsAppIdentities(w.redis, w.redisPrefix, async (senderId) => (await findAccountByIdentity(w.db, 'whatsapp', senderId)) !== undefined),
    // A fake client opens no browser profile.
    prepareProfile: w.createClient ? undefined : async () => {
      const profile = webProfileDir({ dataDir: config.dataDir });
      if (await removeStaleChromiumLock(profile)) logger.warn({ profile }, 'whatsapp: removed a stale Chromium profile lock left by an earlier browser');
    },
    watchdog: w.watchdog,
    loadImage: w.loadImage ?? productImageLoader(),
    logger,
    timers: w.timers,
    random: w.random,
    backoff: w.backoff,
    outbox: {
      minDelayMs: config.whatsappMinDelayMs,
      maxDelayMs: config.whatsappMaxDelayMs,
      typingMsPerChar: config.whatsappTypingMsPerChar,
      ratePerMinute: config.whatsappRatePerMinute,
    },
    showQr: w.showQr ?? ((qr) => void printLoginQr(qr).catch((err: unknown) => logger.warn({ err }, 'whatsapp: the QR code could not be printed'))),
    onReadyChange: (ready) => sends.setActive(ready),
  });
  let stopping: Promise<void> | undefined;
  return {
    bot,
    stop() {
      // The outbox closes first: notifications still waiting in it fail and are retried later, so the consumer stops at once.
      stopping ??= bot.stop().then(() => sends.close());
      return stopping;
    },
  };
}

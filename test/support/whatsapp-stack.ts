import { pino } from 'pino';
import type { Redis } from 'ioredis';
import { createChannelMedia } from '../../api/media/channel-media.ts';
import type { BotEngine } from '../../bots/engine/index.ts';
import type { OutboxSettings } from '../../bots/whatsapp/whatsapp-outbox.ts';
import type { Watchdog } from '../../bots/whatsapp/whatsapp-session.ts';
import { createRedisWhatsAppStatusStore } from '../../bots/whatsapp/whatsapp-status.store.ts';
import { buildBotEngine } from '../../cli/bot-wiring.ts';
import { productImageLoader, runWhatsApp, type RunningWhatsApp } from '../../cli/whatsapp-wiring.ts';
import { systemClock } from '../../core/shared/clock.ts';
import { silentNotifier } from '../../core/notifications/notifications.ts';
import { recipientStore } from '../../db/bot-accounts.repository.ts';
import { startClickWorker, type ClickWorker } from '../../queue/clicks.worker.ts';
import { createRedis } from '../../queue/connection.ts';
import { createNotificationQueue, type NotificationQueue } from '../../queue/notifications.queue.ts';
import { startNotificationWorker, type NotificationWorker } from '../../queue/notifications.worker.ts';
import { factories } from '../factories/index.ts';
import { createTestApp, TEST_PUBLIC_URL, type TestApp } from './app.ts';
import { FakeWhatsAppNetwork, type SentWhatsAppMessage } from './fake-whatsapp.ts';
import { startImageServer, type ImageServer } from './image-server.ts';
import { deleteRedisPrefix, TEST_REDIS_URL, uniqueRedisPrefix } from './redis.ts';
import { settle, virtualTimers, type VirtualTimers } from './virtual-timers.ts';

/** The bot's own number in tests. */
export const BOT_PHONE = '31600000001';

/** The pace of production's defaults: on the virtual clock it costs nothing to keep. */
export const TEST_OUTBOX: OutboxSettings = { minDelayMs: 1500, maxDelayMs: 4000, typingMsPerChar: 25, maxTypingMs: 6000, ratePerMinute: 20 };

/** A seeded random (a linear congruential generator), so that every run draws the same pauses. */
export function seededRandom(seed = 42): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** A person on WhatsApp, writing to the bot in private and reading its answers. */
export interface WhatsAppPerson {
  readonly jid: string;
  say(text: string): void;
  /** The next `count` messages the bot sent them. */
  next(count?: number): Promise<SentWhatsAppMessage[]>;
}

/**
 * Everything between a WhatsApp user and a sale notification, in one process, wired by the
 * CLI's own `runWhatsApp`: the fake WhatsApp (no browser), the HTTP app (redirect, postbacks,
 * admin API with the WhatsApp status) whose notifier is the real notifications queue, the
 * engine, the click worker, the notifications worker relaying WhatsApp sends, and the bots
 * role's consumer of them. The outbox keeps production's pace on a virtual clock.
 */
export interface WhatsAppStack {
  readonly network: FakeWhatsAppNetwork;
  readonly app: TestApp;
  readonly engine: BotEngine;
  readonly whatsapp: RunningWhatsApp;
  readonly timers: VirtualTimers;
  readonly images: ImageServer;
  readonly make: ReturnType<typeof factories>;
  readonly notifications: NotificationQueue;
  /** QR codes shown in the terminal. */
  readonly printedQrs: string[];
  /** The first client shows a QR code, is scanned and becomes ready. */
  login(): Promise<void>;
  /** Someone writing from `phone`; `pushName` is the name they gave WhatsApp (every message carries it, as WhatsApp Web's `notifyName`). */
  person(phone: string, pushName?: string): WhatsAppPerson;
  close(): Promise<void>;
}

export async function createWhatsAppStack(options: { timers?: VirtualTimers; outbox?: Partial<OutboxSettings>; watchdog?: Watchdog } = {}): Promise<WhatsAppStack> {
  const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const timers = options.timers ?? virtualTimers({ auto: true });
  const network = new FakeWhatsAppNetwork(BOT_PHONE, timers.now);
  const connections: Redis[] = [];
  const redis = () => {
    const connection = createRedis(TEST_REDIS_URL);
    connections.push(connection);
    return connection;
  };
  const prefix = uniqueRedisPrefix();
  const shared = redis();
  const notifications = createNotificationQueue({ connection: shared, prefix });
  const app = await createTestApp({ notifier: notifications.notifier, whatsappStatus: createRedisWhatsAppStatusStore(shared, prefix) });
  const images = await startImageServer();
  const engine = buildBotEngine({
    db: app.database.db, redis: app.redis, redisPrefix: app.prefix, publicUrl: TEST_PUBLIC_URL, clock: systemClock, logger, notifier: silentNotifier,
    media: createChannelMedia({ imageFetch: { allowPrivateNetwork: true } }),
  });
  const printedQrs: string[] = [];
  const outbox = { ...TEST_OUTBOX, ...options.outbox };
  const whatsapp = runWhatsApp({
    engine, db: app.database.db, redis: shared, redisPrefix: prefix, workerConnection: redis(), logger,
    config: {
      dataDir: '/nonexistent', puppeteerExecutablePath: undefined, whatsappMinDelayMs: outbox.minDelayMs, whatsappMaxDelayMs: outbox.maxDelayMs,
      whatsappTypingMsPerChar: outbox.typingMsPerChar, whatsappRatePerMinute: outbox.ratePerMinute,
    },
    createClient: network.createClient, timers, random: seededRandom(), backoff: { initialMs: 2000, maxMs: 60_000 },
    // Its checks would move a self-advancing clock on their own: only tests on a manual clock ask for it.
    watchdog: options.watchdog ?? false,
    loadImage: productImageLoader({ allowPrivateNetwork: true }),
    showQr: (qr) => printedQrs.push(qr),
  });
  let clickWorker: ClickWorker | undefined;
  let notificationWorker: NotificationWorker | undefined;
  try {
    clickWorker = await startClickWorker({ connection: redis(), prefix: app.prefix, db: app.database.db, logger });
    notificationWorker = startNotificationWorker({
      connection: redis(), redis: shared, prefix, recipients: recipientStore(app.database.db), senders: {}, relayChannels: ['whatsapp'], logger,
    });
  } catch (error) {
    await whatsapp.stop();
    await clickWorker?.close();
    throw error;
  }
  return {
    network, app, engine, whatsapp, timers, images, notifications, printedQrs,
    make: factories(app.database.db, app.deps.secretBox),
    async login() {
      await settle();
      network.client.showQr('2@fake-login-qr,AbCdEf==,GhIjKl==');
      network.client.loginAndBeReady();
      await settle();
    },
    person(phone, pushName) {
      const jid = `${phone.replace(/\D/g, '')}@c.us`;
      let seen = 0;
      return {
        jid,
        say: (text) => void network.client.receive({ from: jid, body: text, ...(pushName ? { rawData: { notifyName: pushName } } : {}) }),
        async next(count = 1) {
          const messages = await network.waitForMessages(jid, count, { after: seen });
          seen += count;
          return messages;
        },
      };
    },
    async close() {
      await whatsapp.stop();
      await notificationWorker?.close();
      await clickWorker?.close();
      await notifications.close();
      await images.close();
      await app.close();
      await deleteRedisPrefix(prefix);
      for (const connection of connections) connection.disconnect();
    },
  };
}

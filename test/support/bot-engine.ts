import { pino } from 'pino';
import type { Redis } from 'ioredis';
import type { BotEngine, IncomingMessage, Reply } from '../../bots/engine/index.ts';
import type { RateLimit } from '../../bots/engine/rate-limiter.ts';
import { buildBotEngine } from '../../cli/bot-wiring.ts';
import { systemClock, type Clock } from '../../core/shared/clock.ts';
import type { Language } from '../../core/i18n/languages.ts';
import { silentNotifier } from '../../core/notifications/notifications.ts';
import { createSecretBox } from '../../core/shared/secret-box.ts';
import { createRedis } from '../../queue/connection.ts';
import { factories } from '../factories/index.ts';
import { createTestDatabase, type TestDatabase } from './postgres.ts';
import { TEST_REDIS_URL, deleteRedisPrefix, uniqueRedisPrefix } from './redis.ts';

export const ENGINE_PUBLIC_URL = 'https://dc.test';
/** The SECRET_KEY of the harness: what seals vendor secrets and payout methods in its database. */
export const ENGINE_SECRET_KEY = 'test-secret-key-test-secret-key-0000';

/** The command engine on a fresh database and Redis prefix, driven message by message. */
export interface EngineHarness {
  readonly engine: BotEngine;
  readonly database: TestDatabase;
  readonly redis: Redis;
  readonly prefix: string;
  readonly make: ReturnType<typeof factories>;
  /** A private message from `senderId` (Telegram unless told otherwise). */
  say(senderId: string, text: string, options?: Partial<IncomingMessage>): Promise<Reply[]>;
  /** Registers `senderId` through /start, name, country and terms; returns the influencer's id. */
  register(senderId: string, options?: { language?: Language; name?: string; country?: string; channel?: IncomingMessage['channel']; start?: string }): Promise<string>;
  close(): Promise<void>;
}

export async function createEngineHarness(options: { rateLimit?: RateLimit; clock?: Clock; ownerMarkKey?: string } = {}): Promise<EngineHarness> {
  const database = await createTestDatabase();
  const prefix = uniqueRedisPrefix();
  const redis = createRedis(TEST_REDIS_URL);
  const secretBox = createSecretBox(ENGINE_SECRET_KEY);
  const engine = buildBotEngine({
    db: database.db, redis, redisPrefix: prefix, publicUrl: ENGINE_PUBLIC_URL, clock: options.clock ?? systemClock, secretBox,
    logger: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }), notifier: silentNotifier,
    rateLimit: options.rateLimit ?? { max: 1000, windowMs: 60_000 }, ownerMarkKey: options.ownerMarkKey,
  });
  const make = factories(database.db, secretBox);

  const say: EngineHarness['say'] = (senderId, text, extra = {}) => engine.handle({
    channel: 'telegram', senderId, chatId: senderId, chatType: 'private', text, languageHint: 'en', botUsername: 'dealcast_test_bot', ...extra,
  });

  return {
    engine, database, redis, prefix, make, say,
    async register(senderId, o = {}) {
      const extra: Partial<IncomingMessage> = { languageHint: o.language ?? 'en', channel: o.channel ?? 'telegram' };
      await say(senderId, o.start ?? '/start', extra);
      await say(senderId, o.name ?? `Person ${senderId}`, extra);
      await say(senderId, o.country ?? 'FR', extra);
      await say(senderId, '/accept', extra);
      const identity = await database.db.selectFrom('influencer_identities').select('influencer_id')
        .where('channel', '=', extra.channel!).where('external_id', '=', senderId).executeTakeFirstOrThrow();
      return identity.influencer_id;
    },
    async close() {
      await deleteRedisPrefix(prefix);
      redis.disconnect();
      await database.close();
    },
  };
}

/** Every text of a set of replies, joined: what the person reads. */
export function textsOf(replies: Reply[]): string {
  return replies.map((r) => r.text).join('\n---\n');
}

import { Writable } from 'node:stream';
import type { Redis } from 'ioredis';
import { pino } from 'pino';
import type { BotEngine } from '../../bots/engine/index.ts';
import { buildBotEngine } from '../../cli/bot-wiring.ts';
import type { ChatChannel } from '../../core/influencers/influencer-accounts.service.ts';
import type { Language } from '../../core/i18n/languages.ts';
import { systemClock } from '../../core/shared/clock.ts';
import { silentNotifier } from '../../core/notifications/notifications.ts';
import { createSecretBox } from '../../core/shared/secret-box.ts';
import { createRedis } from '../../queue/connection.ts';
import { factories } from '../factories/index.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';
import { TEST_REDIS_URL, deleteRedisPrefix, uniqueRedisPrefix } from '../support/redis.ts';

/** Who writes: nobody the bot knows yet, or an influencer of each standing. */
export type Standing = 'stranger' | 'active' | 'pending' | 'suspended';

/**
 * The command engine on its own database and Redis prefix, with a small catalog to talk about
 * and every error it logs kept, so that a failure it swallowed still shows.
 */
export interface BotWorld {
  readonly engine: BotEngine;
  /** The error lines the engine logged, in order. */
  readonly logged: string[];
  /** Product ids, SKUs and shop URLs; brand slugs and names; a recruiter's code: what arguments may name. */
  readonly refs: { products: string[]; brands: string[]; recruitCode: string };
  /** A sender of that standing, speaking `language` when registered; answers their id. */
  person(standing: Standing, language: Language, channel: ChatChannel): Promise<string>;
  /** Whether the sender has an account now (a conversation may have deleted it). */
  hasAccount(senderId: string, channel: ChatChannel): Promise<boolean>;
  close(): Promise<void>;
}

let nextSender = 9_100_000_000;

export async function createBotWorld(): Promise<BotWorld> {
  const database: TestDatabase = await createTestDatabase();
  const prefix = uniqueRedisPrefix();
  const redis: Redis = createRedis(TEST_REDIS_URL);
  const logged: string[] = [];
  // Errors only: a poster drawn without its photo (the shop's host is unreachable here) is a warning, and fine.
  const logger = pino({ level: 'error' }, new Writable({ write(chunk, _enc, done) { logged.push(String(chunk)); done(); } }));
  const engine = buildBotEngine({
    db: database.db, redis, redisPrefix: prefix, publicUrl: 'https://dc.test', clock: systemClock, logger, notifier: silentNotifier,
    rateLimit: { max: 1000, windowMs: 60_000 },
  });
  const make = factories(database.db, createSecretBox('test-secret-key-test-secret-key-0000'));
  const vendor = await make.vendor({ name: 'Fuzz Vendor' });
  const open = await make.brand(vendor.id, { name: 'Lumio', autoApprove: true });
  const gated = await make.brand(vendor.id, { name: 'Nordik', autoApprove: false });
  const products = [
    await make.product(open, { sku: 'LAMP-1', title: 'Desk lamp', price: 2999, listPrice: 4599, imageUrl: null, category: 'home' }),
    await make.product(open, { sku: 'MUG-2', title: 'Mug', price: 999, imageUrl: 'https://shop.example/img/mug.jpg' }),
    await make.product(gated, { sku: 'SKI-3', title: 'Skis', price: 59_900, currency: 'PLN', imageUrl: null }),
  ];
  const recruiter = await make.influencer({ displayName: 'Recruiter' });
  return {
    engine, logged,
    refs: {
      products: products.flatMap((p) => [p.id, p.sku, p.url]),
      brands: [open.slug, open.name, gated.slug, 'lumio'],
      recruitCode: recruiter.recruit_code,
    },
    async person(standing, language, channel) {
      const senderId = String(nextSender++);
      if (standing === 'stranger') return senderId;
      const influencer = await make.influencer({ displayName: `Fuzz ${senderId}`, language });
      await database.db.updateTable('influencers').set({ status: standing, terms_accepted_at: new Date() }).where('id', '=', influencer.id).execute();
      await database.db.insertInto('influencer_identities').values({ influencer_id: influencer.id, channel, external_id: senderId, chat_id: senderId }).execute();
      return senderId;
    },
    async hasAccount(senderId, channel) {
      const identity = await database.db.selectFrom('influencer_identities').select('influencer_id')
        .where('channel', '=', channel).where('external_id', '=', senderId).executeTakeFirst();
      return identity !== undefined;
    },
    async close() {
      await deleteRedisPrefix(prefix);
      redis.disconnect();
      await database.close();
    },
  };
}

import { sql, type Kysely, type Selectable } from 'kysely';
import type { AutopostChat } from '../core/autopost/autopost.ts';
import type { AutopostFigures, AutopostPostRow, AutopostStore, DueAutopostChat } from '../core/autopost/autopost.ports.ts';
import { resolveLanguage } from '../core/i18n/languages.ts';
import type { AutopostChatsTable, Database } from './schema.ts';

type Db = Kysely<Database>;

function toChat(row: Selectable<AutopostChatsTable>): AutopostChat {
  return {
    id: row.id, influencerId: row.influencer_id, telegramChatId: row.telegram_chat_id, chatType: row.chat_type, title: row.title,
    memberCount: row.member_count, memberCountAt: row.member_count_at,
    brandIds: row.brand_ids.map(String), keywords: row.keywords, postTimes: row.post_times, timeZone: row.time_zone,
    quietStart: row.quiet_start, quietEnd: row.quiet_end, dailyCap: row.daily_cap, enabled: row.enabled,
    stoppedAt: row.stopped_at, stoppedReason: row.stopped_reason, stopNotifiedAt: row.stop_notified_at, nextDueAt: row.next_due_at,
  };
}

/** The chats and posts of autopost (core/autopost/autopost.ports.ts), on PostgreSQL. */
export function autopostStore(db: Db): AutopostStore {
  return {
    async upsertChat(input) {
      // A chat has one owner: the influencer who gave the bot its rights last. Adding it again starts it again.
      const row = await db.insertInto('autopost_chats')
        .values({ influencer_id: input.influencerId, telegram_chat_id: input.telegramChatId, chat_type: input.chatType, title: input.title, time_zone: input.timeZone })
        .onConflict((oc) => oc.column('telegram_chat_id').doUpdateSet((eb) => ({
          influencer_id: eb.ref('excluded.influencer_id'), chat_type: eb.ref('excluded.chat_type'), title: eb.ref('excluded.title'),
          stopped_at: null, stopped_reason: null, stop_notified_at: null, updated_at: sql<Date>`now()`,
        })))
        .returningAll().executeTakeFirstOrThrow();
      return toChat(row);
    },

    async stopChat(telegramChatId, reason, at) {
      const row = await db.updateTable('autopost_chats')
        .set({ stopped_at: at, stopped_reason: reason, stop_notified_at: at, next_due_at: null, updated_at: at })
        .where('telegram_chat_id', '=', telegramChatId).where('stopped_at', 'is', null)
        .returningAll().executeTakeFirst();
      return row ? toChat(row) : undefined;
    },

    async findChat(telegramChatId) {
      const row = await db.selectFrom('autopost_chats').selectAll().where('telegram_chat_id', '=', telegramChatId).executeTakeFirst();
      return row ? toChat(row) : undefined;
    },

    async listChats(influencerId) {
      const rows = await db.selectFrom('autopost_chats').selectAll().where('influencer_id', '=', influencerId).orderBy('id').execute();
      return rows.map(toChat);
    },

    async updateRules(influencerId, chatId, rules, nextDueAt) {
      const row = await db.updateTable('autopost_chats')
        .set({
          brand_ids: rules.brandIds, keywords: rules.keywords, post_times: rules.postTimes, time_zone: rules.timeZone,
          quiet_start: rules.quietStart, quiet_end: rules.quietEnd, daily_cap: rules.dailyCap, enabled: rules.enabled,
          next_due_at: nextDueAt, updated_at: sql<Date>`now()`,
        })
        .where('id', '=', chatId).where('influencer_id', '=', influencerId)
        .returningAll().executeTakeFirst();
      return row ? toChat(row) : undefined;
    },

    async findDueChats(now, limit) {
      const rows = await db.selectFrom('autopost_chats as c')
        .innerJoin('influencers as i', 'i.id', 'c.influencer_id')
        .leftJoin('tiers as t', 't.id', 'i.tier_id')
        .selectAll('c').select(['i.language as owner_language', 'i.status as owner_status', 't.multiplier_bps as owner_multiplier_bps'])
        .where('c.enabled', '=', true).where('c.stopped_at', 'is', null).where('c.next_due_at', '<=', now)
        .orderBy('c.next_due_at').limit(limit).execute();
      return rows.map((row): DueAutopostChat => ({
        ...toChat(row),
        owner: { language: resolveLanguage(row.owner_language), status: row.owner_status, tierMultiplierBps: row.owner_multiplier_bps },
      }));
    },

    async advanceChat(chatId, from, next) {
      const result = await db.updateTable('autopost_chats').set({ next_due_at: next })
        .where('id', '=', chatId).where('next_due_at', '=', from).executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async claimSlot(chatId, slotAt) {
      const row = await db.insertInto('autopost_posts').values({ chat_id: chatId, slot_at: slotAt })
        .onConflict((oc) => oc.columns(['chat_id', 'slot_at']).doNothing())
        .returning('id').executeTakeFirst();
      return row?.id;
    },

    async finishPost(postId, outcome) {
      await db.updateTable('autopost_posts').set({
        status: outcome.status, product_id: outcome.productId ?? null, link_id: outcome.linkId ?? null,
        message_id: outcome.messageId ?? null, posted_at: outcome.postedAt ?? null,
      }).where('id', '=', postId).execute();
    },

    async countPosted(chatId, from, to) {
      const row = await db.selectFrom('autopost_posts').select((eb) => eb.fn.countAll<string>().as('n'))
        .where('chat_id', '=', chatId).where('status', '=', 'posted').where('slot_at', '>=', from).where('slot_at', '<', to)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    async postedProductIds(chatId, since) {
      const rows = await db.selectFrom('autopost_posts').select('product_id')
        .where('chat_id', '=', chatId).where('status', '=', 'posted').where('posted_at', '>', since)
        .orderBy('posted_at', 'desc').execute();
      return rows.map((r) => r.product_id).filter((id): id is string => id !== null);
    },

    async saveMemberCount(chatId, count, at) {
      await db.updateTable('autopost_chats').set({ member_count: count, member_count_at: at }).where('id', '=', chatId).execute();
    },

    async recentPosts(chatId, limit) {
      const rows = await db.selectFrom('autopost_posts as p')
        .leftJoin('products as pr', 'pr.id', 'p.product_id').leftJoin('links as l', 'l.id', 'p.link_id')
        .select(['p.id', 'p.slot_at', 'p.status', 'p.product_id', 'pr.title', 'l.code', 'p.posted_at'])
        .where('p.chat_id', '=', chatId).where('p.status', 'in', ['posted', 'failed'])
        .orderBy('p.slot_at', 'desc').limit(limit).execute();
      return rows.map((r): AutopostPostRow => ({
        id: r.id, slotAt: r.slot_at, status: r.status, productId: r.product_id, productTitle: r.title, linkCode: r.code, postedAt: r.posted_at,
      }));
    },

    async figures(influencerId, from, to) {
      let query = db.selectFrom('autopost_posts as p').innerJoin('autopost_chats as c', 'c.id', 'p.chat_id')
        .where('c.influencer_id', '=', influencerId).where('p.status', '=', 'posted').where('p.posted_at', '<=', to);
      if (from) query = query.where('p.posted_at', '>=', from);
      const row = await db.selectFrom(query.select(['p.chat_id', 'c.member_count']).distinctOn('p.chat_id').as('chats'))
        .select((eb) => [eb.fn.count<string>('chats.chat_id').as('chats'), eb.fn.coalesce(eb.fn.sum<string>('chats.member_count'), sql<string>`0`).as('audience')])
        .executeTakeFirstOrThrow();
      const posts = await query.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
      const figures: AutopostFigures = { posts: Number(posts.n), chats: Number(row.chats), audience: Number(row.audience) };
      return figures;
    },
  };
}

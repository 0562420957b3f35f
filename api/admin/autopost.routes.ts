import { Type } from 'typebox';
import { AUTOPOST_CHAT_TYPES, AUTOPOST_POST_STATUSES, AUTOPOST_STOP_REASONS } from '../../core/autopost/autopost.ts';
import type { AutopostChatView } from '../../core/autopost/autopost-admin.service.ts';
import { ACCESS } from './access.ts';
import { withIsoDates } from './present.ts';
import { adminRouteGroup } from './route-options.ts';
import { Id, IdParams, Nullable, StringEnum, Timestamp, errors } from './schemas.ts';

const AutopostPost = Type.Object({
  id: Id, slotAt: Timestamp, status: StringEnum(AUTOPOST_POST_STATUSES), productId: Nullable(Id), productTitle: Nullable(Type.String()),
  linkCode: Nullable(Type.String()), postedAt: Nullable(Timestamp),
});

const AutopostChat = Type.Object({
  id: Id, influencerId: Id, telegramChatId: Type.String({ description: 'Telegram chat id' }), chatType: StringEnum(AUTOPOST_CHAT_TYPES),
  title: Type.String(), memberCount: Nullable(Type.Integer({ description: 'Telegram getChatMemberCount, refreshed at most daily' })), memberCountAt: Nullable(Timestamp),
  brandIds: Type.Array(Id), keywords: Type.Array(Type.String()), postTimes: Type.Array(Type.String({ description: 'HH:MM in timeZone' })), timeZone: Type.String(),
  quietStart: Nullable(Type.String()), quietEnd: Nullable(Type.String()), dailyCap: Type.Integer(), enabled: Type.Boolean(),
  stoppedAt: Nullable(Timestamp), stoppedReason: Nullable(StringEnum(AUTOPOST_STOP_REASONS)), stopNotifiedAt: Nullable(Timestamp),
  nextDueAt: Nullable(Timestamp),
  lastPosts: Type.Array(AutopostPost),
});

function presentChat(chat: AutopostChatView) {
  return { ...withIsoDates(chat), lastPosts: chat.lastPosts.map(withIsoDates) };
}

/** Autopost: the Telegram chats where the bot posts for an influencer. Vendor accounts never see them. */
export const autopostRoutes = adminRouteGroup('admin: autopost', (app, route, deps) => {
  app.get('/influencers/:id/autopost-chats', route(ACCESS.staffRead, {
    summary: "An influencer's Telegram chats where the bot posts for them: title, member count, rules, state (and why it stopped), last posts",
    params: IdParams,
    response: { 200: Type.Object({ items: Type.Array(AutopostChat) }), ...errors(400, 404) },
  }), async (request) => {
    // An unknown influencer is a 404, not an empty list.
    await deps.services.people.influencers.get(request.params.id);
    return { items: (await deps.services.autopost.chats.chatsOf(request.params.id)).map(presentChat) };
  });
});

import { Composer, type Context } from 'telegraf';
import type { ChatMember, ChatMemberUpdated } from 'telegraf/types';
import type { BotEngine } from '../engine/index.ts';
import { PacedTelegram } from './paced-telegram.ts';
import { sendReplies } from './render.ts';
import type { SendPacer } from './send-pacer.ts';

/**
 * Whether the bot may post in the chat as its new standing says: in a channel, as an admin with
 * "post messages"; in a group, as any member who may send messages.
 */
function mayPost(chatType: string, member: ChatMember): boolean {
  if (member.status === 'creator') return true;
  if (chatType === 'channel') return member.status === 'administrator' && member.can_post_messages === true;
  if (member.status === 'administrator' || member.status === 'member') return true;
  return member.status === 'restricted' && member.is_member && member.can_send_messages;
}

/** The change as the engine reads it; undefined for a private chat (someone blocked or unblocked the bot). */
export function membershipChange(update: ChatMemberUpdated) {
  const { chat, new_chat_member: member } = update;
  if (chat.type === 'private') return undefined;
  const present = member.status !== 'left' && member.status !== 'kicked' && !(member.status === 'restricted' && !member.is_member);
  return {
    telegramChatId: String(chat.id),
    chatType: chat.type,
    title: ('title' in chat && chat.title.trim() !== '' ? chat.title : String(chat.id)).slice(0, 256),
    canPost: present && mayPost(chat.type, member),
    present,
  };
}

/**
 * `my_chat_member`: the bot was made an admin of a channel, added to a group, demoted or
 * removed. The engine records or stops the chat; what it answers goes to the private chat of
 * the person who did it (Telegram lets the bot write there once they have started it).
 */
export function chatMembershipComposer(engine: BotEngine, options: { pacer: SendPacer }): Composer<Context> {
  const composer = new Composer<Context>();
  composer.on('my_chat_member', async (ctx) => {
    const update = ctx.myChatMember;
    const change = membershipChange(update);
    if (!change || update.from.is_bot) return;
    const replies = await engine.chatMembership({
      channel: 'telegram', senderId: String(update.from.id), languageHint: update.from.language_code, change,
    });
    if (replies.length === 0) return;
    const telegram = new PacedTelegram(ctx.telegram.token, ctx.telegram.options, { pacer: options.pacer });
    await sendReplies(telegram, update.from.id, replies);
  });
  return composer;
}

import { languageOfPhoneNumber } from '../../core/i18n/phone-language.ts';
import type { IncomingMessage } from '../engine/index.ts';
import type { WhatsAppMessage } from './whatsapp-client.ts';

/** Message types whose body (text, or a caption) may hold a command. */
const TEXT_TYPES = new Set(['chat', 'image', 'video', 'document']);
/** A person's message without words (a voice note, a sticker…): in private, the engine answers how to use the bot. */
const WORDLESS_TYPES = new Set(['ptt', 'audio', 'sticker', 'location', 'vcard', 'multi_vcard']);

export interface IncomingContext {
  /** The bot's own ids ("48600000000@c.us" and its linked id "…@lid"), to recognise a mention. */
  ownIds: readonly string[];
  /** The phone number behind a linked id ("…@lid"), when WhatsApp tells it; undefined otherwise. */
  phoneOf(jid: string): Promise<string | undefined>;
}

/** The digits of a phone id ("48601234567@c.us"); undefined for any other kind of id. */
export function phoneOfJid(jid: string): string | undefined {
  const match = /^(\d{6,20})@(c\.us|s\.whatsapp\.net)$/.exec(jid);
  return match?.[1];
}

/**
 * Whether a group message is for the bot. The rule: it mentions the bot (@-tags its number),
 * starts with a slash command ("/deals"), or replies to one of the bot's messages. Plain
 * command words ("deals") are the group's own conversation: the bot stays out of it.
 */
export async function isAddressedToBot(message: WhatsAppMessage, ownIds: readonly string[]): Promise<boolean> {
  if (message.mentionedIds.some((id) => ownIds.includes(id))) return true;
  if (message.body.trimStart().startsWith('/')) return true;
  if (!message.hasQuotedMsg) return false;
  try {
    return (await message.getQuotedMessage()).fromMe;
  } catch {
    return false;
  }
}

/** The text without the @-mentions of the bot, so that "@48600000000 /help" reads as "/help". */
function withoutOwnMentions(body: string, ownIds: readonly string[]): string {
  let text = body;
  for (const id of ownIds) {
    const user = id.split('@')[0]!;
    if (/^\d+$/.test(user)) text = text.replaceAll(`@${user}`, ' ');
  }
  return text.trim();
}

/**
 * A WhatsApp message as the engine reads it, or undefined when it is not for the bot at all:
 * its own messages, status updates, broadcasts and channels, system messages. The person is
 * known by their phone number (digits), which also picks their first language (+48 → Polish);
 * answers go to the chat the message came from (the person, or the group).
 */
export async function toIncomingMessage(message: WhatsAppMessage, context: IncomingContext): Promise<IncomingMessage | undefined> {
  if (message.fromMe || message.isStatus || message.broadcast) return undefined;
  if (/@(broadcast|newsletter)$/.test(message.from)) return undefined;
  const withText = TEXT_TYPES.has(message.type);
  if (!withText && !WORDLESS_TYPES.has(message.type)) return undefined;
  const group = message.from.endsWith('@g.us');
  const senderJid = group ? message.author : message.from;
  if (!senderJid) return undefined;
  const body = withText ? message.body ?? '' : '';
  const addressed = group ? await isAddressedToBot(message, context.ownIds) : true;
  const phone = phoneOfJid(senderJid) ?? (senderJid.endsWith('@lid') ? await context.phoneOf(senderJid).catch(() => undefined) : undefined);
  return {
    channel: 'whatsapp',
    senderId: phone ?? senderJid,
    chatId: message.from,
    chatType: group ? 'group' : 'private',
    text: addressed ? withoutOwnMentions(body, context.ownIds) : body,
    languageHint: languageOfPhoneNumber(phone),
    addressedToBot: addressed,
  };
}

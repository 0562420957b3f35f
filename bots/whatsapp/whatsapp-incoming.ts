import { countryOfPhoneNumber } from '../../core/i18n/phone-country.ts';
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
  /** Whether the bot sent the message with this id (`MessageId.id`): a reply quoting it is addressed to the bot. */
  sentByBot(messageId: string): boolean;
  /** The person behind a sender id (whatsapp-identities.ts); asked only for messages meant for the bot. */
  senderOf(jid: string): Promise<{ senderId: string; phone?: string }>;
  /** The bot's own phone number, for wa.me links. */
  botPhone?: string;
}

/** The digits of a phone id ("48601234567@c.us"); undefined for any other kind of id. */
export function phoneOfJid(jid: string): string | undefined {
  const match = /^(\d{6,20})@(c\.us|s\.whatsapp\.net)$/.exec(jid);
  return match?.[1];
}

/** The quoted message's id and author, as WhatsApp Web's own record carries them (no browser call). */
function quotedOf(message: WhatsAppMessage): { id?: string; author?: string } {
  const raw = (message.rawData ?? {}) as { quotedStanzaID?: unknown; quotedParticipant?: unknown };
  const participant = raw.quotedParticipant as string | { _serialized?: unknown } | undefined;
  const author = typeof participant === 'string' ? participant : typeof participant?._serialized === 'string' ? participant._serialized : undefined;
  return { id: typeof raw.quotedStanzaID === 'string' ? raw.quotedStanzaID : undefined, author };
}

/**
 * Whether a group message is for the bot, from the message's own fields only (most group
 * messages are not, and each browser call costs). The rule: it mentions the bot (@-tags its
 * number), starts with a slash command ("/deals"), or replies to one of the bot's messages (a
 * quote of a message the bot sent, or of one written by the bot's own id). Plain command words
 * ("deals") are the group's own conversation: the bot stays out of it.
 */
export function isAddressedToBot(message: WhatsAppMessage, context: Pick<IncomingContext, 'ownIds' | 'sentByBot'>): boolean {
  if (message.mentionedIds.some((id) => context.ownIds.includes(id))) return true;
  if (message.body.trimStart().startsWith('/')) return true;
  if (!message.hasQuotedMsg) return false;
  const quoted = quotedOf(message);
  return (quoted.id !== undefined && context.sentByBot(quoted.id)) || (quoted.author !== undefined && context.ownIds.includes(quoted.author));
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
 * What registration proposes from WhatsApp itself: the push name the person gave WhatsApp
 * (carried by the message, no browser call) and the country of their phone number.
 */
function pushNameAndCountry(message: WhatsAppMessage, phone: string | undefined): Pick<IncomingMessage, 'senderName' | 'countryHint'> {
  const raw = message.rawData as { notifyName?: unknown } | undefined;
  const name = typeof raw?.notifyName === 'string' && raw.notifyName.trim() !== '' ? raw.notifyName : undefined;
  const country = countryOfPhoneNumber(phone);
  return { ...(name ? { senderName: name } : {}), ...(country ? { countryHint: country } : {}) };
}

/**
 * A WhatsApp message as the engine reads it, or undefined when it is not for the bot at all:
 * its own messages, status updates, broadcasts and channels, system messages, group messages not
 * addressed to it (told before anything is looked up). The person is
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
  // Decided before any lookup: most group messages are not for the bot.
  if (group && !isAddressedToBot(message, context)) return undefined;
  const { senderId, phone } = await context.senderOf(senderJid);
  return {
    channel: 'whatsapp',
    senderId,
    chatId: message.from,
    chatType: group ? 'group' : 'private',
    text: withoutOwnMentions(body, context.ownIds),
    languageHint: languageOfPhoneNumber(phone),
    ...pushNameAndCountry(message, phone),
    addressedToBot: true,
    ...(context.botPhone ? { botPhone: context.botPhone } : {}),
  };
}

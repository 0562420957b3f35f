import type { ChatMembershipChange } from '../../core/autopost/chat-membership.service.ts';
import type { ChatChannel } from '../../core/influencers/influencer-accounts.service.ts';

/** A chat message as every adapter hands it to the engine. */
export interface IncomingMessage {
  channel: ChatChannel;
  /** The channel's id of the person writing (Telegram user id, WhatsApp number). */
  senderId: string;
  /** The person's handle on the channel (Telegram @username, without the @), when they have one. */
  senderUsername?: string;
  /** The name the chat app shows for the person (Telegram first and last name, WhatsApp push name): registration proposes it. */
  senderName?: string;
  /** The country the chat app implies (WhatsApp: the phone number's calling code), ISO 3166-1 alpha-2: registration proposes it. */
  countryHint?: string;
  /** Where to answer. */
  chatId: string;
  chatType: 'private' | 'group';
  text: string;
  /** The client's language, e.g. Telegram's `language_code` ("ru", "pt-BR"); used until the person picks one. */
  languageHint?: string;
  /** In a group: whether the message is meant for the bot (a command to it, a mention, a reply to it). */
  addressedToBot?: boolean;
  /** The bot's own username (Telegram), for invite links and "open a private chat" buttons. */
  botUsername?: string;
  /** The bot's own phone number in digits (WhatsApp), for wa.me invite links. */
  botPhone?: string;
}

/**
 * A button under a reply: `action` is text the engine gets back as if the person had typed it
 * (a callback button on Telegram), `url` opens a page, `share` lets the person post a deal in
 * another chat (Telegram's inline mode, with this query).
 */
export type Button =
  /** `option`: the number WhatsApp shows for it (a deal's number in the list), instead of the next free one. */
  | { label: string; action: string; option?: number }
  | { label: string; url: string }
  | { label: string; share: string };

/**
 * A run of a reply's text and how it is shown where the chat app formats text (Telegram's
 * HTML, WhatsApp's *bold* and ~strike~): a deal's title in bold, its old price struck through.
 */
export interface RichSpan {
  text: string;
  style?: 'bold' | 'strike';
}

/** Bytes made for this reply (a QR code, a poster), with the name a person sees when saving them. */
export interface ReplyFile {
  name: string;
  mimeType: string;
  data: Uint8Array;
}

/**
 * One message to send back; each adapter renders it its own way. An `image` shows either the
 * picture at `imageUrl` (a product photo, fetched by the chat service or the adapter) or the
 * bytes of `file` (a PNG QR code); a `file` is sent as a document (a PDF poster).
 */
export interface Reply {
  kind: 'text' | 'image' | 'buttons' | 'file';
  /** The text, or the caption of an image or file. Plain text, never markup. */
  text: string;
  /** The same text in formatted runs (their texts joined are `text`), for the adapters that format; `text` is the plain form. */
  rich?: RichSpan[];
  imageUrl?: string;
  buttons?: Button[];
  file?: ReplyFile;
  /**
   * Made to be forwarded as it is (a deal card): an adapter that turns buttons into text
   * (WhatsApp's numbered options) puts that text in the next message instead, so that nothing
   * of the bot's own UI lands in the group it is forwarded to.
   */
  forwardable?: boolean;
}

/** The bot was added to a chat, given or denied rights there, or removed, by `senderId` (Telegram's `my_chat_member`). */
export interface ChatMembershipUpdate {
  channel: ChatChannel;
  senderId: string;
  languageHint?: string;
  change: ChatMembershipChange;
}

/** `@bot words` typed in any chat (Telegram's inline mode). */
export interface InlineRequest {
  channel: ChatChannel;
  senderId: string;
  query: string;
  languageHint?: string;
}

/** One deal card offered by inline mode, its link labelled "inline". */
export interface InlineDeal {
  id: string;
  title: string;
  description: string;
  thumbnailUrl: string | null;
  /** The message posted when the card is chosen: the forward-ready deal with the tracked link. */
  text: string;
  /** `text` in formatted runs, as a `Reply`'s `rich`. */
  rich?: RichSpan[];
  url: string;
}

export interface InlineAnswer {
  deals: InlineDeal[];
  /** Set when the person must register first: a button to open the bot with this start parameter. */
  register?: { text: string; startParameter: string };
  /** Shown when nothing matched. */
  emptyText?: string;
}

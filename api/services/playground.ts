import type { Caller } from '../../core/access/access.ts';
import type { PlaygroundPersona } from '../../core/playground/playground.ts';

export type { PlaygroundPersona } from '../../core/playground/playground.ts';

/** One message an admin sends as one of their test influencers. */
export interface PlaygroundMessage {
  /** The admin's own handle for the test influencer (`anna`, `lea-2`). */
  persona: string;
  text: string;
  /** The chat client's language, used until the persona picks one (`/lang`, registration). */
  language?: string;
  /** A group message is addressed to the bot (a mention): the bot sends people to a private chat. */
  chatType?: 'private' | 'group';
  /** Which group, for a group message: each label is a chat of its own. */
  groupLabel?: string;
}

/** A button under a reply; `action` is text to send back as the persona's next message. */
export type PlaygroundButton = { label: string; action: string } | { label: string; url: string } | { label: string; share: string };

/** Bytes made for a reply (a QR code PNG, a poster PDF), as a data URL. */
export interface PlaygroundFile {
  name: string;
  mimeType: string;
  /** `data:<mime>;base64,…` */
  dataUrl: string;
  bytes: number;
}

/** One reply of the engine, with how each chat app shows it. */
export interface PlaygroundReply {
  kind: 'text' | 'image' | 'buttons' | 'file';
  text: string;
  /** A product picture shown from its shop's URL. */
  imageUrl?: string;
  /** A picture the engine made (the QR code), as a data URL. */
  image?: string;
  /** A document (the poster PDF) or the bytes behind `image`. */
  file?: PlaygroundFile;
  buttons?: PlaygroundButton[];
  /** Telegram: the text cut to its limits, the buttons as the rows of its inline keyboard (actions over 64 bytes are dropped, as Telegram would). */
  telegram: { text: string; keyboard: PlaygroundButton[][] };
  /** WhatsApp: no buttons; actions become numbered options under the text, links their label and URL, "share" is left out. */
  whatsapp: { text: string; media: 'none' | 'image' | 'document' };
  /** A deal card the influencer forwards: a group sees the picture and text only, never the bot's buttons. */
  dealCard: boolean;
}

export interface PlaygroundAnswer {
  replies: PlaygroundReply[];
  /** On WhatsApp, what answering "1", "2", … stands for: `whatsappOptions[0]` is sent for "1". */
  whatsappOptions: string[];
  /** The persona after this message: null until it has registered. */
  persona: PlaygroundPersona | null;
}

/** The bot playground: the real command engine on channel `playground`, one chat account per admin and persona. */
export interface PlaygroundApi {
  send(caller: Caller, adminId: string, message: PlaygroundMessage): Promise<PlaygroundAnswer>;
  personas(adminId: string): Promise<PlaygroundPersona[]>;
}

import path from 'node:path';
// whatsapp-web.js is CommonJS: its classes come from the default import.
import wweb from 'whatsapp-web.js';
import type { Chat, Client, ClientInfo, Message, WAState } from 'whatsapp-web.js';
import { ChatUnreachableError } from '../../core/notifications/chat-delivery.ts';

/**
 * The part of whatsapp-web.js's `Client` the adapter uses, in the library's own types: the
 * real client is one, and so is the tests' fake, so that a change in the library's types
 * breaks the build instead of production.
 */
export type WhatsAppClient = Pick<Client, 'initialize' | 'destroy' | 'sendMessage' | 'getContactLidAndPhone' | 'getState'> & WhatsAppClientEvents & {
  /** The logged-in account; set once the client is ready. */
  readonly info?: Pick<ClientInfo, 'wid'>;
  /** The browser tab of WhatsApp Web; closed when Chromium crashed (the session's watchdog looks). */
  readonly pupPage?: Pick<NonNullable<Client['pupPage']>, 'isClosed'>;
  getChatById(chatId: string): Promise<Pick<Chat, 'sendStateTyping'>>;
};

/**
 * The events the adapter listens to, with the library's payload types. (`Client['on']` itself
 * returns the whole `Client`, which nothing but the real client could satisfy; the real one is
 * checked against these where `webClientFactory` returns it.)
 */
export interface WhatsAppClientEvents {
  on(event: 'qr', listener: (qr: string) => void): unknown;
  on(event: 'authenticated', listener: () => void): unknown;
  on(event: 'ready', listener: () => void): unknown;
  on(event: 'message', listener: (message: Message) => void): unknown;
  on(event: 'auth_failure', listener: (message: string) => void): unknown;
  on(event: 'disconnected', listener: (reason: WAState | 'LOGOUT') => void): unknown;
  removeAllListeners(): unknown;
}

/** Builds a fresh client; every (re)connection gets a new one. */
export type WhatsAppClientFactory = () => WhatsAppClient;

/** The part of a received `Message` the adapter reads. */
export type WhatsAppMessage = Pick<
  Message,
  'id' | 'body' | 'type' | 'from' | 'author' | 'fromMe' | 'isStatus' | 'broadcast' | 'mentionedIds' | 'hasQuotedMsg' | 'timestamp'
> & {
  /**
   * WhatsApp Web's own record of the message; its `notifyName` is the sender's push name
   * (registration proposes it), `quotedStanzaID`/`quotedParticipant` the quoted message's id and author.
   */
  rawData?: Message['rawData'];
};

/**
 * Chromium flags for a server: no sandbox (containers run as an unprivileged user without
 * user namespaces), no GPU, /tmp instead of a small /dev/shm, and none of the browser's own
 * background traffic (updates, sync, translation, extensions).
 */
export const CHROMIUM_SERVER_FLAGS: readonly string[] = Object.freeze([
  '--no-sandbox',
  '--disable-setuid-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-background-timer-throttling',
  '--disable-renderer-backgrounding',
  '--disable-extensions',
  '--disable-default-apps',
  '--disable-sync',
  '--disable-features=Translate,MediaRouter',
  '--no-first-run',
  '--no-default-browser-check',
  '--mute-audio',
]);

export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';

export interface WebClientOptions {
  /** DATA_DIR: the session (LocalAuth) and the cached WhatsApp Web version live under `<dataDir>/whatsapp/`. */
  dataDir: string;
  /** PUPPETEER_EXECUTABLE_PATH; puppeteer never downloads a browser (see .puppeteerrc.cjs). */
  executablePath?: string;
  /** One session per WhatsApp number, when several run side by side. */
  clientId?: string;
}

/** The Chromium profile LocalAuth opens: `<dataPath>/session` or `<dataPath>/session-<clientId>` (the library's own naming). */
export function webProfileDir(options: Pick<WebClientOptions, 'dataDir' | 'clientId'>): string {
  return path.join(options.dataDir, 'whatsapp', 'session', options.clientId ? `session-${options.clientId}` : 'session');
}

/**
 * The real client: WhatsApp Web in headless Chromium, the login kept by `LocalAuth` under
 * DATA_DIR so that a restart does not ask for the QR code again.
 */
export function webClientFactory(options: WebClientOptions): WhatsAppClientFactory {
  const root = path.join(options.dataDir, 'whatsapp');
  return () => new wweb.Client({
    authStrategy: new wweb.LocalAuth({ dataPath: path.join(root, 'session'), clientId: options.clientId }),
    webVersionCache: { type: 'local', path: path.join(root, 'web-cache') },
    puppeteer: {
      executablePath: options.executablePath ?? DEFAULT_CHROMIUM_PATH,
      headless: true,
      args: [...CHROMIUM_SERVER_FLAGS],
      // The process shuts down gracefully on its own (draining requests, closing the browser
      // last): puppeteer's handlers would kill the browser and exit on Ctrl-C at once.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    },
  });
}

/**
 * A message as the outbox carries it: text, or a file (an image shown with its caption, or a
 * document); in a group, the first answer quotes the message it answers (`quotedMessageId`).
 */
export type OutgoingMessage = (
  | { text: string }
  | { file: { name: string; mimeType: string; data: Uint8Array }; caption: string; asDocument: boolean }
) & { quotedMessageId?: string };

/** WhatsApp's own limit is far higher; nothing the bot says comes near this. */
const MAX_TEXT = 16_000;

/**
 * Sends one outgoing message with whichever client is connected now; throws when none is.
 * Answers the id of the sent message (`MessageId.id`), which a reply quoting it will carry.
 */
export async function sendWithClient(client: WhatsAppClient | undefined, chatId: string, message: OutgoingMessage): Promise<string | undefined> {
  if (!client) throw new Error('WhatsApp is not connected');
  // A quote the library cannot find still sends the message, without the quote.
  const quoting = message.quotedMessageId ? { quotedMessageId: message.quotedMessageId, ignoreQuoteErrors: true } : {};
  const sent = 'file' in message
    ? await client.sendMessage(
      chatId,
      new wweb.MessageMedia(message.file.mimeType, Buffer.from(message.file.data).toString('base64'), message.file.name),
      { caption: message.caption.slice(0, MAX_TEXT), sendMediaAsDocument: message.asDocument, ...quoting },
    )
    : await client.sendMessage(chatId, message.text.slice(0, MAX_TEXT), quoting);
  // The library answers nothing when WhatsApp has no such chat: writing again cannot help.
  if (!sent) throw new ChatUnreachableError(`WhatsApp has no chat ${chatId}`);
  return sent.id?.id;
}

/** Shows "typing…" in the chat; a failure only costs the effect. */
export async function showTyping(client: WhatsAppClient | undefined, chatId: string): Promise<void> {
  if (!client) return;
  try {
    await (await client.getChatById(chatId)).sendStateTyping();
  } catch {
    // Typing is decoration.
  }
}

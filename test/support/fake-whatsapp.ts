import { EventEmitter } from 'node:events';
import wweb from 'whatsapp-web.js';
import type { ClientInfo, Message, MessageContent, MessageSendOptions, WAState } from 'whatsapp-web.js';
import type { WhatsAppClient, WhatsAppMessage } from '../../bots/whatsapp/whatsapp-client.ts';

/** A message the bot sent, as the recipient's phone shows it. */
export interface SentWhatsAppMessage {
  chatId: string;
  /** The text, or the caption of a picture or document. */
  text: string;
  /** A picture or document: its MIME type, bytes and file name. */
  media?: { mimetype: string; data: Buffer; filename: string | null | undefined };
  asDocument: boolean;
  /** When the send started, on the adapter's clock. */
  at: number;
  /** From which client (0 for the first, 1 after the first reconnect…). */
  client: number;
  /** Its id (`MessageId.id`), which a person's reply quoting it carries. */
  id: string;
  /** The message it quotes (`MessageSendOptions.quotedMessageId`). */
  quotedMessageId?: string;
}

/**
 * WhatsApp as the bot's clients see it: who wrote, and everything the bot sent (across
 * reconnects, one client after another), with how many sends were under way at once.
 */
export class FakeWhatsAppNetwork {
  readonly sent: SentWhatsAppMessage[] = [];
  readonly typing: { chatId: string; at: number }[] = [];
  readonly clients: FakeWhatsAppClient[] = [];
  /** Linked ids ("…@lid") and the phone id behind each. */
  readonly lids = new Map<string, string>();
  /** Chats WhatsApp does not know: sending there answers nothing. */
  readonly unknownChats = new Set<string>();
  /** Every id the bot asked the browser about (`getContactLidAndPhone`): each is a call into the page. */
  readonly lookups: string[] = [];
  maxInFlightPerChat = 0;
  maxInFlight = 0;
  private readonly inFlight = new Map<string, number>();
  private nextMessageId = 1;

  constructor(readonly botPhone: string, readonly now: () => number = Date.now) {}

  /** The client factory handed to the adapter: a fresh fake per connection. */
  readonly createClient = (): FakeWhatsAppClient => {
    const client = new FakeWhatsAppClient(this, this.clients.length);
    this.clients.push(client);
    return client;
  };

  get client(): FakeWhatsAppClient {
    const last = this.clients[this.clients.length - 1];
    if (!last) throw new Error('no WhatsApp client was created yet');
    return last;
  }

  messageId(): string {
    return `FAKE${this.nextMessageId++}`;
  }

  /** Messages sent to a chat, in order. */
  messagesTo(chatId: string): SentWhatsAppMessage[] {
    return this.sent.filter((m) => m.chatId === chatId);
  }

  /** Waits until `count` messages were sent to the chat after the first `after`, and returns those. */
  async waitForMessages(chatId: string, count: number, options: { after?: number; timeoutMs?: number } = {}): Promise<SentWhatsAppMessage[]> {
    const after = options.after ?? 0;
    const deadline = Date.now() + (options.timeoutMs ?? 15_000);
    for (;;) {
      const messages = this.messagesTo(chatId).slice(after);
      if (messages.length >= count) return messages.slice(0, count);
      if (Date.now() > deadline) throw new Error(`chat ${chatId} got ${messages.length} of ${count} messages: ${JSON.stringify(messages.map((m) => m.text))}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** Counts a send under way; a second one to the same chat (or at all) at the same time is recorded. */
  async sending<T>(chatId: string, send: () => T): Promise<T> {
    const perChat = (this.inFlight.get(chatId) ?? 0) + 1;
    this.inFlight.set(chatId, perChat);
    const total = [...this.inFlight.values()].reduce((a, b) => a + b, 0);
    this.maxInFlightPerChat = Math.max(this.maxInFlightPerChat, perChat);
    this.maxInFlight = Math.max(this.maxInFlight, total);
    try {
      // A real send takes a round trip through the browser: others could overlap it meanwhile.
      await new Promise((resolve) => setImmediate(resolve));
      return send();
    } finally {
      this.inFlight.set(chatId, (this.inFlight.get(chatId) ?? 1) - 1);
    }
  }
}

/**
 * A whatsapp-web.js `Client` without a browser: it implements the adapter's slice of the
 * library's own `Client` type (so a change there breaks our build), records what the bot
 * sends, and lets a test play WhatsApp's side: the login QR code, a scan, ready, incoming
 * messages typed as the library's `Message`, a disconnect or an authentication failure.
 */
export class FakeWhatsAppClient extends EventEmitter implements WhatsAppClient {
  info?: Pick<ClientInfo, 'wid'>;
  initialized = false;
  destroyed = false;
  /** Chromium crashed: the page is closed and every call into it fails. */
  crashed = false;
  /** Chromium hangs: calls into the page never answer. */
  hung = false;
  /** A `destroy()` that takes until the test lets it finish (`finishDestroy`). */
  slowDestroy = false;
  private destroyDone?: () => void;
  /** The browser tab, as puppeteer's `Page.isClosed` tells it. */
  readonly pupPage = { isClosed: () => this.crashed };

  constructor(private readonly network: FakeWhatsAppNetwork, readonly index: number) {
    super();
  }

  // ---- the library's surface, as the adapter calls it ----

  async initialize(): Promise<void> {
    this.initialized = true;
  }

  async destroy(): Promise<void> {
    if (this.slowDestroy) await new Promise<void>((resolve) => { this.destroyDone = resolve; });
    this.destroyed = true;
  }

  /** Lets a slow `destroy()` end. */
  finishDestroy(): void {
    this.slowDestroy = false;
    this.destroyDone?.();
  }

  async getState(): Promise<WAState> {
    if (this.crashed || this.destroyed) throw new Error('Protocol error (Runtime.callFunctionOn): Session closed. Most likely the page has been closed.');
    if (this.hung) return new Promise<WAState>(() => undefined);
    return wweb.WAState.CONNECTED;
  }

  async sendMessage(chatId: string, content: MessageContent, options: MessageSendOptions = {}): Promise<Message> {
    if (this.destroyed || this.crashed) throw new Error('Protocol error: Target closed');
    return this.network.sending(chatId, () => {
      // The library answers nothing for a chat WhatsApp does not know.
      if (this.network.unknownChats.has(chatId)) return undefined as unknown as Message;
      const media = content instanceof wweb.MessageMedia ? content : options.media;
      const id = this.network.messageId();
      this.network.sent.push({
        id,
        ...(options.quotedMessageId ? { quotedMessageId: options.quotedMessageId } : {}),
        chatId,
        text: media ? options.caption ?? '' : typeof content === 'string' ? content : String(content),
        media: media ? { mimetype: media.mimetype, data: Buffer.from(media.data, 'base64'), filename: media.filename } : undefined,
        asDocument: options.sendMediaAsDocument === true,
        at: this.network.now(),
        client: this.index,
      });
      // The adapter only checks that a message came back.
      return { id: { fromMe: true, remote: chatId, id, _serialized: `true_${chatId}_${id}` }, fromMe: true } as Message;
    });
  }

  async getChatById(chatId: string) {
    return {
      sendStateTyping: async () => {
        this.network.typing.push({ chatId, at: this.network.now() });
      },
    };
  }

  async getContactLidAndPhone(userIds: string[]): Promise<{ lid: string; pn: string }[]> {
    if (this.crashed) throw new Error('Protocol error: Target closed');
    this.network.lookups.push(...userIds);
    return userIds.map((id) => ({ lid: id.endsWith('@lid') ? id : `${id.split('@')[0]}0@lid`, pn: this.network.lids.get(id) ?? (id.endsWith('@c.us') ? id : '') }));
  }

  // ---- WhatsApp's side ----

  showQr(qr: string): void {
    this.emit('qr', qr);
  }

  /** The QR code was scanned: logged in, then ready. */
  loginAndBeReady(): void {
    this.emit('authenticated');
    this.info = { wid: { server: 'c.us', user: this.network.botPhone, _serialized: `${this.network.botPhone}@c.us` } };
    this.emit('ready');
  }

  disconnect(reason: string): void {
    this.emit('disconnected', reason);
  }

  failAuthentication(message: string): void {
    this.emit('auth_failure', message);
  }

  /** Chromium crashes: no event; the page is closed and every call fails (the library says nothing). */
  crash(): void {
    this.crashed = true;
  }

  /** A person's message reaching the bot. */
  receive(message: Partial<WhatsAppMessage> & Pick<WhatsAppMessage, 'from' | 'body'>): WhatsAppMessage {
    const id = this.network.messageId();
    const full: WhatsAppMessage = {
      id: { fromMe: false, remote: message.from, id, _serialized: `false_${message.from}_${id}${message.author ? `_${message.author}` : ''}` },
      type: wweb.MessageTypes.TEXT,
      author: undefined,
      fromMe: false,
      isStatus: false,
      broadcast: false,
      mentionedIds: [],
      hasQuotedMsg: false,
      timestamp: Math.floor(this.network.now() / 1000),
      rawData: {},
      ...message,
    };
    this.emit('message', full);
    return full;
  }
}

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseMultipart } from './multipart.ts';

export type { UploadedFile } from './multipart.ts';

/** A call the bot made to the Bot API, as the emulator received it. */
export interface BotApiCall {
  method: string;
  payload: Record<string, unknown>;
  /** When it arrived (ms since epoch). */
  at: number;
  /** What the emulator answered. */
  ok: boolean;
  /** The result it answered with (a sent message, with its `message_id`), when ok. */
  result?: unknown;
}

export interface TelegramUser {
  id: number;
  first_name: string;
  username?: string;
  language_code?: string;
}

export interface TelegramChat {
  id: number;
  type: 'private' | 'group' | 'supergroup' | 'channel';
  title?: string;
  /** A supergroup with topics: messages carry their topic's `message_thread_id`. */
  is_forum?: boolean;
}

/** A message the bot sent, as the emulator keeps it (edits change it). */
interface StoredMessage {
  message_id: number;
  chat: { id: number; type: string };
  text?: string;
  caption?: string;
  reply_markup?: unknown;
  message_thread_id?: number;
  is_topic_message?: boolean;
}

export interface InjectedFailure {
  error_code: number;
  description: string;
  parameters?: { retry_after?: number };
}

/** Methods whose calls put a message in a chat. */
const SENDING = new Set(['sendMessage', 'sendPhoto', 'sendDocument']);
/** Methods that change a message already sent. */
const EDITING = new Set(['editMessageText', 'editMessageCaption', 'editMessageReplyMarkup']);

/**
 * A small Bot API server for tests: telegraf (polling, webhook registration, sending) and our
 * notifications sender talk to it over real HTTP at `apiRoot`. People are simulated by pushing
 * updates (texts, button presses, inline queries); what the bot sends is recorded per chat.
 * `getUpdates` honours its long-poll timeout, so an idle bot waits instead of spinning. Errors
 * (429 with `retry_after`, 403 "blocked") can be injected on the next calls of a method.
 */
export class BotApiEmulator {
  readonly calls: BotApiCall[] = [];
  readonly botUser = { id: 7_000_000_001, is_bot: true, first_name: 'Dealcast', username: 'dealcast_test_bot', can_join_groups: true, supports_inline_queries: true };
  webhook: { url: string; secret_token?: string } | undefined;
  /** What `getChatMemberCount` answers per chat (0 for a chat not set). */
  readonly memberCounts = new Map<string, number>();

  private readonly updates: { update_id: number }[] = [];
  private readonly waiters = new Set<() => void>();
  private readonly failures: { method: string; chatId?: string; failure: InjectedFailure }[] = [];
  private nextUpdateId = 1;
  /** The highest offset a `getUpdates` asked for: every update below it reached the bot. */
  private confirmedOffset = 0;
  private nextMessageId = 1000;
  private closed = false;
  private readonly sent = new Map<number, StoredMessage>();

  private constructor(private readonly server: http.Server, readonly token: string, private readonly now: () => number) {}

  /** `now` stamps each call's `at` (a test on a virtual clock passes its own). */
  static async start(token = '123456:TEST-token', options: { now?: () => number } = {}): Promise<BotApiEmulator> {
    const server = http.createServer();
    const emulator = new BotApiEmulator(server, token, options.now ?? Date.now);
    server.on('request', (req, res) => void emulator.serve(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return emulator;
  }

  get apiRoot(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  // ---- people ----

  /** A person writes `text` (in their private chat unless a chat is given; in a forum, in topic `threadId`). */
  sendText(from: TelegramUser, text: string, chat?: TelegramChat, options: { threadId?: number } = {}): void {
    const command = /^\/\S+/.exec(text);
    this.push({
      message: {
        message_id: this.nextMessageId++, date: now(), from: { ...from, is_bot: false }, chat: chat ?? privateChat(from), text,
        ...(command ? { entities: [{ type: 'bot_command', offset: 0, length: command[0].length }] } : {}),
        ...(options.threadId !== undefined ? { message_thread_id: options.threadId, is_topic_message: true } : {}),
      },
    });
  }

  /**
   * A person presses an inline button carrying `data` under a message of the bot: the message
   * a call sent (as it is now, edits included) when `on` is given, else a made-up one.
   */
  pressButton(from: TelegramUser, data: string, chat?: TelegramChat, on?: BotApiCall): string {
    const id = `cb${this.nextUpdateId * 31}`;
    const sentId = (on?.result as { message_id?: number } | undefined)?.message_id;
    const message = sentId !== undefined ? this.sent.get(sentId) : undefined;
    this.push({
      callback_query: {
        id, from: { ...from, is_bot: false }, chat_instance: '1', data,
        message: message
          ? { ...message, date: now(), from: this.botUser }
          : { message_id: this.nextMessageId++, date: now(), chat: chat ?? privateChat(from), from: this.botUser, text: '…' },
      },
    });
    return id;
  }

  /** The message the bot sent with `message_id`, as edits left it. */
  messageById(messageId: number): StoredMessage | undefined {
    return this.sent.get(messageId);
  }

  /** A person types `@bot query` in some chat. */
  inlineQuery(from: TelegramUser, query: string): string {
    const id = `iq${this.nextUpdateId}`;
    this.push({ inline_query: { id, from: { ...from, is_bot: false }, query, offset: '' } });
    return id;
  }

  /**
   * `from` changes the bot's standing in a chat (Telegram's `my_chat_member`): made an admin
   * (with `rights`, e.g. `{ can_post_messages: true }`), a plain member, demoted, or removed.
   */
  botMembershipChanged(from: TelegramUser, chat: TelegramChat, status: 'administrator' | 'member' | 'left' | 'kicked', rights: Record<string, boolean> = {}, previous: 'administrator' | 'member' | 'left' = 'left'): void {
    const member = (s: string, extra: Record<string, unknown>) => ({
      user: this.botUser, status: s,
      ...(s === 'administrator' ? { can_be_edited: false, is_anonymous: false, can_manage_chat: true, can_delete_messages: false, can_post_messages: false, ...extra } : {}),
      ...(s === 'kicked' ? { until_date: 0 } : {}),
    });
    this.push({
      my_chat_member: {
        chat, from: { ...from, is_bot: false }, date: now(),
        old_chat_member: member(previous, previous === 'administrator' ? { can_post_messages: true } : {}),
        new_chat_member: member(status, rights),
      },
    });
  }

  /** The next `times` calls of `method` (to `chatId`, when given) fail with this answer. */
  failNext(method: string, failure: InjectedFailure, options: { chatId?: string | number; times?: number } = {}): void {
    for (let i = 0; i < (options.times ?? 1); i++) {
      this.failures.push({ method, chatId: options.chatId === undefined ? undefined : String(options.chatId), failure });
    }
  }

  // ---- what the bot did ----

  /** Messages successfully sent to a chat, in order. */
  messagesTo(chatId: string | number): BotApiCall[] {
    return this.calls.filter((c) => c.ok && SENDING.has(c.method) && String(c.payload.chat_id) === String(chatId));
  }

  /** Every attempt to send to a chat, refused ones included. */
  attemptsTo(chatId: string | number): BotApiCall[] {
    return this.calls.filter((c) => SENDING.has(c.method) && String(c.payload.chat_id) === String(chatId));
  }

  /** Successful edits of messages in a chat, in order. */
  editsIn(chatId: string | number): BotApiCall[] {
    return this.calls.filter((c) => c.ok && EDITING.has(c.method) && String(c.payload.chat_id) === String(chatId));
  }

  callsOf(method: string): BotApiCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Waits until `count` messages were sent to the chat (since `after` of them), and returns those. */
  async waitForMessages(chatId: string | number, count: number, options: { after?: number; timeoutMs?: number } = {}): Promise<BotApiCall[]> {
    const after = options.after ?? 0;
    const deadline = Date.now() + (options.timeoutMs ?? 15_000);
    for (;;) {
      const messages = this.messagesTo(chatId).slice(after);
      if (messages.length >= count) return messages.slice(0, count);
      if (Date.now() > deadline) {
        throw new Error(`chat ${chatId} got ${messages.length} of ${count} messages: ${JSON.stringify(messages.map((m) => textOf(m)))}`);
      }
      await new Promise((r) => setTimeout(r, 15));
    }
  }

  /** Waits until the bot has taken every update pushed so far (its next `getUpdates` is past them). */
  async waitDelivered(timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.confirmedOffset < this.nextUpdateId) {
      if (Date.now() > deadline) throw new Error(`updates up to ${this.nextUpdateId - 1} were not all taken (offset ${this.confirmedOffset})`);
      await new Promise((r) => setTimeout(r, 15));
    }
  }

  async waitForCall(method: string, count = 1, timeoutMs = 15_000): Promise<BotApiCall[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.callsOf(method).length < count) {
      if (Date.now() > deadline) throw new Error(`${method} was called ${this.callsOf(method).length} of ${count} times`);
      await new Promise((r) => setTimeout(r, 15));
    }
    return this.callsOf(method);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const wake of this.waiters) wake();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ---- the Bot API ----

  private push(update: Record<string, unknown>): void {
    this.updates.push({ update_id: this.nextUpdateId++, ...update });
    for (const wake of this.waiters) wake();
  }

  private async serve(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const match = /^\/bot([^/]+)\/(\w+)/.exec(req.url ?? '');
    const body = await readBody(req);
    if (!match) return answer(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    const [, token, method] = match;
    if (token !== this.token) return answer(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
    const payload = parsePayload(req.headers['content-type'], body);
    const chatId = payload.chat_id === undefined ? undefined : String(payload.chat_id);
    const failureAt = this.failures.findIndex((f) => f.method === method && (f.chatId === undefined || f.chatId === chatId));
    if (failureAt >= 0) {
      const { failure } = this.failures.splice(failureAt, 1)[0]!;
      this.calls.push({ method: method!, payload, at: this.now(), ok: false });
      return answer(res, failure.error_code, { ok: false, ...failure });
    }
    if (method === 'getUpdates') return this.getUpdates(req, res, payload);
    const result = this.resultOf(method!, payload);
    if (result === undefined) {
      this.calls.push({ method: method!, payload, at: this.now(), ok: false });
      return answer(res, 400, { ok: false, error_code: 400, description: 'Bad Request: message to edit not found' });
    }
    this.calls.push({ method: method!, payload, at: this.now(), ok: true, result });
    answer(res, 200, { ok: true, result });
  }

  private async getUpdates(req: http.IncomingMessage, res: http.ServerResponse, payload: Record<string, unknown>): Promise<void> {
    const offset = Number(payload.offset ?? 0);
    this.confirmedOffset = Math.max(this.confirmedOffset, offset);
    const timeoutS = Math.min(Number(payload.timeout ?? 0), 50);
    while (this.updates.length > 0 && this.updates[0]!.update_id < offset) this.updates.shift();
    if (this.updates.length === 0 && timeoutS > 0 && !this.closed) {
      await new Promise<void>((resolve) => {
        const wake = () => { clearTimeout(timer); this.waiters.delete(wake); resolve(); };
        const timer = setTimeout(wake, timeoutS * 1000);
        this.waiters.add(wake);
        req.once('close', wake);
        res.once('close', wake);
      });
    }
    if (res.writableEnded || res.destroyed) return;
    const limit = Number(payload.limit ?? 100);
    // As Telegram does: a bot that names the update types it wants gets only those.
    const raw = payload.allowed_updates;
    const allowed: unknown = typeof raw === 'string' ? JSON.parse(raw) : raw;
    const wanted = (u: { update_id: number }) => !Array.isArray(allowed) || allowed.length === 0 || Object.keys(u).some((k) => k !== 'update_id' && allowed.includes(k));
    answer(res, 200, { ok: true, result: this.updates.filter((u) => u.update_id >= offset && wanted(u)).slice(0, limit) });
  }

  /** What a call answers; undefined when it refers to a message that does not exist. */
  private resultOf(method: string, payload: Record<string, unknown>): unknown {
    const chat = { id: Number(payload.chat_id), type: Number(payload.chat_id) < 0 ? 'group' : 'private' };
    if (SENDING.has(method)) return this.keep(this.sentResultOf(method, payload, chat), payload);
    if (EDITING.has(method)) {
      const message = this.sent.get(Number(payload.message_id));
      if (!message || String(message.chat.id) !== String(payload.chat_id)) return undefined;
      if (method === 'editMessageText') message.text = String(payload.text);
      if (method === 'editMessageCaption') message.caption = payload.caption as string | undefined;
      message.reply_markup = markupOf(payload);
      return { ...message, date: now(), from: this.botUser };
    }
    return this.otherResultOf(method, payload);
  }

  private keep(result: StoredMessage & Record<string, unknown>, payload: Record<string, unknown>): StoredMessage {
    const thread = payload.message_thread_id === undefined ? {} : { message_thread_id: Number(payload.message_thread_id), is_topic_message: true };
    const message = { ...result, ...thread, ...(payload.reply_markup === undefined ? {} : { reply_markup: markupOf(payload) }) };
    this.sent.set(message.message_id, message);
    return message;
  }

  private sentResultOf(method: string, payload: Record<string, unknown>, chat: StoredMessage['chat']): StoredMessage & Record<string, unknown> {
    switch (method) {
      case 'sendPhoto':
        return { message_id: this.nextMessageId++, date: now(), chat, from: this.botUser, caption: payload.caption as string | undefined, photo: [{ file_id: 'p1', file_unique_id: 'p1', width: 600, height: 600 }] };
      case 'sendDocument':
        return { message_id: this.nextMessageId++, date: now(), chat, from: this.botUser, document: { file_id: 'd1', file_unique_id: 'd1' } };
      default: return { message_id: this.nextMessageId++, date: now(), chat, from: this.botUser, text: String(payload.text) };
    }
  }

  private otherResultOf(method: string, payload: Record<string, unknown>): unknown {
    switch (method) {
      case 'getMe': return this.botUser;
      case 'setWebhook':
        this.webhook = { url: String(payload.url), secret_token: payload.secret_token as string | undefined };
        return true;
      case 'deleteWebhook':
        this.webhook = undefined;
        return true;
      case 'getChatMemberCount': return this.memberCounts.get(String(payload.chat_id)) ?? 0;
      case 'getWebhookInfo': return { url: this.webhook?.url ?? '', has_custom_certificate: false, pending_update_count: 0 };
      default: return true;
    }
  }
}

/** The text of a sent message: its text or its photo's caption. */
export function textOf(call: BotApiCall): string {
  return String(call.payload.text ?? call.payload.caption ?? '');
}

/** The inline keyboard of a sent message, as rows of buttons. */
export function buttonsOf(call: BotApiCall | { payload: Record<string, unknown> }): { text: string; callback_data?: string; url?: string; switch_inline_query?: string }[] {
  return ((markupOf(call.payload) as { inline_keyboard?: unknown[][] } | undefined)?.inline_keyboard ?? []).flat() as ReturnType<typeof buttonsOf>;
}

/** A call's `reply_markup`, whether it came as JSON or as a form field. */
function markupOf(payload: Record<string, unknown>): unknown {
  return typeof payload.reply_markup === 'string' ? JSON.parse(payload.reply_markup) : payload.reply_markup;
}

function privateChat(user: TelegramUser): TelegramChat {
  return { id: user.id, type: 'private' };
}

function now(): number {
  return Math.floor(Date.now() / 1000);
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => { chunks.push(chunk); });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', () => resolve(Buffer.concat(chunks)));
  });
}

function parsePayload(contentType: string | undefined, body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  if (contentType?.includes('application/json')) {
    try {
      return JSON.parse(body.toString('utf8')) as Record<string, unknown>;
    } catch {
      return {};
    }
  }
  if (contentType?.includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(body.toString('utf8')));
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType ?? '');
  return boundary ? parseMultipart(body, boundary[1] ?? boundary[2]!) : {};
}

function answer(res: http.ServerResponse, status: number, body: unknown): void {
  if (res.writableEnded || res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

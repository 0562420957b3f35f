import crypto from 'node:crypto';
import { ChatUnreachableError, type ChatAction, type ChatSender } from '../../core/notifications/chat-delivery.ts';
import { DEFAULT_LANGUAGE, type Language } from '../../core/i18n/languages.ts';
import { translator } from '../../core/i18n/translator.ts';
import { commandWordFor, PUBLIC_COMMANDS, type PublicCommandName } from '../engine/index.ts';
import type { Timers } from '../timers.ts';
import type { OutgoingMessage } from './whatsapp-client.ts';
import type { OutboxPriority, OutboxStore, StoredOutboxItem } from './whatsapp-outbox.store.ts';

/**
 * How the bot paces itself on WhatsApp, whose unofficial clients get numbers banned for
 * machine-like sending: every message waits a random "reading" time plus a "typing" time that
 * grows with its length, and all sends together stay under a rate.
 */
export interface OutboxSettings {
  /** Bounds of the random pause before each message to a chat, drawn uniformly per message. */
  minDelayMs: number;
  maxDelayMs: number;
  /** Messages per minute over all chats; sends are spaced evenly, 60,000 / rate ms apart at least. */
  ratePerMinute: number;
  /** Typing time per character of the text or caption ("typing…" shows meanwhile), capped at `maxTypingMs`. */
  typingMsPerChar: number;
  maxTypingMs: number;
}

export const DEFAULT_OUTBOX_SETTINGS: Readonly<OutboxSettings> = Object.freeze({
  minDelayMs: 1500,
  maxDelayMs: 4000,
  ratePerMinute: 20,
  typingMsPerChar: 25,
  maxTypingMs: 6000,
});

/** What the outbox drives: the connected client (whatsapp-client.ts), or a test's fake. */
export interface OutboxTransport {
  typing(chatId: string): Promise<void>;
  deliver(chatId: string, message: OutgoingMessage): Promise<unknown>;
}

export interface OutboxSendOptions {
  /** Default `reply`: someone is waiting for it. */
  priority?: OutboxPriority;
  /**
   * The message's own id (a notification's delivery id): a message queued again under an id that
   * is still waiting (after a restart) or was delivered already is not sent twice.
   */
  id?: string;
}

export interface WhatsAppOutbox {
  /** Queues a message behind the chat's earlier ones; resolves once sent, rejects when sending fails for good or the outbox closes first. */
  send(chatId: string, message: OutgoingMessage, options?: OutboxSendOptions): Promise<void>;
  /** While paused (WhatsApp not connected) nothing is sent; queued messages wait for `resume`. */
  pause(): void;
  resume(): void;
  /** Messages queued and not sent yet. */
  readonly size: number;
  /** Stops sending; what is still queued stays in the store for the next start, and its callers get `OutboxClosedError`. */
  close(): Promise<void>;
}

export class OutboxClosedError extends Error {
  constructor() {
    super('the WhatsApp outbox closed before the message was sent');
    this.name = 'OutboxClosedError';
  }
}

interface Waiter {
  resolve(): void;
  reject(error: unknown): void;
}

interface Item extends StoredOutboxItem {
  /** The caller chose the id: remember it once delivered. */
  ownId: boolean;
  typingMs: number;
  /** The random "reading" pause before it, drawn once. */
  pauseMs: number;
  queuedAt: number;
  /** After a failed attempt: not before this time. */
  notBefore: number;
  attempts: number;
  /** Written to the store; nothing is sent before that. */
  stored: Promise<void>;
  waiters: Waiter[];
}

interface ChatQueue {
  reply: Item[];
  notification: Item[];
  lastSentAt: number;
}

/** Attempts of one message when sending fails for a reason that may pass (the browser died mid-send). */
const MAX_ATTEMPTS = 5;
const RANK: Record<OutboxPriority, number> = { reply: 0, notification: 1 };

/** Typing time of a message: proportional to what a person would type, capped. */
export function typingTimeMs(message: OutgoingMessage, settings: OutboxSettings): number {
  const chars = [...('text' in message ? message.text : message.caption)].length;
  return Math.min(settings.maxTypingMs, Math.round(chars * settings.typingMsPerChar));
}

/**
 * The ban-safe outbox: one queue per chat, kept in order, and one sender over all of them, so
 * that at most one message is ever in flight (per chat, and in all) — like one person typing
 * on one phone. A chat's next message becomes ready a random pause (`minDelayMs`…`maxDelayMs`)
 * plus its typing time after the previous one was sent (or after it was queued, for the first);
 * "typing…" shows during the typing time; and no two sends start closer than
 * 60,000 / `ratePerMinute` ms. Replies go before notifications (a chat's replies before its own
 * notifications too, each kind in its order); among the same kind the one ready first goes first.
 * Everything waiting is kept in `store` (Redis) from the moment it is queued until it is sent, so
 * that what a restart interrupts is sent after it; a send that fails for a reason that may pass
 * is tried again later instead of being lost.
 */
export function createWhatsAppOutbox(options: {
  transport: OutboxTransport;
  store: OutboxStore;
  timers: Timers;
  settings?: Partial<OutboxSettings>;
  /** A number in [0, 1); tests may fix it. */
  random?: () => number;
  logger?: { warn(details: object, message: string): void };
}): WhatsAppOutbox {
  const settings: OutboxSettings = { ...DEFAULT_OUTBOX_SETTINGS, ...options.settings };
  if (settings.maxDelayMs < settings.minDelayMs) throw new Error('maxDelayMs must not be below minDelayMs');
  if (!(settings.ratePerMinute > 0)) throw new Error('ratePerMinute must be positive');
  const { transport, timers, store } = options;
  const random = options.random ?? Math.random;
  const globalIntervalMs = 60_000 / settings.ratePerMinute;
  const chats = new Map<string, ChatQueue>();
  const byId = new Map<string, Item>();
  let seq = 0;
  let lastSendAt = Number.NEGATIVE_INFINITY;
  let paused = false;
  let closed = false;
  let wakeController = new AbortController();
  const closeController = new AbortController();

  const wake = () => wakeController.abort();
  const pauseBeforeMs = () => settings.minDelayMs + random() * (settings.maxDelayMs - settings.minDelayMs);
  const headOf = (queue: ChatQueue) => queue.reply[0] ?? queue.notification[0];

  const enqueue = (stored: StoredOutboxItem, ownId: boolean, waiter: Waiter | undefined, write: boolean) => {
    const item: Item = {
      ...stored, ownId, typingMs: typingTimeMs(stored.message, settings), pauseMs: pauseBeforeMs(), queuedAt: timers.now(),
      notBefore: 0, attempts: 0, waiters: waiter ? [waiter] : [], stored: Promise.resolve(),
    };
    if (write) item.stored = store.add(stored);
    let queue = chats.get(item.chatId);
    if (!queue) {
      queue = { reply: [], notification: [], lastSentAt: Number.NEGATIVE_INFINITY };
      chats.set(item.chatId, queue);
    }
    queue[item.priority].push(item);
    byId.set(item.id, item);
    wake();
  };

  // What an earlier run left waiting goes first, in its order.
  const restored = store.pending().then((items) => {
    for (const item of items) {
      seq = Math.max(seq, item.seq + 1);
      if (!byId.has(item.id)) enqueue(item, !item.id.startsWith('auto:'), undefined, false);
    }
  }).catch((err: unknown) => options.logger?.warn({ err }, 'whatsapp: the outbox could not read what waited'));

  /** The message to send next, and when it may go (its own readiness, then the overall spacing). */
  const pick = (): { item: Item; dueAt: number } | undefined => {
    let best: { item: Item; dueAt: number } | undefined;
    for (const queue of chats.values()) {
      const item = headOf(queue);
      if (!item) continue;
      const readyAt = Math.max(item.queuedAt, queue.lastSentAt) + item.pauseMs + item.typingMs;
      const dueAt = Math.max(readyAt, item.notBefore, lastSendAt + globalIntervalMs);
      const better = !best
        || RANK[item.priority] < RANK[best.item.priority]
        || (RANK[item.priority] === RANK[best.item.priority] && (dueAt < best.dueAt || (dueAt === best.dueAt && item.seq < best.item.seq)));
      if (better) best = { item, dueAt };
    }
    return best;
  };

  const forget = (item: Item) => {
    const queue = chats.get(item.chatId)!;
    queue[item.priority].shift();
    byId.delete(item.id);
    if (!headOf(queue)) chats.delete(item.chatId);
    return store.remove(item.id, { remember: item.ownId }).catch((err: unknown) => options.logger?.warn({ err, chatId: item.chatId }, 'whatsapp: a sent message stays in the outbox store'));
  };

  const sendFirstOf = async (item: Item) => {
    try {
      await item.stored;
    } catch (error) {
      // Never written: sending it would make it a message a restart could repeat or lose.
      await forget(item);
      for (const waiter of item.waiters) waiter.reject(error);
      return;
    }
    lastSendAt = timers.now();
    item.attempts++;
    try {
      await transport.deliver(item.chatId, item.message);
    } catch (error) {
      const lasting = error instanceof ChatUnreachableError || item.attempts >= MAX_ATTEMPTS;
      options.logger?.warn({ err: error, chatId: item.chatId, attempt: item.attempts, givenUp: lasting }, 'WhatsApp message could not be sent');
      if (!lasting) {
        // The browser may have died under it: the watchdog reconnects, the message waits.
        item.notBefore = timers.now() + settings.maxDelayMs * 2 ** item.attempts;
        return;
      }
      await forget(item);
      for (const waiter of item.waiters) waiter.reject(error);
      return;
    }
    chats.get(item.chatId)!.lastSentAt = timers.now();
    await forget(item);
    for (const waiter of item.waiters) waiter.resolve();
  };

  const run = async () => {
    await restored;
    while (!closed) {
      if (wakeController.signal.aborted) wakeController = new AbortController();
      const signal = wakeController.signal;
      const next = paused ? undefined : pick();
      if (!next) {
        await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
        continue;
      }
      const typingFrom = next.dueAt - next.item.typingMs;
      if (typingFrom > timers.now()) {
        // Not yet: wait, unless a new message (or a pause) changes the plan meanwhile.
        await timers.sleep(typingFrom - timers.now(), signal);
        continue;
      }
      // Committed: the chat shows "typing…" for the typing time, then the message goes.
      await transport.typing(next.item.chatId).catch(() => undefined);
      const left = next.dueAt - timers.now();
      if (left > 0) await timers.sleep(left, closeController.signal);
      if (closed) break;
      if (paused) continue;
      await sendFirstOf(next.item);
    }
  };
  const running = run();

  return {
    async send(chatId, message, sendOptions = {}) {
      if (closed) throw new OutboxClosedError();
      await restored;
      const id = sendOptions.id;
      if (id !== undefined) {
        const waiting = byId.get(id);
        if (waiting) return new Promise<void>((resolve, reject) => { waiting.waiters.push({ resolve, reject }); });
        if (await store.wasDelivered(id)) return;
      }
      if (closed) throw new OutboxClosedError();
      return new Promise<void>((resolve, reject) => {
        const stored: StoredOutboxItem = { id: id ?? `auto:${crypto.randomUUID()}`, seq: seq++, chatId, priority: sendOptions.priority ?? 'reply', message };
        enqueue(stored, id !== undefined, { resolve, reject }, true);
      });
    },
    pause() {
      paused = true;
      wake();
    },
    resume() {
      paused = false;
      wake();
    },
    get size() {
      return byId.size;
    },
    async close() {
      if (closed) return running;
      closed = true;
      closeController.abort();
      wake();
      await running;
      // What waits stays in the store for the next start; its callers hear it did not go now.
      for (const item of byId.values()) {
        await item.stored.catch(() => undefined);
        for (const waiter of item.waiters) waiter.reject(new OutboxClosedError());
      }
      chats.clear();
      byId.clear();
    },
  };
}

/**
 * The notifications' `ChatSender` for WhatsApp: a notification waits its turn in the same outbox
 * as replies, after them; its delivery id keeps a retried job from sending it twice.
 */
export function outboxChatSender(outbox: WhatsAppOutbox): ChatSender {
  return {
    send: (chatId, text, options) => outbox.send(chatId, { text: withTypedActions(text, options?.actions ?? [], options?.language ?? DEFAULT_LANGUAGE) }, {
      priority: 'notification', id: options?.deliveryId ? `notification:${options.deliveryId}` : undefined,
    }),
  };
}

/**
 * WhatsApp has no buttons for a notification: each action becomes a line with what to send back,
 * in the person's own command words ("lien #46"), which the engine reads as the tap would be.
 */
export function withTypedActions(text: string, actions: ChatAction[], language: Language): string {
  if (actions.length === 0) return text;
  const word = (command: string) => ((PUBLIC_COMMANDS as readonly string[]).includes(command) ? commandWordFor(command as PublicCommandName, language) : command);
  return [text, '', translator(language).t('alerts.replyHint'), ...actions.map((a) => `${a.label} → ${word(a.command)} ${a.args}`)].join('\n');
}

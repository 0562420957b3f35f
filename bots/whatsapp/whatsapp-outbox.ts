import type { ChatSender } from '../../core/notifications/chat-delivery.ts';
import type { Timers } from './timers.ts';
import type { OutgoingMessage } from './whatsapp-client.ts';

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
  deliver(chatId: string, message: OutgoingMessage): Promise<void>;
}

export interface WhatsAppOutbox {
  /** Queues a message behind the chat's earlier ones; resolves once sent, rejects when sending fails or the outbox closes first. */
  send(chatId: string, message: OutgoingMessage): Promise<void>;
  /** While paused (WhatsApp not connected) nothing is sent; queued messages wait for `resume`. */
  pause(): void;
  resume(): void;
  /** Messages queued and not sent yet. */
  readonly size: number;
  /** Stops sending; what is still queued is rejected with `OutboxClosedError`. */
  close(): Promise<void>;
}

export class OutboxClosedError extends Error {
  constructor() {
    super('the WhatsApp outbox closed before the message was sent');
    this.name = 'OutboxClosedError';
  }
}

interface Item {
  chatId: string;
  message: OutgoingMessage;
  typingMs: number;
  seq: number;
  /** Set when it becomes the first of its chat: when its typing ends and it may go. */
  readyAt: number;
  resolve(): void;
  reject(error: unknown): void;
}

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
 * 60,000 / `ratePerMinute` ms. Among ready chats the one ready first goes first.
 */
export function createWhatsAppOutbox(options: {
  transport: OutboxTransport;
  timers: Timers;
  settings?: Partial<OutboxSettings>;
  /** A number in [0, 1); tests may fix it. */
  random?: () => number;
  logger?: { warn(details: object, message: string): void };
}): WhatsAppOutbox {
  const settings: OutboxSettings = { ...DEFAULT_OUTBOX_SETTINGS, ...options.settings };
  if (settings.maxDelayMs < settings.minDelayMs) throw new Error('maxDelayMs must not be below minDelayMs');
  if (!(settings.ratePerMinute > 0)) throw new Error('ratePerMinute must be positive');
  const { transport, timers } = options;
  const random = options.random ?? Math.random;
  const globalIntervalMs = 60_000 / settings.ratePerMinute;
  const chats = new Map<string, Item[]>();
  let size = 0;
  let seq = 0;
  let lastSendAt = Number.NEGATIVE_INFINITY;
  let paused = false;
  let closed = false;
  let wakeController = new AbortController();
  const closeController = new AbortController();

  const wake = () => wakeController.abort();
  const pauseBeforeMs = () => settings.minDelayMs + random() * (settings.maxDelayMs - settings.minDelayMs);
  const becomeFirst = (item: Item, at: number) => { item.readyAt = at + pauseBeforeMs() + item.typingMs; };

  /** The ready-first message, and when it may go (its own readiness, then the overall spacing). */
  const pick = (): { item: Item; dueAt: number } | undefined => {
    let best: { item: Item; dueAt: number } | undefined;
    for (const queue of chats.values()) {
      const item = queue[0]!;
      const dueAt = Math.max(item.readyAt, lastSendAt + globalIntervalMs);
      if (!best || dueAt < best.dueAt || (dueAt === best.dueAt && item.seq < best.item.seq)) best = { item, dueAt };
    }
    return best;
  };

  const sendFirstOf = async (item: Item) => {
    const queue = chats.get(item.chatId)!;
    queue.shift();
    size--;
    lastSendAt = timers.now();
    try {
      await transport.deliver(item.chatId, item.message);
      item.resolve();
    } catch (error) {
      options.logger?.warn({ err: error, chatId: item.chatId }, 'WhatsApp message could not be sent');
      item.reject(error);
    }
    if (queue.length > 0) becomeFirst(queue[0]!, timers.now());
    else chats.delete(item.chatId);
  };

  const run = async () => {
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
    send(chatId, message) {
      if (closed) return Promise.reject(new OutboxClosedError());
      return new Promise<void>((resolve, reject) => {
        const item: Item = { chatId, message, typingMs: typingTimeMs(message, settings), seq: seq++, readyAt: 0, resolve, reject };
        const queue = chats.get(chatId);
        if (queue) {
          queue.push(item);
        } else {
          becomeFirst(item, timers.now());
          chats.set(chatId, [item]);
        }
        size++;
        wake();
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
      return size;
    },
    async close() {
      if (closed) return running;
      closed = true;
      closeController.abort();
      wake();
      await running;
      for (const queue of chats.values()) for (const item of queue) item.reject(new OutboxClosedError());
      chats.clear();
      size = 0;
    },
  };
}

/** The notifications' `ChatSender` for WhatsApp: a notification waits its turn in the same outbox as replies. */
export function outboxChatSender(outbox: WhatsAppOutbox): ChatSender {
  return { send: (chatId, text) => outbox.send(chatId, { text }) };
}

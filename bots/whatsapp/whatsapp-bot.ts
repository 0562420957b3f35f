import type { ChatConnectionStatus } from '../../core/notifications/chat-connection.ts';
import type { ChatSender } from '../../core/notifications/chat-delivery.ts';
import type { BotEngine } from '../engine/index.ts';
import { createNumberedOptions } from './numbered-options.ts';
import { systemTimers, type Timers } from '../timers.ts';
import { sendWithClient, showTyping, type WhatsAppClient, type WhatsAppClientFactory, type WhatsAppMessage } from './whatsapp-client.ts';
import type { WhatsAppIdentities } from './whatsapp-identities.ts';
import { phoneOfJid, toIncomingMessage } from './whatsapp-incoming.ts';
import { createWhatsAppOutbox, outboxChatSender, type OutboxSettings, type WhatsAppOutbox } from './whatsapp-outbox.ts';
import type { OutboxStore } from './whatsapp-outbox.store.ts';
import { renderReplies, type ImageLoader } from './whatsapp-render.ts';
import { createWhatsAppSession, type Backoff, type SessionLogger, type Watchdog, type WhatsAppSession } from './whatsapp-session.ts';
import type { WhatsAppStatusStore } from './whatsapp-status.store.ts';

export interface WhatsAppBotOptions {
  engine: BotEngine;
  /** The real client (whatsapp-client.ts `webClientFactory`) or a test's fake. */
  createClient: WhatsAppClientFactory;
  /** Where the connection's status goes for the admin API. */
  status: Pick<WhatsAppStatusStore, 'write' | 'clear'>;
  /** Where the outbox keeps what waits (Redis: whatsapp-outbox.store.ts), so that a restart loses nothing. */
  outboxStore: OutboxStore;
  /** Phone and linked ids of one person, remembered (Redis: whatsapp-identities.ts). */
  identities: WhatsAppIdentities;
  /** Fetches product pictures for deal messages. */
  loadImage: ImageLoader;
  logger: SessionLogger;
  timers?: Timers;
  outbox?: Partial<OutboxSettings>;
  /** A number in [0, 1) for the outbox's random pauses; tests may fix it. */
  random?: () => number;
  backoff?: Backoff;
  /** Shows the login QR code in the terminal. */
  showQr?: (qr: string) => void;
  /** How often the status is written again, so that a stopped process's status expires. Default 30 s. */
  heartbeatMs?: number;
  /** Told when WhatsApp becomes ready or stops being ready (the notifications consumer pauses meanwhile). */
  onReadyChange?: (ready: boolean) => void;
  /** Runs before each browser opens its profile (removes a stale Chromium lock). */
  prepareProfile?: () => Promise<unknown>;
  /** The dead-browser check (default every 30 s); false: none. */
  watchdog?: Watchdog | false;
}

/** Ids of the messages the bot sent lately, so that a quote of one is known without asking the browser. */
function recentIds(max = 5000) {
  const ids = new Set<string>();
  return {
    add(id: string) {
      ids.add(id);
      if (ids.size > max) ids.delete(ids.values().next().value!);
    },
    has: (id: string) => ids.has(id),
  };
}

export interface RunningWhatsAppBot {
  readonly session: WhatsAppSession;
  readonly outbox: WhatsAppOutbox;
  /** The notifications' sender for WhatsApp identities: through the same outbox as replies. */
  readonly sender: ChatSender;
  stop(): Promise<void>;
}

/** The phone number behind a linked id, as WhatsApp tells it. */
async function phoneBehind(client: WhatsAppClient, jid: string): Promise<string | undefined> {
  const [found] = await client.getContactLidAndPhone([jid]);
  return found?.pn ? phoneOfJid(found.pn) : undefined;
}

/**
 * The WhatsApp bot: the session (login, reconnects, the dead-browser watchdog), the engine
 * answering each message (one at a time per person, in order), and every reply and notification
 * sent through the ban-safe, durable outbox (replies first), paused while WhatsApp is not ready. Its status is written for the admin API
 * at every change and refreshed by a heartbeat.
 */
export function startWhatsAppBot(options: WhatsAppBotOptions): RunningWhatsAppBot {
  const { engine, logger } = options;
  const timers = options.timers ?? systemTimers;
  const numbered = createNumberedOptions(timers);
  const sent = recentIds();
  const outbox = createWhatsAppOutbox({
    timers, settings: options.outbox, random: options.random, logger, store: options.outboxStore,
    transport: {
      // The session is created below; the outbox only sends once it reports ready.
      typing: (chatId) => showTyping(session.readyClient(), chatId),
      async deliver(chatId, message) {
        const id = await sendWithClient(session.readyClient(), chatId, message);
        if (id) sent.add(id);
      },
    },
  });
  outbox.pause();

  let writes = Promise.resolve();
  const publish = (status: ChatConnectionStatus) => {
    writes = writes.then(() => options.status.write(status)).catch((err: unknown) => logger.warn({ err }, 'whatsapp: status could not be written'));
  };

  const answer = async (message: WhatsAppMessage, client: WhatsAppClient) => {
    const incoming = await toIncomingMessage(message, {
      ownIds: session.ownIds(),
      sentByBot: (id) => sent.has(id),
      senderOf: (jid) => options.identities.resolve(jid, (lid) => phoneBehind(client, lid)),
      botPhone: client.info?.wid?.user,
    });
    if (!incoming) return;
    const chosen = incoming.chatType === 'private' ? numbered.resolve(incoming.chatId, incoming.text) : undefined;
    const replies = await engine.handle(chosen === undefined ? incoming : { ...incoming, text: chosen });
    if (replies.length === 0) return;
    const rendered = await renderReplies(replies, options.loadImage);
    if (incoming.chatType === 'private') numbered.remember(incoming.chatId, rendered.options);
    // In a group, the first answer quotes the message it answers: several people may be talking.
    const quoting = incoming.chatType === 'group' ? message.id._serialized : undefined;
    // Queued in order now; the outbox sends them at a human pace while the next message is read.
    for (const [i, outgoing] of rendered.messages.entries()) {
      const queued = i === 0 && quoting ? { ...outgoing, quotedMessageId: quoting } : outgoing;
      outbox.send(incoming.chatId, queued).catch(() => undefined);
    }
  };

  const turns = new Map<string, Promise<void>>();
  const onMessage = (message: WhatsAppMessage, client: WhatsAppClient) => {
    const key = `${message.from}|${message.author ?? ''}`;
    const current = (turns.get(key) ?? Promise.resolve())
      .then(() => answer(message, client))
      .catch((err: unknown) => logger.error({ err }, 'whatsapp: a message could not be answered'));
    turns.set(key, current);
    void current.then(() => {
      if (turns.get(key) === current) turns.delete(key);
    });
  };

  const session: WhatsAppSession = createWhatsAppSession({
    createClient: options.createClient, publish, timers, logger, showQr: options.showQr, backoff: options.backoff, onMessage,
    prepareProfile: options.prepareProfile, watchdog: options.watchdog,
    onReadyChange(ready) {
      if (ready) outbox.resume();
      else outbox.pause();
      options.onReadyChange?.(ready);
    },
  });
  const heartbeat = setInterval(() => publish({ ...session.status(), updatedAt: new Date(timers.now()).toISOString() }), options.heartbeatMs ?? 30_000);
  heartbeat.unref();
  session.start();

  return {
    session,
    outbox,
    sender: outboxChatSender(outbox),
    async stop() {
      clearInterval(heartbeat);
      await session.stop();
      await outbox.close();
      await Promise.allSettled(turns.values());
      await writes;
      await options.status.clear().catch((err: unknown) => logger.warn({ err }, 'whatsapp: status could not be cleared'));
    },
  };
}

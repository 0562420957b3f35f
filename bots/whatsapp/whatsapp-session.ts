import type { ChatConnectionState, ChatConnectionStatus } from '../../core/notifications/chat-connection.ts';
import type { Timers } from './timers.ts';
import type { WhatsAppClient, WhatsAppClientFactory, WhatsAppMessage } from './whatsapp-client.ts';

export interface SessionLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

/** Waits between reconnect attempts: `initialMs`, doubling after each failure in a row, never above `maxMs`. */
export interface Backoff {
  initialMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: Readonly<Backoff> = Object.freeze({ initialMs: 2000, maxMs: 5 * 60_000 });

/** The wait before attempt number `failures + 1`. */
export function backoffDelayMs(failures: number, backoff: Backoff = DEFAULT_BACKOFF): number {
  return Math.min(backoff.maxMs, backoff.initialMs * 2 ** Math.max(0, failures - 1));
}

export interface WhatsAppSessionOptions {
  createClient: WhatsAppClientFactory;
  /** Told every change of state; the status store (whatsapp-status.store.ts) in production. */
  publish(status: ChatConnectionStatus): void;
  timers: Timers;
  logger: SessionLogger;
  /** Shows the login QR code to whoever runs the process: the terminal. */
  showQr?: (qr: string) => void;
  backoff?: Backoff;
  /** Every message received while ready, with the client that received it. */
  onMessage(message: WhatsAppMessage, client: WhatsAppClient): void;
  /** Ready, or not any more: the outbox and the notifications consumer pause meanwhile. */
  onReadyChange?(ready: boolean): void;
}

export interface WhatsAppSession {
  /** Connects in the background; failures reconnect with backoff until `stop`. */
  start(): void;
  stop(): Promise<void>;
  /** The connected client while ready; undefined otherwise. */
  readyClient(): WhatsAppClient | undefined;
  /** The bot's own WhatsApp ids (phone and linked id), to recognise mentions of it. */
  ownIds(): string[];
  status(): ChatConnectionStatus;
}

/**
 * The life of the WhatsApp Web connection: a fresh client per attempt; `qr` while waiting for
 * a scan (shown in the terminal and in the status), `authenticated`, then `ready`. A
 * `disconnected` or `auth_failure` (or a browser that cannot start) destroys the client and
 * connects again after an exponential, capped backoff; the attempt counter resets once ready.
 * Events of a client already given up are ignored.
 */
export function createWhatsAppSession(options: WhatsAppSessionOptions): WhatsAppSession {
  const { timers, logger } = options;
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const iso = () => new Date(timers.now()).toISOString();
  let status: ChatConnectionStatus = {
    state: 'starting', since: iso(), qr: null, lastError: null, lastErrorAt: null, reconnectAttempt: 0, nextReconnectAt: null, phone: null, updatedAt: iso(),
  };
  let current: WhatsAppClient | undefined;
  let ready = false;
  let failures = 0;
  let ownIds: string[] = [];
  let stopped = false;
  const stopController = new AbortController();

  const update = (change: Partial<ChatConnectionStatus> & { state?: ChatConnectionState }) => {
    const now = iso();
    const since = change.state !== undefined && change.state !== status.state ? now : status.since;
    status = { ...status, ...change, since, updatedAt: now };
    options.publish(status);
  };

  const setReady = (value: boolean) => {
    if (ready === value) return;
    ready = value;
    options.onReadyChange?.(value);
  };

  const learnOwnIds = async (client: WhatsAppClient) => {
    const wid = client.info?.wid?._serialized;
    ownIds = wid ? [wid] : [];
    if (!wid) return;
    try {
      const [found] = await client.getContactLidAndPhone([wid]);
      if (found?.lid && client === current) ownIds = [wid, found.lid];
    } catch {
      // Mentions by phone number still work.
    }
  };

  const reconnectLater = (state: 'disconnected' | 'auth_failure', reason: string) => {
    failures++;
    const delay = backoffDelayMs(failures, backoff);
    logger.warn({ state, reason, attempt: failures, retryInMs: delay }, 'whatsapp: not connected; trying again after a pause');
    update({
      state, qr: null, lastError: reason, lastErrorAt: iso(), reconnectAttempt: failures,
      nextReconnectAt: new Date(timers.now() + delay).toISOString(),
    });
    void timers.sleep(delay, stopController.signal).then(() => {
      if (!stopped) connect();
    });
  };

  const fail = (client: WhatsAppClient, state: 'disconnected' | 'auth_failure', reason: string) => {
    if (client !== current || stopped) return;
    current = undefined;
    setReady(false);
    client.removeAllListeners();
    client.destroy().catch((err: unknown) => logger.warn({ err }, 'whatsapp: the old client did not close cleanly'));
    reconnectLater(state, reason);
  };

  const connect = () => {
    let client: WhatsAppClient;
    try {
      client = options.createClient();
    } catch (error) {
      reconnectLater('disconnected', `the client could not be created: ${messageOf(error)}`);
      return;
    }
    current = client;
    logger.info({ attempt: failures + 1 }, 'whatsapp: opening WhatsApp Web');
    update({ state: 'starting', qr: null, nextReconnectAt: null });
    client.on('qr', (qr: string) => {
      if (client !== current) return;
      logger.info({}, 'whatsapp: waiting for the login QR code to be scanned (WhatsApp → Linked devices → Link a device)');
      update({ state: 'qr', qr });
      options.showQr?.(qr);
    });
    client.on('authenticated', () => {
      if (client !== current) return;
      logger.info({}, 'whatsapp: logged in; loading chats');
      update({ state: 'authenticated', qr: null });
    });
    client.on('ready', () => {
      if (client !== current) return;
      failures = 0;
      const phone = client.info?.wid?.user ?? null;
      logger.info({ phone }, 'whatsapp: ready');
      update({ state: 'ready', qr: null, reconnectAttempt: 0, nextReconnectAt: null, phone });
      void learnOwnIds(client);
      setReady(true);
    });
    client.on('message', (message: WhatsAppMessage) => {
      if (client === current && ready) options.onMessage(message, client);
    });
    client.on('auth_failure', (message: string) => fail(client, 'auth_failure', `authentication failed: ${message}`));
    client.on('disconnected', (reason: string) => fail(client, 'disconnected', `disconnected: ${reason}`));
    client.initialize().catch((error: unknown) => fail(client, 'disconnected', `WhatsApp Web could not start: ${messageOf(error)}`));
  };

  return {
    start() {
      if (!current && !stopped) connect();
    },
    async stop() {
      stopped = true;
      stopController.abort();
      const client = current;
      current = undefined;
      setReady(false);
      if (client) {
        client.removeAllListeners();
        await client.destroy().catch((err: unknown) => logger.warn({ err }, 'whatsapp: the client did not close cleanly'));
      }
    },
    readyClient: () => (ready ? current : undefined),
    ownIds: () => ownIds,
    status: () => status,
  };
}

function messageOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!.slice(0, 300);
}

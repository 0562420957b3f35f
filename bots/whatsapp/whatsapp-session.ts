import type { ChatConnectionState, ChatConnectionStatus } from '../../core/notifications/chat-connection.ts';
import type { Timers } from '../timers.ts';
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

/**
 * How the session notices a browser that died while WhatsApp looked ready (Chromium crashed or
 * hangs; the library sends no event then): every `intervalMs` the page must be open and
 * `getState()` must answer within `timeoutMs`.
 */
export interface Watchdog {
  intervalMs: number;
  timeoutMs: number;
}

export const DEFAULT_WATCHDOG: Readonly<Watchdog> = Object.freeze({ intervalMs: 30_000, timeoutMs: 10_000 });

/** How long an old client may take to close before the next browser opens the same profile anyway. */
export const DEFAULT_DESTROY_TIMEOUT_MS = 15_000;

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
  /** Runs before each browser opens the profile: removes a stale Chromium lock (chromium-profile-lock.ts). */
  prepareProfile?(): Promise<unknown>;
  /** Default DEFAULT_WATCHDOG; false: none (a test whose clock only moves when it says). */
  watchdog?: Watchdog | false;
  destroyTimeoutMs?: number;
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
 * So does a browser that dies while ready (the watchdog). A new browser opens the profile only
 * once the old client's `destroy()` finished (or timed out) and a stale profile lock is removed.
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
  const watchdog = options.watchdog === undefined ? DEFAULT_WATCHDOG : options.watchdog;
  const destroyTimeoutMs = options.destroyTimeoutMs ?? DEFAULT_DESTROY_TIMEOUT_MS;
  /** The last client's `destroy()`, bounded: the next browser waits for it, so that two never share the profile. */
  let closing: Promise<void> = Promise.resolve();

  /** `work`, or undefined once `ms` passed first. */
  const within = async <T>(work: Promise<T>, ms: number): Promise<{ value: T } | undefined> => {
    const timeout = new AbortController();
    try {
      return await Promise.race([work.then((value) => ({ value })), timers.sleep(ms, timeout.signal).then(() => undefined)]);
    } finally {
      timeout.abort();
    }
  };

  const close = (client: WhatsAppClient): Promise<void> => {
    client.removeAllListeners();
    const destroyed = client.destroy().catch((err: unknown) => logger.warn({ err }, 'whatsapp: the old client did not close cleanly'));
    return within(destroyed, destroyTimeoutMs).then((done) => {
      if (!done) logger.warn({ timeoutMs: destroyTimeoutMs }, 'whatsapp: the old browser did not close in time; going on');
    });
  };

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
      if (!stopped) void connect();
    });
  };

  const fail = (client: WhatsAppClient, state: 'disconnected' | 'auth_failure', reason: string) => {
    if (client !== current || stopped) return;
    current = undefined;
    setReady(false);
    closing = close(client);
    reconnectLater(state, reason);
  };

  /** Whether the browser behind a ready client still answers. */
  const isAlive = async (client: WhatsAppClient, timeoutMs: number): Promise<string | undefined> => {
    if (client.pupPage?.isClosed()) return 'the browser page closed';
    try {
      const answered = await within(client.getState(), timeoutMs);
      return answered ? undefined : `the browser did not answer within ${timeoutMs} ms`;
    } catch (error) {
      return `the browser stopped answering: ${messageOf(error)}`;
    }
  };

  const watch = async (client: WhatsAppClient, settings: Watchdog) => {
    while (!stopped && client === current && ready) {
      await timers.sleep(settings.intervalMs, stopController.signal);
      if (stopped || client !== current || !ready) return;
      const dead = await isAlive(client, settings.timeoutMs);
      if (dead && client === current) {
        logger.error({ reason: dead }, 'whatsapp: the browser died while ready; reconnecting');
        fail(client, 'disconnected', dead);
      }
    }
  };

  const connect = async () => {
    // The old browser first closes (or is given up on), then a stale lock it left is removed.
    await closing;
    if (stopped) return;
    await options.prepareProfile?.().catch((err: unknown) => logger.warn({ err }, 'whatsapp: the browser profile could not be prepared'));
    if (stopped) return;
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
      if (watchdog) void watch(client, watchdog);
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
      if (!current && !stopped) void connect();
    },
    async stop() {
      stopped = true;
      stopController.abort();
      const client = current;
      current = undefined;
      setReady(false);
      if (client) closing = close(client);
      await closing;
    },
    readyClient: () => (ready ? current : undefined),
    ownIds: () => ownIds,
    status: () => status,
  };
}

function messageOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!.slice(0, 300);
}

/**
 * Where a chat connection that logs in like a person (WhatsApp Web) stands:
 * `starting` (the browser opens), `qr` (waiting for someone to scan the login QR code),
 * `authenticated` (scanned, loading chats), `ready` (sending and receiving),
 * `disconnected` (lost or logged out; a reconnect is scheduled) and `auth_failure` (the stored
 * session was refused; a reconnect with a fresh QR code is scheduled).
 */
export const CHAT_CONNECTION_STATES = ['starting', 'qr', 'authenticated', 'ready', 'disconnected', 'auth_failure'] as const;
export type ChatConnectionState = (typeof CHAT_CONNECTION_STATES)[number];

/** What the bots role reports about its WhatsApp connection, and the admin API shows. Times are ISO 8601. */
export interface ChatConnectionStatus {
  state: ChatConnectionState;
  /** When the connection entered this state. */
  since: string;
  /** The login QR code's payload while the state is `qr`; null otherwise. */
  qr: string | null;
  /** The last failure (a disconnect reason, a browser that could not start), kept after recovering. */
  lastError: string | null;
  lastErrorAt: string | null;
  /** Failed attempts in a row; 0 once ready. */
  reconnectAttempt: number;
  /** When the next attempt starts, while one is scheduled. */
  nextReconnectAt: string | null;
  /** The logged-in WhatsApp number (digits), once ready. */
  phone: string | null;
  /** When the reporting process last wrote the status; an old one means it stopped reporting. */
  updatedAt: string;
}

/** Reads the status the bots role last wrote; undefined when no bots role reports one (WhatsApp off, or the role is down). */
export interface ChatConnectionStatusSource {
  read(): Promise<ChatConnectionStatus | undefined>;
}

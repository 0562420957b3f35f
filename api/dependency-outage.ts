/**
 * Whether an error means that a service the API depends on (PostgreSQL, Redis) cannot be
 * reached right now, rather than that the request or our code is wrong. Such a request is
 * answered 503 with Retry-After, so that a vendor's server sends the order again later
 * instead of taking a 500 as final. Read from the error's shape alone (Node's socket codes,
 * PostgreSQL's SQLSTATE, the drivers' messages), so api/ needs neither driver.
 */
export function isDependencyOutage(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && (SOCKET_CODES.has(code) || SQLSTATES.has(code) || code.startsWith('08'))) return true;
    if (typeof message === 'string' && DRIVER_MESSAGES.some((pattern) => pattern.test(message))) return true;
  }
  return false;
}

/** How long a client should wait before it tries again. */
export const OUTAGE_RETRY_AFTER_SECONDS = 30;

const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);
/** admin_shutdown, crash_shutdown, cannot_connect_now, too_many_connections (class 08, connection exceptions, above). */
const SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);
const DRIVER_MESSAGES = [
  /^Connection terminated/, // pg: the server went away mid-query or before the connection was made
  /timeout exceeded when trying to connect/, // pg.Pool: connectionTimeoutMillis
  /Client has encountered a connection error/,
  /^Connection is closed\.?$/, // ioredis
];

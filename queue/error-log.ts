import type { Logger } from 'pino';

/** What emits BullMQ's and ioredis's 'error' event: a Queue, a Worker, a connection. */
export interface ErrorEmitter {
  on(event: 'error', listener: (err: Error) => void): unknown;
}

export interface RepeatedErrorLogOptions {
  /** How long the same error stays quiet after it was logged; 30 s unless told. */
  quietMs?: number;
  now?: () => number;
  level?: 'error' | 'warn';
}

/**
 * Logs an emitter's 'error' events, the same error once per quiet window with how many times
 * it came meanwhile. Why: while Redis is away, ioredis reconnects every few hundred
 * milliseconds and each BullMQ Queue and Worker emits every failed attempt; logged one by
 * one, an outage (or a stop with Redis gone) reads as a retry loop and buries the one line
 * that matters. A listener must stay attached either way: an unhandled 'error' would end the
 * process.
 */
export function logRepeatedErrors(emitter: ErrorEmitter, logger: Logger, message: string, bindings: Record<string, unknown> = {}, options: RepeatedErrorLogOptions = {}): void {
  emitter.on('error', repeatedErrorLogger(logger, message, bindings, options));
}

/** The listener behind `logRepeatedErrors`, for a connection that takes an `onError` callback. */
export function repeatedErrorLogger(logger: Logger, message: string, bindings: Record<string, unknown> = {}, options: RepeatedErrorLogOptions = {}): (err: Error) => void {
  const quietMs = options.quietMs ?? 30_000;
  const now = options.now ?? Date.now;
  const level = options.level ?? 'error';
  const lastLogged = new Map<string, { at: number; suppressed: number }>();
  return (err) => {
    const key = errorKey(err);
    const at = now();
    const last = lastLogged.get(key);
    if (last && at - last.at < quietMs) {
      last.suppressed += 1;
      return;
    }
    const repeated = last?.suppressed ?? 0;
    lastLogged.set(key, { at, suppressed: 0 });
    logger[level](repeated > 0 ? { ...bindings, err, repeatedSinceLastLog: repeated } : { ...bindings, err }, message);
  };
}

function errorKey(err: Error): string {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' ? code : `${err.name}: ${err.message}`;
}

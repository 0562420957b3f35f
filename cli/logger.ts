import { pino, type Logger } from 'pino';
import pretty from 'pino-pretty';
import type { Config, LogFormat } from './config.ts';

/** LOG_FORMAT when set; else pretty where a person reads it (a terminal), JSON where a collector parses it. */
export function logFormatFor(config: Pick<Config, 'logFormat'>, stdoutIsTerminal: boolean): LogFormat {
  return config.logFormat ?? (stdoutIsTerminal ? 'pretty' : 'json');
}

/**
 * The process's logger on stdout. Pretty lines are written synchronously, in this thread:
 * a transport's worker thread could lose the last lines when the CLI exits after a signal.
 */
export function createLogger(config: Pick<Config, 'logLevel' | 'logFormat'>, stdout: { isTTY?: boolean } = process.stdout): Logger {
  const options = { level: config.logLevel };
  if (logFormatFor(config, stdout.isTTY === true) === 'json') return pino(options);
  // Colours follow the terminal (and NO_COLOR / FORCE_COLOR); pid and hostname are noise to a person at a terminal.
  return pino(options, pretty({ translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname', sync: true, destination: 1 }));
}

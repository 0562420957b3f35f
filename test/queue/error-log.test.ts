import { EventEmitter } from 'node:events';
import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { logRepeatedErrors } from '../../queue/error-log.ts';

function capturedLogger() {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({ write(chunk, _encoding, done) { lines.push(JSON.parse(String(chunk))); done(); } });
  return { logger: pino({ level: 'info' }, stream), lines };
}

function refused(): Error {
  return Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6379'), { code: 'ECONNREFUSED' });
}

describe('an emitter’s repeated errors in the log', () => {
  it('say a reconnect storm once per quiet window, then how many times it came meanwhile', () => {
    const { logger, lines } = capturedLogger();
    const emitter = new EventEmitter();
    let clock = 0;
    logRepeatedErrors(emitter, logger, 'click worker error', { role: 'worker' }, { quietMs: 30_000, now: () => clock });
    for (let attempt = 0; attempt < 100; attempt += 1) { emitter.emit('error', refused()); clock += 250; }
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ msg: 'click worker error', role: 'worker', err: { code: 'ECONNREFUSED' } });
    clock = 30_000;
    emitter.emit('error', refused());
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatchObject({ repeatedSinceLastLog: 99 });
  });

  it('still says a different error at once', () => {
    const { logger, lines } = capturedLogger();
    const emitter = new EventEmitter();
    logRepeatedErrors(emitter, logger, 'notification worker error', {}, { now: () => 0 });
    emitter.emit('error', refused());
    emitter.emit('error', new Error('NOSCRIPT No matching script'));
    expect(lines.map((line) => (line.err as { message: string }).message)).toEqual(['connect ECONNREFUSED 127.0.0.1:6379', 'NOSCRIPT No matching script']);
  });
});

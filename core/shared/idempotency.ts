import crypto from 'node:crypto';
import { DomainError } from './errors.ts';

/**
 * JSON with object keys sorted at every depth, so that two bodies meaning the same thing
 * (keys in another order, other whitespace) have the same text. `undefined` members are left
 * out, as JSON.stringify does.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

/**
 * The fingerprint of a request, stored next to its first answer: a replay with the same
 * fingerprint gets that answer back, a different body under the same key is a conflict.
 */
export function requestHash(value: unknown): string {
  return crypto.createHash('sha256').update(canonicalJson(value)).digest('hex');
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries.map(([k, v]) => [k, sortKeys(v)]));
  }
  return value;
}

/**
 * The stored first answer when the request matches its fingerprint; otherwise the key was
 * reused for a different request and the caller is told so (`idempotency_conflict`).
 */
export function replayOrConflict<T>(stored: { requestHash: string; answer: T }, hash: string, conflict: { message: string; details: Record<string, unknown> }): T {
  if (stored.requestHash !== hash) throw new DomainError('idempotency_conflict', conflict.message, conflict.details);
  return stored.answer;
}

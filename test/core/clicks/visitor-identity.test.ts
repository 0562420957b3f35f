import { describe, expect, it } from 'vitest';
import { hashVisitorIp, isWellFormedVisitorId, newVisitorId } from '../../../core/clicks/visitor-identity.ts';

describe('the visitor IP hash', () => {
  const noon = new Date('2026-11-28T12:00:00Z');
  const lateSameDay = new Date('2026-11-28T23:59:59Z');
  const nextDay = new Date('2026-11-29T00:00:01Z');

  it('lets clicks of one day from one address be compared, without storing the address', () => {
    const hash = hashVisitorIp('key-one', '203.0.113.7', noon);
    expect(hashVisitorIp('key-one', '203.0.113.7', lateSameDay)).toBe(hash);
    expect(hashVisitorIp('key-one', '203.0.113.8', noon)).not.toBe(hash);
    expect(hash).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(hash).not.toContain('203');
  });

  it('rotates every UTC day and depends on the secret key', () => {
    const hash = hashVisitorIp('key-one', '203.0.113.7', noon);
    expect(hashVisitorIp('key-one', '203.0.113.7', nextDay)).not.toBe(hash);
    expect(hashVisitorIp('key-two', '203.0.113.7', noon)).not.toBe(hash);
    // Back to the first key and day: the same answer again (the daily salt cache follows the key).
    expect(hashVisitorIp('key-one', '203.0.113.7', noon)).toBe(hash);
  });
});

describe('visitor ids', () => {
  it('are fresh, unguessable and recognised as our own', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => newVisitorId()));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(isWellFormedVisitorId(id)).toBe(true);
    expect(isWellFormedVisitorId('x; other=1')).toBe(false);
    expect(isWellFormedVisitorId(undefined)).toBe(false);
  });
});

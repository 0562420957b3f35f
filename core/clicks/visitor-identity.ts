import crypto from 'node:crypto';
import { takeRandomBytes } from '../shared/random-pool.ts';

/** 128 random bits, base64url: 22 characters. */
const VISITOR_ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;
const DAY_MS = 24 * 60 * 60 * 1000;

/** A new first-party visitor id, unguessable so that one visitor cannot pose as another. */
export function newVisitorId(): string {
  return Buffer.from(takeRandomBytes(16)).toString('base64url');
}

/** A cookie value we issued ourselves; anything else (tampered, truncated, foreign) is replaced. */
export function isWellFormedVisitorId(value: string | undefined | null): value is string {
  return typeof value === 'string' && VISITOR_ID_PATTERN.test(value);
}

/**
 * The visitor's IP as a salted hash that rotates every UTC day: SHA-256 of a secret daily salt
 * (HMAC-SHA256(key, "YYYY-MM-DD")) and the address, base64url, 32 characters (192 bits). Clicks
 * of one day can be compared (floods from one address), but a stored hash cannot be turned back
 * into the address, nor linked to the same address on another day without the key. Raw IPs are
 * never stored. The salt is derived once a day: the redirect pays for one plain hash per click.
 */
export function hashVisitorIp(key: string, ip: string, at: Date): string {
  return crypto.hash('sha256', `${dailySalt(key, at)}|${ip}`, 'base64url').slice(0, 32);
}

/**
 * The visitor a click without our cookie comes from (a first visit, a script, a browser that
 * drops cookies): a salted hash of the address and the browser string, in the cookie's own
 * format, so that the duplicate rule (one counted click per visitor and link in 24 h) holds
 * for `curl` in a loop as it does for a browser. The salt rotates daily, so it never becomes a
 * lasting identifier of an address; the cookie set with it carries the same id from then on.
 */
export function cookielessVisitorId(key: string, ip: string, userAgent: string | undefined, at: Date): string {
  return crypto.hash('sha256', `${dailySalt(key, at)}|visitor|${ip}|${userAgent ?? ''}`, 'base64url').slice(0, 22);
}

let lastSalt = { key: '', day: Number.NaN, salt: '' };

function dailySalt(key: string, at: Date): string {
  const day = Math.floor(at.getTime() / DAY_MS);
  if (day !== lastSalt.day || key !== lastSalt.key) {
    const text = new Date(day * DAY_MS).toISOString().slice(0, 10);
    lastSalt = { key, day, salt: crypto.createHmac('sha256', key).update(text).digest('base64url') };
  }
  return lastSalt.salt;
}

/**
 * Who is visiting: our cookie when it is one we issued, else the salted daily hash of address
 * and browser string (300 scripted taps from one client are one visitor), and a random id only
 * where there is no address. The redirect and the deal pages and storefronts decide it alike.
 */
export function visitorIdOf(request: { cookie: string | undefined; ip: string | undefined; userAgent: string | undefined }, key: string, at: Date): string {
  if (isWellFormedVisitorId(request.cookie)) return request.cookie;
  return request.ip ? cookielessVisitorId(key, request.ip, request.userAgent, at) : newVisitorId();
}

import crypto from 'node:crypto';
import { DomainError } from '../shared/errors.ts';

/** Seconds a signed request stays valid either side of the server's clock. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

/** The value of `X-Dealcast-Signature` for a body signed at unix time `t`. */
export function signVendorRequest(secret: string, rawBody: string | Buffer, t: number): string {
  const mac = crypto.createHmac('sha256', secret).update(`${t}.`).update(rawBody).digest('hex');
  return `t=${t},v1=${mac}`;
}

/** Parses `t=<unix s>,v1=<hex>`; several v1 values are allowed (secret rotation). */
export function parseSignatureHeader(header: string | undefined): { t: number; v1: string[] } {
  if (!header) throw new DomainError('invalid_signature', 'Missing X-Dealcast-Signature header (t=<unix seconds>,v1=<hex HMAC-SHA256>)');
  let t: number | undefined;
  const v1: string[] = [];
  for (const part of header.split(',')) {
    const [k, v] = part.trim().split('=', 2);
    if (k === 't' && v && /^\d{1,12}$/.test(v)) t = Number(v);
    else if (k === 'v1' && v && /^[0-9a-f]{64}$/i.test(v)) v1.push(v.toLowerCase());
  }
  if (t === undefined || v1.length === 0) {
    throw new DomainError('invalid_signature', 'Malformed X-Dealcast-Signature header; expected t=<unix seconds>,v1=<hex HMAC-SHA256>');
  }
  return { t, v1 };
}

/**
 * Verifies a vendor's signature over the raw body: HMAC-SHA256(secret, "<t>.<body>"),
 * compared in constant time, and `t` within the tolerance of `nowSeconds`. During a rotation's
 * grace period two secrets verify (core/vendors/secret-rotation.ts): a signature made with
 * either is accepted.
 */
export function verifyVendorSignature(
  secrets: string | readonly string[], rawBody: string | Buffer, header: string | undefined, nowSeconds: number,
): void {
  const { t, v1 } = parseSignatureHeader(header);
  const given = v1.map((candidate) => Buffer.from(candidate, 'hex'));
  const ok = (typeof secrets === 'string' ? [secrets] : secrets).some((secret) => {
    const expected = crypto.createHmac('sha256', secret).update(`${t}.`).update(rawBody).digest();
    return given.some((candidate) => candidate.length === expected.length && crypto.timingSafeEqual(candidate, expected));
  });
  if (!ok) throw new DomainError('invalid_signature', 'Signature does not match the request body');
  if (Math.abs(nowSeconds - t) > SIGNATURE_TOLERANCE_SECONDS) {
    throw new DomainError('stale_signature', `Signature timestamp is more than ${SIGNATURE_TOLERANCE_SECONDS} s from the server's clock`, {
      timestamp: t,
      serverTime: nowSeconds,
    });
  }
}

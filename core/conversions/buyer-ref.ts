import crypto from 'node:crypto';

/**
 * A vendor's reference to its buyer (its customer id, a hash of the email) as we keep it: a
 * keyed hash (HMAC-SHA256 under a key derived from the secret key), per vendor, base64url, 32
 * characters. Two orders of one buyer at one vendor get the same value, so repeat orders can be
 * found, but the reference cannot be read back, nor guessed from a list of emails without the
 * key, nor matched across vendors. The reference itself is never stored.
 */
export function hashBuyerRef(key: string, vendorId: string, buyerRef: string): string {
  return crypto.createHmac('sha256', key).update(`dealcast:buyer:${vendorId}:${buyerRef.trim()}`).digest('base64url').slice(0, 32);
}

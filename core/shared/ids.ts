import crypto from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/**
 * An unguessable short code: `length` base62 characters from the CSPRNG (10 chars ≈ 59 bits),
 * so that codes cannot be enumerated. Rejection sampling keeps the distribution uniform.
 */
export function generateShortCode(length = 10): string {
  let out = '';
  while (out.length < length) {
    for (const byte of crypto.randomBytes(length * 2)) {
      if (byte < 248 && out.length < length) out += BASE62[byte % 62];
    }
  }
  return out;
}

/** A short code has this shape; anything else is rejected before any lookup. */
export const SHORT_CODE_PATTERN = /^[0-9A-Za-z]{6,16}$/;

/** A random token of `bytes` bytes, base64url. */
export function generateToken(bytes = 32): string {
  return crypto.randomBytes(bytes).toString('base64url');
}

/** sha256 hex, for storing tokens we must recognise but never reveal. */
export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

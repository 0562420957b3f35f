import crypto from 'node:crypto';

/** True when `given` is `expected`; hashing both first gives equal lengths, so the comparison takes the same time whatever was sent. */
export function sameSecret(given: string | string[] | undefined, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = crypto.createHash('sha256').update(given).digest();
  const b = crypto.createHash('sha256').update(expected).digest();
  return crypto.timingSafeEqual(a, b);
}

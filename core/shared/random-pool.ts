import crypto from 'node:crypto';

const POOL_SIZE = 8192;
let pool = Buffer.alloc(0);
let offset = 0;

/**
 * `size` bytes from the CSPRNG, drawn from a pool refilled 8 KB at a time: one OpenSSL call
 * per few hundred ids instead of one per id (Node's own `randomUUID` pools the same way).
 * The bytes are a view into the pool: read them at once, never keep the array.
 */
export function takeRandomBytes(size: number): Uint8Array {
  if (size > POOL_SIZE) return crypto.randomBytes(size);
  if (offset + size > pool.length) {
    pool = crypto.randomFillSync(Buffer.allocUnsafe(POOL_SIZE));
    offset = 0;
  }
  const bytes = pool.subarray(offset, offset + size);
  offset += size;
  return bytes;
}

import { v7 } from 'uuid';
import { takeRandomBytes } from '../shared/random-pool.ts';

/**
 * A click id: a UUIDv7 (time-ordered, so clicks index and partition well), with its random
 * part drawn from the pooled CSPRNG because one is minted on every redirect.
 */
export function newClickId(): string {
  return v7({ random: takeRandomBytes(16) });
}

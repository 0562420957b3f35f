/** A bounded in-process map with a TTL: what a page read once serves to the burst of taps that follows a forward. */
export interface PageCache<T> {
  get(key: string): T | undefined;
  set(key: string, value: T): void;
}

/**
 * Insertion-ordered FIFO eviction, as the redirect's link cache does (api/redirect/link-resolver.ts):
 * with a TTL this short, recency tracking would cost more than it saves.
 */
export function createPageCache<T>(options: { ttlMs: number; maxEntries: number; now?: () => number }): PageCache<T> {
  const now = options.now ?? Date.now;
  const entries = new Map<string, { value: T; expiresAt: number }>();
  return {
    get(key) {
      const hit = entries.get(key);
      if (!hit) return undefined;
      if (hit.expiresAt > now()) return hit.value;
      entries.delete(key);
      return undefined;
    },
    set(key, value) {
      entries.delete(key);
      if (entries.size >= options.maxEntries) {
        const oldest = entries.keys().next();
        if (!oldest.done) entries.delete(oldest.value);
      }
      entries.set(key, { value, expiresAt: now() + options.ttlMs });
    },
  };
}

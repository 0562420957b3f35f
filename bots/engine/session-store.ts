import type { Cluster, Redis } from 'ioredis';

/**
 * Short-lived per-person conversation state (a registration in progress, the question being
 * answered, the list being paged), kept outside the process so that any bot process can
 * continue a conversation another one started.
 */
export interface SessionStore {
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown, ttlSeconds: number): Promise<void>;
  delete(...keys: string[]): Promise<void>;
}

/** The session store on Redis: JSON values under `<prefix>:bot:<key>`, expiring by TTL. */
export function createRedisSessionStore(redis: Redis | Cluster, prefix: string): SessionStore {
  const full = (key: string) => `${prefix}:bot:${key}`;
  return {
    async get<T>(key: string) {
      const raw = await redis.get(full(key));
      if (raw === null) return undefined;
      try {
        return JSON.parse(raw) as T;
      } catch {
        return undefined;
      }
    },
    async set(key, value, ttlSeconds) {
      await redis.set(full(key), JSON.stringify(value), 'EX', ttlSeconds);
    },
    async delete(...keys) {
      if (keys.length > 0) await redis.del(...keys.map(full));
    },
  };
}

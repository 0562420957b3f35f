import type { Cluster, Redis } from 'ioredis';
import { CHAT_CONNECTION_STATES, type ChatConnectionStatus, type ChatConnectionStatusSource } from '../../core/notifications/chat-connection.ts';

/** Where the bots role keeps its WhatsApp status for the api role (the same process or another one). */
export interface WhatsAppStatusStore extends ChatConnectionStatusSource {
  write(status: ChatConnectionStatus): Promise<void>;
  /** The reporting process stops: nothing is connected any more. */
  clear(): Promise<void>;
}

/** A status not rewritten within this time is gone: its process stopped without saying so. */
export const WHATSAPP_STATUS_TTL_S = 120;

/**
 * The status in Redis, one JSON value under `<prefix>:whatsapp:status` with a TTL the bots
 * role keeps refreshing. Every role reads it the same way, in one process or in several.
 */
export function createRedisWhatsAppStatusStore(redis: Redis | Cluster, prefix: string, ttlSeconds = WHATSAPP_STATUS_TTL_S): WhatsAppStatusStore {
  const key = `${prefix}:whatsapp:status`;
  return {
    async write(status) {
      await redis.set(key, JSON.stringify(status), 'EX', ttlSeconds);
    },
    async clear() {
      await redis.del(key);
    },
    async read() {
      const raw = await redis.get(key);
      if (raw === null) return undefined;
      try {
        const status = JSON.parse(raw) as ChatConnectionStatus;
        return (CHAT_CONNECTION_STATES as readonly string[]).includes(status.state) ? status : undefined;
      } catch {
        return undefined;
      }
    },
  };
}

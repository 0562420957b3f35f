import { Cluster } from 'ioredis';
import type { ChatStateSweeper } from '../core/privacy/retention.service.ts';
import type { RedisClient } from './connection.ts';

/** Redis's glob characters, escaped so that a prefix matches only itself. */
const escapeGlob = (text: string) => text.replace(/[*?[\]\\]/g, '\\$&');

// Deleted only if it still has no expiry when the delete runs (a bot may have just set it again, with one).
const DELETE_IF_ENDLESS = "if redis.call('PTTL', KEYS[1]) == -1 then return redis.call('DEL', KEYS[1]) end return 0";

/**
 * The bots' conversation state (registrations under way, questions, lists being paged, a
 * stranger's language) is kept under `<prefix>:bot:` with an expiry, so Redis forgets it by
 * itself (bots/engine/session-store.ts). The retention run looks for any such key that lost
 * its expiry (a bug, a hand-made key) and deletes it: no conversation outlives its TTL. On a
 * cluster every master is scanned (SCAN sees one node's keys).
 */
export function createChatStateSweeper(redis: RedisClient, prefix: string): ChatStateSweeper {
  const pattern = `${escapeGlob(prefix)}:bot:*`;
  return {
    async deleteUnexpiring() {
      if (redis instanceof Cluster) await redis.ping();
      const servers = redis instanceof Cluster ? redis.nodes('master') : [redis];
      let deleted = 0;
      for (const server of servers) {
        let cursor = '0';
        do {
          const [next, keys] = await server.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
          cursor = next;
          if (keys.length === 0) continue;
          const ttls = await server.pipeline(keys.map((key) => ['pttl', key])).exec();
          // PTTL -1: the key exists and has no expiry.
          const endless = keys.filter((_, i) => ttls?.[i]?.[1] === -1);
          for (const key of endless) deleted += Number(await server.eval(DELETE_IF_ENDLESS, 1, key));
        } while (cursor !== '0');
      }
      return deleted;
    },
  };
}

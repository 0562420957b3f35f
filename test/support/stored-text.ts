import { sql, type Kysely } from 'kysely';
import type { Redis } from 'ioredis';
import type { Database } from '../../db/schema.ts';

/**
 * Every table of the database (a partitioned table once, through its parent) whose rows hold
 * `needle` anywhere, in any column, as text: what a privacy test asks of the whole schema
 * rather than of the columns it thought of.
 */
export async function tablesHolding(db: Kysely<Database>, needle: string): Promise<string[]> {
  const { rows: tables } = await sql<{ name: string }>`
    SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY c.relname`.execute(db);
  const holding: string[] = [];
  for (const { name } of tables) {
    const { rows } = await sql<{ found: boolean }>`
      SELECT EXISTS (SELECT 1 FROM ${sql.id(name)} t WHERE strpos(t::text, ${needle}) > 0) AS found`.execute(db);
    if (rows[0]?.found) holding.push(name);
  }
  return holding;
}

/** Every Redis key under `prefix` whose name or value (any type: strings, hashes, lists, sets, sorted sets, streams) holds `needle`. */
export async function redisKeysHolding(redis: Redis, prefix: string, needle: string): Promise<string[]> {
  const holding: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    for (const key of keys) {
      if (key.includes(needle) || (await redisValueText(redis, key)).includes(needle)) holding.push(key);
    }
  } while (cursor !== '0');
  return holding;
}

async function redisValueText(redis: Redis, key: string): Promise<string> {
  switch (await redis.type(key)) {
    case 'string': return (await redis.get(key)) ?? '';
    case 'hash': return JSON.stringify(await redis.hgetall(key));
    case 'list': return JSON.stringify(await redis.lrange(key, 0, -1));
    case 'set': return JSON.stringify(await redis.smembers(key));
    case 'zset': return JSON.stringify(await redis.zrange(key, '0', '-1'));
    case 'stream': return JSON.stringify(await redis.xrange(key, '-', '+'));
    default: return '';
  }
}

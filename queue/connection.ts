import { Cluster, Redis, type RedisOptions } from 'ioredis';

/**
 * Every BullMQ queue and cache key lives under one hash-tagged prefix, so that a Redis Cluster
 * keeps them in one slot: BullMQ's scripts and our multi-key commands (MULTI, scripts over two
 * keys, DEL of several keys) then run on a cluster unchanged.
 */
export const DEFAULT_REDIS_PREFIX = '{dealcast}';

/** One Redis server or a Redis Cluster: what every queue, worker and store is handed. */
export type RedisClient = Redis | Cluster;

/** A cluster's seed nodes (any of them; the others are discovered) and the credentials all nodes share. */
export interface RedisClusterTarget {
  readonly nodes: readonly { host: string; port: number }[];
  readonly username: string | undefined;
  readonly password: string | undefined;
}

const CLUSTER_SCHEME = 'redis-cluster://';

export class RedisUrlError extends Error {}

/**
 * Reads `redis-cluster://[user:password@]host:port,host:port,…` (a form of REDIS_URL: the
 * nodes cannot be one URL's host); undefined for any other URL. Throws a `RedisUrlError` that
 * says what is wrong with a malformed cluster URL.
 */
export function parseRedisClusterUrl(url: string): RedisClusterTarget | undefined {
  if (!url.toLowerCase().startsWith(CLUSTER_SCHEME)) return undefined;
  const rest = url.slice(CLUSTER_SCHEME.length).replace(/\/+$/, '');
  const at = rest.lastIndexOf('@');
  const auth = at >= 0 ? rest.slice(0, at) : undefined;
  const list = at >= 0 ? rest.slice(at + 1) : rest;
  const nodes = list.split(',').map((node) => node.trim()).filter((node) => node !== '').map((node) => {
    // Each node alone is a URL's authority (IPv6 in brackets included).
    const parsed = urlOrUndefined(`redis://${node}`);
    if (!parsed || parsed.pathname !== '' || parsed.username) throw new RedisUrlError(`cluster node "${node}" is not host:port`);
    return { host: parsed.hostname.replace(/^\[(.*)\]$/, '$1'), port: parsed.port ? Number(parsed.port) : 6379 };
  });
  if (nodes.length === 0) throw new RedisUrlError('a redis-cluster:// URL names at least one host:port');
  // The credentials read the way a URL's are (percent-encoded, `user:password` or `:password`).
  const credentials = auth === undefined ? undefined : urlOrUndefined(`redis://${auth}@nodes`);
  if (auth !== undefined && !credentials) throw new RedisUrlError('the credentials of a redis-cluster:// URL are not user:password');
  const decoded = (text: string | undefined) => (text ? decodeURIComponent(text) : undefined);
  return { nodes, username: decoded(credentials?.username), password: decoded(credentials?.password) };
}

function urlOrUndefined(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

export interface RedisConnectionOptions extends RedisOptions {
  /** Told about connection errors; ioredis reconnects by itself either way. */
  onError?: (error: Error) => void;
}

/**
 * A connection for BullMQ and caches to what REDIS_URL names: one server (`redis://`,
 * `rediss://`) or a Redis Cluster (`redis-cluster://host:port,…`). Commands wait through a
 * reconnect (or a cluster failover) instead of failing.
 */
export function createRedisClient(url: string, options: RedisConnectionOptions = {}): RedisClient {
  const cluster = parseRedisClusterUrl(url);
  if (!cluster) return createRedis(url, options);
  const { onError, ...redisOptions } = options;
  const client = new Cluster(cluster.nodes.map((node) => ({ ...node })), {
    enableReadyCheck: true,
    // A loaded machine can take more than the default second to answer CLUSTER SLOTS.
    slotsRefreshTimeout: 5000,
    redisOptions: { maxRetriesPerRequest: null, username: cluster.username, password: cluster.password, ...redisOptions },
  });
  client.on('error', onError ?? (() => undefined));
  return client;
}

/** A connection to one Redis server (see `createRedisClient` for what REDIS_URL may name). */
export function createRedis(url: string, options: RedisConnectionOptions = {}): Redis {
  if (parseRedisClusterUrl(url)) throw new RedisUrlError('createRedis connects to one server; a redis-cluster:// URL needs createRedisClient');
  const { onError, ...redisOptions } = options;
  const redis = new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, ...redisOptions });
  // Without a listener, every failed reconnect attempt is printed as an "Unhandled error event".
  redis.on('error', onError ?? (() => undefined));
  return redis;
}

/**
 * Deletes every key under a prefix (a test's or a benchmark's queues and caches), in pages. On
 * a cluster every master is scanned (SCAN sees one node's keys), and keys go one per command
 * (a prefix need not be hash-tagged, and a cluster refuses one command over several slots).
 */
export async function deleteKeysWithPrefix(redis: RedisClient, prefix: string): Promise<void> {
  // A cluster knows its masters once it is ready; the PING waits for that.
  if (redis instanceof Cluster) await redis.ping();
  const servers = redis instanceof Cluster ? redis.nodes('master') : [redis];
  for (const server of servers) {
    let cursor = '0';
    do {
      const [next, keys] = await server.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length === 0) continue;
      const pipeline = server.pipeline();
      for (const key of keys) pipeline.unlink(key);
      const failed = (await pipeline.exec())?.find(([error]) => error);
      if (failed?.[0]) throw failed[0];
    } while (cursor !== '0');
  }
}

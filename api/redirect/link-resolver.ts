import type { RedisClient } from '../../queue/connection.ts';
import type { Logger } from 'pino';
import type { RedirectTarget, RedirectTargetStore } from '../../core/clicks/clicks.ports.ts';
import { prepareTrackedUrl, type TrackedUrlBuilder } from './tracked-url.ts';

/** A link ready to serve: the target plus what is derived from it once instead of per request. */
export interface ResolvedLink {
  readonly target: RedirectTarget;
  readonly trackedUrl: TrackedUrlBuilder;
  /** The OpenGraph page, rendered on first use. */
  previewHtml?: string;
}

export interface LinkResolverOptions {
  /** The last layer, PostgreSQL behind a port. */
  targets: RedirectTargetStore;
  redis: RedisClient;
  redisPrefix: string;
  logger: Logger;
  /** Entries kept in this process. Default 10,000 (a few MB). */
  localSize?: number;
  /** How long this process trusts an entry; short, since a product's URL or price may change. Default 30 s. */
  localTtlMs?: number;
  /** How long Redis keeps a resolved link. Default 60 s: with the local TTL, a product change shows within 90 s. */
  redisTtlSeconds?: number;
  /** How long an unknown code is remembered as unknown, here and in Redis. Default 30 s. */
  negativeTtlMs?: number;
  /** A Redis read slower than this is abandoned for PostgreSQL. Default 100 ms. */
  redisTimeoutMs?: number;
}

export interface LinkResolver {
  /**
   * What this process already knows of a code, without waiting: the link, null when the code
   * is known to lead nowhere, undefined when it must be looked up (`resolve`).
   */
  cached(code: string): ResolvedLink | null | undefined;
  /** The link for a well-formed code, or undefined when no link has it. */
  resolve(code: string): Promise<ResolvedLink | undefined>;
  /** Forgets a code here and in Redis (after its product changed). */
  invalidate(code: string): Promise<void>;
}

const UNKNOWN = '-';

/**
 * Resolution in three layers: a bounded in-process map with a short TTL, then Redis, then
 * PostgreSQL. Unknown codes are cached too (briefly), so a flood of the same bad code stops
 * at the first layers; concurrent misses on one code share a single lookup.
 */
export function createLinkResolver(options: LinkResolverOptions): LinkResolver {
  const { targets, redis, logger } = options;
  const localSize = options.localSize ?? 10_000;
  const localTtlMs = options.localTtlMs ?? 30_000;
  const redisTtlSeconds = options.redisTtlSeconds ?? 60;
  const negativeTtlMs = options.negativeTtlMs ?? 30_000;
  const redisTimeoutMs = options.redisTimeoutMs ?? 100;
  const key = (code: string) => `${options.redisPrefix}:link:${code}`;

  // Insertion-ordered Map as a FIFO: with TTLs this short, recency tracking would cost more than it saves.
  const local = new Map<string, { link: ResolvedLink | null; expiresAt: number }>();
  const lookups = new Map<string, Promise<ResolvedLink | undefined>>();

  const remember = (code: string, link: ResolvedLink | null): void => {
    // Re-inserted at the end, so that a refreshed entry is not the next one evicted.
    local.delete(code);
    if (local.size >= localSize) {
      const oldest = local.keys().next();
      if (!oldest.done) local.delete(oldest.value);
    }
    local.set(code, { link, expiresAt: Date.now() + (link ? localTtlMs : negativeTtlMs) });
  };

  const readRedis = async (code: string): Promise<RedirectTarget | null | undefined> => {
    // Not connected: go straight to PostgreSQL instead of queueing behind a reconnect.
    if (redis.status !== 'ready') return undefined;
    let timer: NodeJS.Timeout | undefined;
    try {
      const cached = await Promise.race([
        redis.get(key(code)),
        new Promise<undefined>((resolve) => { timer = setTimeout(() => resolve(undefined), redisTimeoutMs); }),
      ]);
      if (cached === undefined || cached === null) return undefined;
      if (cached === UNKNOWN) return null;
      const target = JSON.parse(cached) as RedirectTarget;
      // Entries written before prices were numbers hold them as strings; they live 60 s at most.
      return typeof target.price === 'number' ? target : { ...target, price: Number(target.price) };
    } catch (err) {
      logger.warn({ err }, 'link cache read failed; using PostgreSQL');
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  };

  const writeRedis = (code: string, target: RedirectTarget | null): void => {
    if (redis.status !== 'ready') return;
    const value = target ? JSON.stringify(target) : UNKNOWN;
    const ttl = target ? redisTtlSeconds * 1000 : negativeTtlMs;
    redis.set(key(code), value, 'PX', ttl).catch((err: unknown) => logger.warn({ err }, 'link cache write failed'));
  };

  const toLink = (code: string, target: RedirectTarget | null): ResolvedLink | null => {
    if (!target) return null;
    const trackedUrl = prepareTrackedUrl(target.url);
    if (!trackedUrl) {
      logger.error({ code, productId: target.productId }, 'product URL is not an absolute http(s) URL; the link answers 404');
      return null;
    }
    return { target, trackedUrl };
  };

  const lookup = async (code: string, stale: ResolvedLink | null | undefined): Promise<ResolvedLink | undefined> => {
    let target = await readRedis(code);
    if (target === undefined) {
      try {
        target = (await targets.findRedirectTarget(code)) ?? null;
      } catch (err) {
        // PostgreSQL down: a link we knew keeps working from its expired entry rather than failing the person.
        if (!stale) throw err;
        logger.warn({ err, code }, 'link lookup failed; serving the expired cache entry');
        remember(code, stale);
        return stale;
      }
      writeRedis(code, target);
    }
    const link = toLink(code, target);
    remember(code, link);
    return link ?? undefined;
  };

  return {
    cached(code) {
      const hit = local.get(code);
      return hit && hit.expiresAt > Date.now() ? hit.link : undefined;
    },
    resolve(code) {
      const hit = local.get(code);
      if (hit && hit.expiresAt > Date.now()) return Promise.resolve(hit.link ?? undefined);
      const running = lookups.get(code);
      if (running) return running;
      const started = lookup(code, hit?.link).finally(() => lookups.delete(code));
      lookups.set(code, started);
      return started;
    },
    async invalidate(code) {
      local.delete(code);
      await redis.del(key(code));
    },
  };
}

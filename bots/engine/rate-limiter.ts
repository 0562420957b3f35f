import type { RequestCounter } from '../../core/shared/request-counter.ts';

export interface RateDecision {
  allowed: boolean;
  /** True for the first refused message of a window: the one that gets the "slow down" reply. */
  firstRefusal: boolean;
  /** When the window ends. */
  retryAfterMs: number;
}

/** Counts messages per key in fixed windows. */
export interface RateLimiter {
  hit(key: string): Promise<RateDecision>;
}

export interface RateLimit {
  /** Messages allowed per window. */
  max: number;
  windowMs: number;
}

/** 30 messages a minute: far above what a person types or taps, far below a script. */
export const DEFAULT_MESSAGE_RATE_LIMIT: RateLimit = Object.freeze({ max: 30, windowMs: 60_000 });

/** `/export`: one file an hour per influencer (each reads everything they have). */
export const EXPORT_RATE_LIMIT: RateLimit = Object.freeze({ max: 1, windowMs: 60 * 60_000 });

/**
 * A fixed-window message limit per key on the shared request counter, so every bot process
 * counts in the same window. When the counter cannot answer, messages are let through: a chat
 * must not go silent because a counter is away.
 */
export function createRateLimiter(counter: RequestCounter, limit: RateLimit = DEFAULT_MESSAGE_RATE_LIMIT): RateLimiter {
  return {
    async hit(key) {
      try {
        const { count, resetInMs } = await counter.hit(`bot:${key}`, limit.windowMs);
        return { allowed: count <= limit.max, firstRefusal: count === limit.max + 1, retryAfterMs: Math.max(resetInMs, 0) };
      } catch {
        return { allowed: true, firstRefusal: false, retryAfterMs: 0 };
      }
    },
  };
}

/** Hits counted under one key in the current window, and what is left of the window. */
export interface RequestCount {
  count: number;
  resetInMs: number;
}

/**
 * Counts hits per key in fixed windows, shared by every process (the API's rate limits, the
 * bots' message limit). Rejects when the count cannot be had at once; callers let the hit
 * through uncounted rather than fail because a counter is away.
 */
export interface RequestCounter {
  hit(key: string, windowMs: number): Promise<RequestCount>;
}

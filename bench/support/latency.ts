/** The `p`th percentile (0–100) of timings sorted ascending: the smallest value at or above that share. */
export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** "p50 1.23 ms · p95 4.56 ms · p99 7.89 ms · max 12.34 ms" of timings in milliseconds, in any order. */
export function describeLatencies(timings: readonly number[]): string {
  const sorted = [...timings].sort((a, b) => a - b);
  const at = (p: number) => percentile(sorted, p).toFixed(2);
  return `p50 ${at(50)} ms · p95 ${at(95)} ms · p99 ${at(99)} ms · max ${sorted.at(-1)!.toFixed(2)} ms`;
}

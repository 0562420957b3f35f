import type { Timers } from '../../bots/timers.ts';

/** Lets pending promise callbacks (and I/O callbacks already due) run. */
export async function settle(rounds = 10): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((resolve) => setImmediate(resolve));
}

export interface VirtualTimers extends Timers {
  /** When the sleeps still waiting end (manual timers). */
  pending(): number[];
  /** Moves the clock `ms` forward, ending every sleep due meanwhile, earliest first (manual timers). */
  advance(ms: number): Promise<void>;
}

/**
 * A clock for the WhatsApp adapter's waits. `auto`: every sleep moves the clock forward by its
 * length and ends at once, so that minutes of human-like pacing pass in a moment and every
 * recorded time is exact (the outbox sleeps one sleep at a time). Manual: sleeps wait until the
 * test calls `advance`, so that a state in between (a reconnect scheduled) can be looked at.
 */
export function virtualTimers(options: { auto: boolean; start?: number }): VirtualTimers {
  let now = options.start ?? Date.parse('2026-12-01T12:00:00Z');
  const sleepers: { due: number; wake(): void }[] = [];
  return {
    now: () => now,
    sleep(ms, signal) {
      if (options.auto) {
        if (!signal?.aborted) now += Math.max(0, ms);
        return new Promise((resolve) => setImmediate(resolve));
      }
      return new Promise((resolve) => {
        if (signal?.aborted) return resolve();
        const sleeper = {
          due: now + Math.max(0, ms),
          wake: () => {
            const at = sleepers.indexOf(sleeper);
            if (at >= 0) sleepers.splice(at, 1);
            resolve();
          },
        };
        sleepers.push(sleeper);
        signal?.addEventListener('abort', sleeper.wake, { once: true });
      });
    },
    pending: () => sleepers.map((s) => s.due).sort((a, b) => a - b),
    async advance(ms) {
      const target = now + ms;
      for (;;) {
        const next = [...sleepers].sort((a, b) => a.due - b.due)[0];
        if (!next || next.due > target) break;
        now = Math.max(now, next.due);
        next.wake();
        await settle();
      }
      now = target;
      await settle();
    },
  };
}

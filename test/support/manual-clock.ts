import type { Clock } from '../../core/shared/clock.ts';

/** A clock that moves only when a test moves it: lock periods and windows pass without sleeping. */
export interface ManualClock extends Clock {
  set(at: Date): void;
  advance(ms: number): Date;
  advanceDays(days: number): Date;
}

export function manualClock(start: Date = new Date('2026-12-01T12:00:00Z')): ManualClock {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    set(at) { current = at.getTime(); },
    advance(ms) { current += ms; return new Date(current); },
    advanceDays(days) { current += days * 24 * 60 * 60 * 1000; return new Date(current); },
  };
}

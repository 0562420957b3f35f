import v8 from 'node:v8';

/**
 * How far V8 lets the heap grow past what the last full collection kept alive before it
 * collects again, in percent. Left to itself on a machine with gigabytes of memory, V8 picks a
 * factor of up to 4: a server whose live heap is ~60 MB then carries ~200 MB of garbage under
 * load (measured: `start all` peaked at 300–400 MB RSS under redirect load, 56 MB live after a
 * forced collection). At 50% (factor 1.5) the same load peaks under 250 MB, and the extra
 * collections cost no measurable CPU per request (bench/README.md, "Redirect cost model").
 */
export const HEAP_GROWING_PERCENT = 50;

/**
 * Applies {@link HEAP_GROWING_PERCENT} to this process (`0` gives the choice back to V8). V8
 * reads this flag at every full collection, so setting it after start-up takes effect, unlike
 * the heap size flags, which only count on the command line.
 */
export function limitHeapGrowth(percent: number = HEAP_GROWING_PERCENT): void {
  v8.setFlagsFromString(`--heap-growing-percent=${percent}`);
}

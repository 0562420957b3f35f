import v8 from 'node:v8';
import vm from 'node:vm';

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

/**
 * One full collection, once start-up is done. Until its first full collection V8 holds the
 * heap to a start-up limit, not to the live size times the factor above, and start-up (module
 * loading, migrations, the first queries) leaves tens of megabytes of garbage under it: the
 * first seconds of load then took `start all` from 210 to 290 MB RSS before that collection
 * came (seen in about one bench run in three). Collecting here sets the limit from what is
 * really live. Costs one pause of some tens of milliseconds, before the process says it is ready.
 */
export function collectStartUpGarbage(): void {
  // `gc` is exposed to contexts made after the flag is set; this process's own global is left alone.
  v8.setFlagsFromString('--expose-gc');
  (vm.runInNewContext('gc') as () => void)();
}

/** One benchmark: it sets up what it needs, prints human-readable lines, and reports its targets. */
export interface Benchmark {
  readonly name: string;
  readonly description: string;
  /** Runs only when named (`npm run bench -- <name>`), never in the default run. */
  readonly optIn?: boolean;
  run(log: (line: string) => void): Promise<BenchmarkOutcome>;
}

export interface BenchmarkOutcome {
  /** Each target with whether this run met it; printed in the summary, never a failure. */
  targets: { label: string; met: boolean }[];
}

import os from 'node:os';
import { performance } from 'node:perf_hooks';
import type { Benchmark } from './support/benchmark.ts';
import { formatDuration, passOrFail, verdict } from './support/format.ts';
import { clickIngestBenchmark } from './click-ingest.bench.ts';
import { growthBenchmark } from './growth.bench.ts';
import { linkCommandBenchmark } from './link-command.bench.ts';
import { redirectBenchmark } from './redirect.bench.ts';
import { searchBenchmark } from './search.bench.ts';
import { settlementBenchmark } from './settlement.bench.ts';

/** Every benchmark, in the order `npm run bench` runs them (opt-in ones only when named); add new ones here. */
const BENCHMARKS: readonly Benchmark[] = [redirectBenchmark, clickIngestBenchmark, linkCommandBenchmark, settlementBenchmark, searchBenchmark, growthBenchmark];

/**
 * `npm run bench [name ...]`: runs the named benchmarks (all by default), prints their
 * figures as they come, then one summary line per target. Targets never fail the run: the
 * figures are for reading, and they only mean something as ratios measured in the same run.
 */
async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((name) => !BENCHMARKS.some((b) => b.name === name));
  if (unknown.length > 0) {
    console.error(`Unknown benchmark ${unknown.join(', ')}; choose from ${BENCHMARKS.map((b) => b.name).join(', ')}`);
    process.exitCode = 2;
    return;
  }
  const selected = wanted.length > 0 ? BENCHMARKS.filter((b) => wanted.includes(b.name)) : BENCHMARKS.filter((b) => !b.optIn);
  const started = performance.now();
  console.log(`dealcast bench · Node ${process.version} · ${os.cpus().length} cores (${os.cpus()[0]?.model.trim() ?? 'unknown CPU'}) · ${new Date().toISOString()}`);
  console.log(loadLine('at the start'));
  const skipped = BENCHMARKS.filter((b) => b.optIn && !selected.includes(b));
  if (skipped.length > 0) console.log(`opt-in, run only when named: ${skipped.map((b) => b.name).join(', ')} (npm run bench -- ${skipped[0]!.name})`);

  const summary: string[] = [];
  for (const benchmark of selected) {
    console.log(`\n## ${benchmark.name}: ${benchmark.description}`);
    try {
      const outcome = await benchmark.run((line) => console.log(line));
      for (const target of outcome.targets) summary.push(`${passOrFail(target.met)} ${benchmark.name}: ${target.label}`);
    } catch (err) {
      process.exitCode = 1;
      console.error(`${benchmark.name} could not run: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
      summary.push(`${passOrFail(false)} ${benchmark.name}: did not run`);
    }
  }
  const wallMs = performance.now() - started;
  const inBudget = wallMs < RUN_BUDGET_MS;
  console.log(`\nwhole run: ${formatDuration(wallMs)}  ${verdict(inBudget, `< ${formatDuration(RUN_BUDGET_MS)}`)}`);
  console.log(loadLine('at the end'));
  summary.push(`${passOrFail(inBudget)} run: whole run ${formatDuration(wallMs)} (target < ${formatDuration(RUN_BUDGET_MS)} on 2 cores)`);
  console.log('\n## targets');
  for (const line of summary) console.log(line);
}

/** The whole default run fits in ten minutes on 2 cores. */
const RUN_BUDGET_MS = 10 * 60 * 1000;

/** The machine's load beside its core count: figures from a machine loaded past its cores are noisy. */
function loadLine(when: string): string {
  const [one, five, fifteen] = os.loadavg().map((l) => l.toFixed(2));
  return `load average ${when}: ${one} ${five} ${fifteen} (1, 5, 15 min) on ${os.availableParallelism()} cores`;
}

await main();

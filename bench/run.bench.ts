import os from 'node:os';
import type { Benchmark } from './support/benchmark.ts';
import { clickIngestBenchmark } from './click-ingest.bench.ts';
import { linkCommandBenchmark } from './link-command.bench.ts';
import { redirectBenchmark } from './redirect.bench.ts';
import { settlementBenchmark } from './settlement.bench.ts';

/** Every benchmark, in the order `npm run bench` runs them; add new ones here. */
const BENCHMARKS: readonly Benchmark[] = [redirectBenchmark, clickIngestBenchmark, linkCommandBenchmark, settlementBenchmark];

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
  const selected = wanted.length > 0 ? BENCHMARKS.filter((b) => wanted.includes(b.name)) : BENCHMARKS;
  console.log(`dealcast bench · Node ${process.version} · ${os.cpus().length} cores (${os.cpus()[0]?.model.trim() ?? 'unknown CPU'}) · ${new Date().toISOString()}`);

  const summary: string[] = [];
  for (const benchmark of selected) {
    console.log(`\n## ${benchmark.name}: ${benchmark.description}`);
    try {
      const outcome = await benchmark.run((line) => console.log(line));
      for (const target of outcome.targets) summary.push(`${target.met ? '✓' : '✗'} ${benchmark.name}: ${target.label}`);
    } catch (err) {
      process.exitCode = 1;
      console.error(`${benchmark.name} could not run: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
      summary.push(`✗ ${benchmark.name}: did not run`);
    }
  }
  console.log('\n## targets');
  for (const line of summary) console.log(line);
}

await main();

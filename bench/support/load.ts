import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { reapedChildrenCpu } from './cpu.ts';
import { formatCount } from './format.ts';

const AUTOCANNON_CLI = createRequire(import.meta.url).resolve('autocannon/autocannon.js');

export interface LoadOptions {
  url: string;
  connections: number;
  durationSeconds: number;
  headers?: Record<string, string>;
  /** Requests per second across all connections; unlimited when absent. */
  rate?: number;
}

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  total: number;
  byStatus: Record<string, number>;
  errors: number;
  timeouts: number;
  /** Highest resident set size of this process seen while the load ran, in bytes. */
  peakRssBytes: number;
  /** CPU the load generator itself used (user + system), µs: what it took of the cores the servers share. */
  loadGeneratorCpuMicros: number;
}

/**
 * Runs autocannon in a child process, so that the load generator does not share this
 * process's event loop with the servers under test (it still shares the machine's cores:
 * compare only against a baseline measured in the same run). autocannon counts 302 as
 * "non 2xx", so results are read from its status-code table.
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const args = [AUTOCANNON_CLI, '-j', '-n', '-c', String(options.connections), '-d', String(options.durationSeconds)];
  if (options.rate) args.push('-R', String(options.rate));
  for (const [name, value] of Object.entries(options.headers ?? {})) args.push('-H', `${name}=${value}`);
  args.push(options.url);

  const children = reapedChildrenCpu();
  const childrenBefore = (await children.read()).get('children') ?? 0;
  let peakRssBytes = process.memoryUsage.rss();
  const sampler = setInterval(() => { peakRssBytes = Math.max(peakRssBytes, process.memoryUsage.rss()); }, 100);
  try {
    const output = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => { stdout += chunk; });
      child.stderr.on('data', (chunk: Buffer) => { stderr += chunk; });
      child.on('error', reject);
      child.on('close', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`autocannon exited with ${code}: ${stderr.trim()}`))));
    });
    const loadGeneratorCpuMicros = ((await children.read()).get('children') ?? 0) - childrenBefore;
    const result = JSON.parse(output) as AutocannonJson;
    return {
      requestsPerSecond: result.requests.average,
      p50Ms: result.latency.p50,
      p99Ms: result.latency.p99,
      total: result.requests.total,
      byStatus: Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([status, s]) => [status, s.count])),
      errors: result.errors,
      timeouts: result.timeouts,
      peakRssBytes,
      loadGeneratorCpuMicros,
    };
  } finally {
    clearInterval(sampler);
  }
}

interface AutocannonJson {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  statusCodeStats?: Record<string, { count: number }>;
  errors: number;
  timeouts: number;
}

/** req/s, p50, p99 and the answers by status, in one line. */
export function describeLoad(result: LoadResult): string {
  return `${formatCount(result.requestsPerSecond)} req/s, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms (${statusLine(result)})`;
}

function statusLine(result: LoadResult): string {
  const codes = Object.entries(result.byStatus).map(([status, count]) => `${status}: ${formatCount(count)}`).join(', ') || 'no responses';
  return `${codes}${result.errors ? `, ${formatCount(result.errors)} errors` : ''}${result.timeouts ? `, ${formatCount(result.timeouts)} timeouts` : ''}`;
}

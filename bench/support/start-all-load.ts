import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cleanEnv, freePort, runCli, waitForStatus } from '../../test/support/cli-process.ts';
import { processCpu, startCpuMeter } from './cpu.ts';
import type { BenchEnvironment } from './environment.ts';
import { formatMegabytes } from './format.ts';
import { describeLoad, runLoad } from './load.ts';

/** The load `start all` gets: the redirect bench's own. */
export interface StartAllLoad {
  headers: Record<string, string>;
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
}

export interface StartAllRun {
  idleRssBytes: number;
  peakRssBytes: number;
}

/**
 * Runs `dealcast start all` in a child process, on the bench database and its own embedded
 * redis-server (so its queues use the production prefix without touching anyone's Redis),
 * warms it up, loads its redirect for the bench's duration and reads its RSS and CPU from /proc.
 */
export async function loadStartAll(env: BenchEnvironment, code: string, load: StartAllLoad, log: (line: string) => void): Promise<StartAllRun> {
  const { headers, connections } = load;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dealcast-bench-'));
  const port = await freePort();
  const databaseUrl = new URL(process.env.BENCH_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/postgres');
  databaseUrl.pathname = `/${env.databaseName}`;
  const cli = runCli(['start', 'all'], cleanEnv({
    DATABASE_URL: databaseUrl.toString(), PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'error', SECRET_KEY: crypto.randomBytes(32).toString('hex'),
  }));
  const pid = cli.child.pid!;
  try {
    const base = `http://127.0.0.1:${port}`;
    await waitForStatus(`${base}/readyz`, 200, cli);
    const url = `${base}/r/${code}`;
    await runLoad({ url, connections, durationSeconds: load.warmupSeconds, headers });
    const idleRssBytes = processRssBytes(pid) ?? 0;
    let peakRssBytes = idleRssBytes;
    const sampler = setInterval(() => { peakRssBytes = Math.max(peakRssBytes, processRssBytes(pid) ?? 0); }, 100);
    const cpuMeter = await startCpuMeter({ app: processCpu(pid) });
    const result = await runLoad({ url, connections, durationSeconds: load.durationSeconds, headers }).finally(() => clearInterval(sampler));
    const cpu = await cpuMeter.stop();
    const clicks = result.byStatus['302'] ?? 0;
    log(`\`dealcast start all\` (every role in one process, its own redis-server): ${describeLoad(result)}`);
    log(`  ${cpu.app === undefined || clicks === 0 ? '' : `${(cpu.app / clicks).toFixed(1)} µs CPU per click during the load (redirect and worker), `}`
      + `RSS ${formatMegabytes(idleRssBytes)} idle, peak ${formatMegabytes(peakRssBytes)}`);
    return { idleRssBytes, peakRssBytes };
  } finally {
    cli.child.kill('SIGTERM');
    await cli.exited();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** VmRSS of a process from /proc, in bytes. */
function processRssBytes(pid: number): number | undefined {
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? undefined : Number(kb) * 1024;
  } catch {
    return undefined;
  }
}

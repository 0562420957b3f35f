import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, REPO_ROOT } from './cli-process.ts';

// `npm test` on a machine whose PostgreSQL and Redis are not running: the configured addresses
// point at port 1 (nobody listens there, and no server is ever handed it as a free port).
const CLOSED_POSTGRES = 'postgres://root@127.0.0.1:1/postgres';
const CLOSED_REDIS = 'redis://127.0.0.1:1';
const VITEST = path.join(REPO_ROOT, 'node_modules/vitest/vitest.mjs');
const CONFIG = 'test/support/fixtures/services-check.config.ts';
const RUN_TIMEOUT_MS = 120_000;

let base: string;
const children = new Set<ChildProcess>();

beforeAll(() => {
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'dealcast-services-check-'));
  // The throwaway PostgreSQL runs as the postgres user when we are root: it must reach its folder in here.
  fs.chmodSync(base, 0o755);
});
afterAll(() => {
  // Only if a run went wrong: nothing of it may outlive this file.
  for (const child of children) child.kill('SIGKILL');
  for (const pid of processesInFolder(base)) process.kill(pid, 'SIGKILL');
  fs.rmSync(base, { recursive: true, force: true });
});

interface Run {
  readonly code: number | null;
  readonly output: string;
  /** The run's temporary folder (its TMPDIR). */
  readonly tmp: string;
  readonly report: string;
}

/** `vitest run` of the services check with the project's global setup, as `npm test` would run it. */
async function runServicesCheck(env: NodeJS.ProcessEnv): Promise<Run> {
  const tmp = fs.mkdtempSync(path.join(base, 'tmp-'));
  fs.chmodSync(tmp, 0o755);
  const report = path.join(base, `${path.basename(tmp)}.json`);
  const childEnv = cleanEnv({ TMPDIR: tmp, NO_COLOR: '1', SERVICES_CHECK_REPORT: report, ...env });
  delete childEnv.FORCE_COLOR;
  const child = spawn(process.execPath, [VITEST, 'run', '--config', CONFIG], { cwd: REPO_ROOT, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  child.stderr!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  children.delete(child);
  return { code, output, tmp, report };
}

/**
 * The processes that work in `folder`: their working directory is in it (a PostgreSQL server
 * and its backends chdir to their data folder, redis-server to its --dir) or their command line
 * names it (the throwaway services host).
 */
function processesInFolder(folder: string): number[] {
  const inside = (p: string): boolean => p === folder || p.startsWith(`${folder}/`);
  return fs.readdirSync('/proc').filter((entry) => /^\d+$/.test(entry) && Number(entry) !== process.pid).map(Number).filter((pid) => {
    try {
      const cwd = fs.readlinkSync(`/proc/${pid}/cwd`).replace(/ \(deleted\)$/, '');
      return inside(cwd) || fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(folder);
    } catch {
      return false; // gone meanwhile
    }
  });
}

function throwawayFoldersIn(tmp: string): string[] {
  return fs.readdirSync(tmp).filter((name) => name.startsWith('dealcast-test-services-'));
}

async function isListening(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port) });
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

/** PATH as it is, less redis-server: every other program of it linked into one folder. */
function pathWithout(program: string): string {
  const dir = fs.mkdtempSync(path.join(base, 'bin-'));
  for (const from of (process.env.PATH ?? '').split(path.delimiter)) {
    let names: string[];
    try {
      names = fs.readdirSync(from);
    } catch {
      continue;
    }
    for (const name of names) {
      if (name === program || fs.existsSync(path.join(dir, name))) continue;
      fs.symlinkSync(path.join(from, name), path.join(dir, name));
    }
  }
  return dir;
}

describe('npm test where PostgreSQL and Redis are not running', () => {
  it('starts a throwaway PostgreSQL and redis-server that every test file and the processes it spawns use, and leaves nothing behind', async () => {
    const run = await runServicesCheck({ TEST_DATABASE_URL: CLOSED_POSTGRES, TEST_REDIS_URL: CLOSED_REDIS });
    expect(run.code, run.output).toBe(0);
    expect(run.output).toMatch(/Tests\s+1 passed/);

    const report = JSON.parse(fs.readFileSync(run.report, 'utf8')) as { postgresUrl: string; redisUrl: string; migrations: number; seenByChild: string[]; throwawayFolders: string[] };
    expect(new URL(report.postgresUrl).hostname).toBe('127.0.0.1');
    expect(new URL(report.postgresUrl).port).not.toBe('1');
    expect(new URL(report.redisUrl).port).not.toBe('1');
    // The test file's database was cloned from the run's migrated template.
    expect(report.migrations).toBeGreaterThan(0);
    expect(report.seenByChild).toEqual([report.postgresUrl, report.redisUrl]);
    expect(report.throwawayFolders).toHaveLength(1);

    expect(await isListening(report.postgresUrl)).toBe(false);
    expect(await isListening(report.redisUrl)).toBe(false);
    expect(processesInFolder(base)).toEqual([]);
    expect(throwawayFoldersIn(run.tmp)).toEqual([]);
  }, RUN_TIMEOUT_MS);

  it('says in one line that Redis is missing when redis-server is not on PATH, and stops the PostgreSQL it had started', async () => {
    const run = await runServicesCheck({ TEST_DATABASE_URL: CLOSED_POSTGRES, TEST_REDIS_URL: CLOSED_REDIS, PATH: pathWithout('redis-server') });
    expect(run.code).not.toBe(0);
    const complaints = run.output.split('\n').filter((line) => /not reachable|could not be started|refused/.test(line));
    expect(complaints, run.output).toHaveLength(1);
    expect(complaints[0]).toMatch(/Redis is not reachable at 127\.0\.0\.1:1 and no throwaway server could be started: redis-server is not on PATH/);
    // No stack trace: the line is the whole story.
    expect(run.output).not.toMatch(/^\s+(at |❯ )/m);

    expect(processesInFolder(base)).toEqual([]);
    expect(throwawayFoldersIn(run.tmp)).toEqual([]);
  }, RUN_TIMEOUT_MS);
});

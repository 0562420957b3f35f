import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CLI, cleanEnv, REPO_ROOT } from '../support/cli-process.ts';
import { ADMIN_DATABASE_URL, databaseUrl } from '../support/postgres.ts';
import { TEST_REDIS_URL } from '../support/redis.ts';

const created: string[] = [];
let dataDir: string;

beforeAll(() => { dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dealcast-logs-')); });
afterAll(async () => {
  fs.rmSync(dataDir, { recursive: true, force: true });
  await admin(async (client) => { for (const name of created) await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`); });
});

async function admin(run: (client: pg.Client) => Promise<void>): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_DATABASE_URL });
  await client.connect();
  try {
    await run(client);
  } finally {
    await client.end();
  }
}

/** An empty database (named under the run's prefix, so the run's teardown finds it): `migrate` on it logs what it applied. */
async function emptyDatabase(): Promise<string> {
  const name = `${inject('templateDatabase').replace(/_template$/, '')}_logs_${crypto.randomBytes(4).toString('hex')}`;
  await admin(async (client) => { await client.query(`CREATE DATABASE ${name}`); });
  created.push(name);
  return databaseUrl(name);
}

async function migrateEnv(extra: NodeJS.ProcessEnv = {}): Promise<NodeJS.ProcessEnv> {
  return cleanEnv({
    DATABASE_URL: await emptyDatabase(), REDIS_URL: TEST_REDIS_URL, DATA_DIR: dataDir,
    SECRET_KEY: 'logs-test-secret-key-0123456789abcdef', LOG_LEVEL: 'info', LOG_FORMAT: undefined, ...extra,
  });
}

/** Runs the CLI with its stdout on a pipe, as under a process manager or a container runtime. */
function runPiped(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return collect(spawn(process.execPath, [CLI, ...args], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] }));
}

/** Runs the CLI on a pseudo-terminal (util-linux `script`), as a person at a terminal does; what it printed comes back through script. */
function runOnTerminal(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  const command = [process.execPath, CLI, ...args].map((part) => `'${part.replace(/'/g, `'\\''`)}'`).join(' ');
  return collect(spawn('script', ['-qefc', command, '/dev/null'], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] }));
}

function collect(child: ReturnType<typeof spawn>): Promise<{ code: number | null; output: string }> {
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  child.stderr!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })));
}

const lines = (output: string) => output.split(/\r?\n/).filter((line) => line.trim() !== '');
const isJson = (line: string) => { try { return typeof JSON.parse(line) === 'object'; } catch { return false; } };
const withoutColours = (text: string) => text.replace(/\u001b\[[0-9;]*m/g, '');

describe('log format', () => {
  it('writes one JSON object per line when stdout is a pipe', async () => {
    const { code, output } = await runPiped(['migrate'], await migrateEnv());
    expect(code).toBe(0);
    const logLines = lines(output).filter((line) => line.startsWith('{'));
    expect(logLines.length).toBeGreaterThan(0);
    expect(logLines.every(isJson)).toBe(true);
    expect(logLines.map((line) => JSON.parse(line))).toContainEqual(expect.objectContaining({ level: 30, msg: 'database migrated', migrations: expect.any(Array) }));
    expect(output).toContain('database is up to date');
  }, 60_000);

  it('writes readable lines, level and message first, when stdout is a terminal', async () => {
    const { code, output } = await runOnTerminal(['migrate'], await migrateEnv());
    expect(code).toBe(0);
    const text = withoutColours(output);
    expect(text).toMatch(/^\[\d{2}:\d{2}:\d{2}\.\d{3}\] INFO: database migrated$/m);
    expect(lines(text).some((line) => line.startsWith('{"level"'))).toBe(false);
    expect(text).toContain('database is up to date');
  }, 60_000);

  it('follows LOG_FORMAT over what the terminal suggests, both ways', async () => {
    const json = await runOnTerminal(['migrate'], await migrateEnv({ LOG_FORMAT: 'json' }));
    expect(json.code).toBe(0);
    expect(lines(json.output).filter((line) => line.startsWith('{')).map((line) => JSON.parse(line))).toContainEqual(expect.objectContaining({ msg: 'database migrated' }));

    const pretty = await runPiped(['migrate'], await migrateEnv({ LOG_FORMAT: 'pretty' }));
    expect(pretty.code).toBe(0);
    // On a pipe the pretty lines carry no colour codes.
    expect(pretty.output).toMatch(/^\[\d{2}:\d{2}:\d{2}\.\d{3}\] INFO: database migrated$/m);
    expect(pretty.output).not.toContain('\u001b[');
  }, 60_000);

  it('refuses an unknown LOG_FORMAT with one line naming the choices', async () => {
    const { code, output } = await runPiped(['migrate'], cleanEnv({ LOG_FORMAT: 'xml', DATA_DIR: dataDir }));
    expect(code).toBe(2);
    expect(output.trim()).toBe('dealcast: Invalid configuration: LOG_FORMAT must be json or pretty');
  });
});

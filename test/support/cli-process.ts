import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
export const CLI = path.join(REPO_ROOT, 'cli/bin.js');

export interface CliProcess {
  readonly child: ChildProcess;
  stdout(): string;
  stderr(): string;
  exited(): Promise<number | null>;
}

/** Runs the real `dealcast` CLI as a child process with exactly the environment given. */
export function runCli(args: string[], env: NodeJS.ProcessEnv, options: { ownProcessGroup?: boolean } = {}): CliProcess {
  // ownProcessGroup: the CLI leads its own group, as under a terminal, so a test can signal the whole group (Ctrl-C).
  const child = spawn(process.execPath, [CLI, ...args], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: options.ownProcessGroup ?? false });
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk: Buffer) => { out += chunk.toString(); });
  child.stderr!.on('data', (chunk: Buffer) => { err += chunk.toString(); });
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exited: () => exit };
}

/** The environment of this process without any dealcast setting, plus `extra`. */
export function cleanEnv(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(DATABASE_URL|REDIS_URL|PORT|HOST|PUBLIC_URL|DATA_DIR|SECRET_KEY|TELEGRAM_|WHATSAPP_|VITEST|NODE_ENV)/.test(key)) env[key] = value;
  }
  return { ...env, ...extra };
}

export { freeLoopbackPort as freePort } from '../../cli/embedded-redis.ts';

/** Polls `url` until it answers `status`, or fails with what the process printed. */
export async function waitForStatus(url: string, status: number, cli: CliProcess, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exitCode: number | null | undefined;
  void cli.exited().then((code) => { exitCode = code; });
  while (Date.now() < deadline) {
    if (exitCode !== undefined) throw new Error(`CLI exited with ${exitCode}\n${cli.stdout()}\n${cli.stderr()}`);
    try {
      const response = await fetch(url);
      if (response.status === status) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not answer ${status} in time\n${cli.stdout()}\n${cli.stderr()}`);
}

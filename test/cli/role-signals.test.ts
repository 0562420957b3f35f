import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, freePort, runCli, waitForStatus, type CliProcess } from '../support/cli-process.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';
import { TEST_REDIS_URL } from '../support/redis.ts';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.ts';
import { factories } from '../factories/index.ts';
import { createSecretBox } from '../../core/shared/secret-box.ts';

// A supervisor (systemd, Kubernetes, a terminal) stops a role with SIGTERM or SIGINT, to the
// process alone or to its whole group. Each role drains and exits 0 within 10 s; with Redis
// gone meanwhile it still exits instead of retrying forever; a second signal ends it at once.

const TOKEN = 'role-signals-metrics-token-0123456789';
const ROLES = ['api', 'worker', 'bots'] as const;
const PERSON = { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36' };
let database: TestDatabase;
let redisProxy: TcpProxy;
const started: CliProcess[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  const redis = new URL(TEST_REDIS_URL);
  redisProxy = await startTcpProxy({ host: redis.hostname, port: Number(redis.port || 6379) });
});
afterAll(async () => {
  for (const cli of started) {
    try { process.kill(-cli.child.pid!, 'SIGKILL'); } catch { /* gone */ }
  }
  await redisProxy?.close();
  await database?.close();
});

/** Starts one role in a process group of its own; resolves once it serves (the API) or is scrapeable (the others). */
async function startRole(role: (typeof ROLES)[number], redisUrl = TEST_REDIS_URL, port?: number): Promise<CliProcess> {
  port ??= await freePort();
  const metricsPort = await freePort();
  const cli = runCli(['start', role], cleanEnv({
    DATABASE_URL: database.url, REDIS_URL: redisUrl, SECRET_KEY: 'role-signals-secret-key-0123456789abcdef',
    PORT: String(port), METRICS_PORT: String(metricsPort), METRICS_TOKEN: TOKEN, LOG_LEVEL: 'info', LOG_FORMAT: 'json',
  }), { ownProcessGroup: true });
  started.push(cli);
  if (role === 'api') await waitForStatus(`http://127.0.0.1:${port}/readyz`, 200, cli);
  else await waitForStatus(`http://127.0.0.1:${metricsPort}/metrics`, 401, cli);
  return cli;
}

/** The exit code, or 'still running' after `ms`. */
function exitWithin(cli: CliProcess, ms: number): Promise<number | null | 'still running'> {
  return Promise.race([cli.exited(), new Promise<'still running'>((resolve) => setTimeout(() => resolve('still running'), ms))]);
}

const logLines = (cli: CliProcess) => `${cli.stdout()}\n${cli.stderr()}`.split('\n').filter((line) => line.trim() !== '');

describe.each(ROLES)('the %s role', (role) => {
  it('stops with exit 0 within 10 s on SIGTERM to the process alone', async () => {
    const cli = await startRole(role);
    cli.child.kill('SIGTERM');
    expect(await exitWithin(cli, 10_000), cli.stderr().slice(-600)).toBe(0);
    expect(cli.stdout()).toMatch(/"msg":"stopped"/);
  }, 120_000);

  it('stops with exit 0 within 10 s on SIGINT to its whole process group', async () => {
    const cli = await startRole(role);
    process.kill(-cli.child.pid!, 'SIGINT');
    expect(await exitWithin(cli, 10_000), cli.stderr().slice(-600)).toBe(0);
  }, 120_000);
});

describe('Redis going away during shutdown', () => {
  it.each(['api', 'worker'] as const)('does not turn the %s role’s stop into a retry loop: it exits within 10 s and says little', async (role) => {
    redisProxy.restore();
    const cli = await startRole(role, `redis://127.0.0.1:${redisProxy.port}`);
    // A stop of a running role: the worker's metrics answer before its queues are up (the api's /readyz waits for them).
    if (role === 'worker') await expect.poll(() => cli.stdout(), { timeout: 60_000 }).toMatch(/"msg":"worker started/);
    const before = logLines(cli).length;
    redisProxy.cut();
    cli.child.kill('SIGTERM');
    const code = await exitWithin(cli, 10_000);
    expect(code, cli.stdout().slice(-1500)).not.toBe('still running');
    // A few lines about Redis being gone, not one every retry.
    expect(logLines(cli).length - before).toBeLessThan(40);
    redisProxy.restore();
  }, 120_000);

  it('a second signal ends a stop that waits on Redis at once', async () => {
    redisProxy.restore();
    const make = factories(database.db, createSecretBox('role-signals-secret-key-0123456789abcdef'));
    const vendor = await make.vendor();
    const link = await make.link((await make.influencer()).id, (await make.product(await make.brand(vendor.id))).id);
    const port = await freePort();
    const cli = await startRole('api', `redis://127.0.0.1:${redisProxy.port}`, port);
    redisProxy.cut();
    // A click Redis cannot take: the first stop waits for it (up to 5 s) before putting it on disk.
    const redirect = await fetch(`http://127.0.0.1:${port}/r/${link.code}`, { redirect: 'manual', headers: PERSON });
    expect(redirect.status).toBe(302);
    cli.child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await exitWithin(cli, 0), 'the first stop is still waiting').toBe('still running');
    const second = Date.now();
    cli.child.kill('SIGTERM');
    expect(await exitWithin(cli, 2_000)).toBe(1);
    expect(Date.now() - second).toBeLessThan(2_000);
    expect(cli.stdout()).toMatch(/second signal: exiting now/);
    redisProxy.restore();
  }, 120_000);
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanEnv, freePort, runCli, waitForStatus } from '../support/cli-process.ts';

const dataDirs: string[] = [];
afterAll(() => { for (const dir of dataDirs) fs.rmSync(dir, { recursive: true, force: true }); });

function newDataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dealcast-embedded-'));
  dataDirs.push(dir);
  return dir;
}

describe('dealcast start all on the embedded default', () => {
  it('runs on PGlite and a redis-server from PATH, prints one-time credentials, serves the API, and stops cleanly', async () => {
    const dataDir = newDataDir();
    const port = await freePort();
    const env = cleanEnv({ DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'warn' });
    const cli = runCli(['start', 'all'], env);
    const base = `http://127.0.0.1:${port}`;
    await waitForStatus(`${base}/readyz`, 200, cli);

    const ready = await (await fetch(`${base}/readyz`)).json();
    expect(ready).toMatchObject({ status: 'ready', postgres: true, redis: true });
    expect(fs.existsSync(path.join(dataDir, 'pglite'))).toBe(true);
    expect(fs.existsSync(path.join(dataDir, 'redis'))).toBe(true);
    expect(fs.existsSync(path.join(dataDir, 'secret.key'))).toBe(true);

    // The first start prints an admin login and an API token that works against the seeded catalog.
    await expect.poll(() => cli.stdout(), { timeout: 10_000 }).toMatch(/Admin API token\s+(\S+)/);
    const token = /Admin API token\s+(\S+)/.exec(cli.stdout())![1]!;
    expect(cli.stdout()).toMatch(/Admin login\s+admin@dealcast\.local\s+\/\s+\S{8,}/);
    const vendors = await fetch(`${base}/api/v1/admin/vendors`, { headers: { authorization: `Bearer ${token}` } });
    expect(vendors.status).toBe(200);
    const body = (await vendors.json()) as { items: { name: string }[] };
    expect(body.items.map((v) => v.name)).toContain('Demo Marketplace');

    // The demo link redirects a person to the shop.
    const demoLink = /Demo link\s+\S*\/r\/(\S+)/.exec(cli.stdout())![1]!;
    const redirect = await fetch(`${base}/r/${demoLink}`, { redirect: 'manual', headers: { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36' } });
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get('location')).toMatch(/^https:\/\/shop\.example\.com\/item\/.+dc_click=/);

    cli.child.kill('SIGTERM');
    expect(await cli.exited()).toBe(0);

    // A second start finds its data and prints no new credentials.
    const again = runCli(['start', 'all'], env);
    await waitForStatus(`${base}/readyz`, 200, again);
    expect(again.stdout()).not.toMatch(/Admin API token/);
    const stillThere = await fetch(`${base}/api/v1/admin/vendors`, { headers: { authorization: `Bearer ${token}` } });
    expect(stillThere.status).toBe(200);
    again.child.kill('SIGTERM');
    expect(await again.exited()).toBe(0);
  }, 180_000);

  it('stops with one clear line naming both ways out when redis-server is not on PATH', async () => {
    const cli = runCli(['start', 'all'], cleanEnv({ DATA_DIR: newDataDir(), PORT: String(await freePort()), PATH: '/nonexistent' }));
    expect(await cli.exited()).toBe(2);
    const lines = cli.stderr().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/redis-server/);
    expect(lines[0]).toMatch(/REDIS_URL/);
  });

  it('refuses a single role without DATABASE_URL and REDIS_URL, saying why', async () => {
    const cli = runCli(['start', 'worker'], cleanEnv({ DATA_DIR: newDataDir() }));
    expect(await cli.exited()).toBe(2);
    expect(cli.stderr()).toMatch(/DATABASE_URL and REDIS_URL/);
  });

  it('lists every configuration problem in one message', async () => {
    const cli = runCli(['start', 'all'], cleanEnv({ DATA_DIR: newDataDir(), PORT: 'abc', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' }));
    expect(await cli.exited()).toBe(2);
    const message = cli.stderr();
    expect(message).toMatch(/PORT/);
    expect(message).toMatch(/DATABASE_URL/);
    expect(message).toMatch(/LOG_LEVEL/);
  });
});

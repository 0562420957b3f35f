import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type ConfigError } from '../../cli/config.ts';
import { cleanEnv, freePort, runCli, waitForStatus } from '../support/cli-process.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';
import { TEST_REDIS_URL } from '../support/redis.ts';

const TOKEN = 'metrics-port-test-token-0123456789';
let database: TestDatabase;

beforeAll(async () => { database = await createTestDatabase(); });
afterAll(async () => { await database?.close(); });

describe('METRICS_PORT', () => {
  it('makes a role without an HTTP server of its own scrapeable, behind METRICS_TOKEN', async () => {
    const metricsPort = await freePort();
    const cli = runCli(['start', 'bots'], cleanEnv({
      DATABASE_URL: database.url, REDIS_URL: TEST_REDIS_URL, SECRET_KEY: 'metrics-port-secret-key-0123456789abcdef',
      PORT: String(await freePort()), METRICS_PORT: String(metricsPort), METRICS_TOKEN: TOKEN, LOG_LEVEL: 'warn',
    }));
    const url = `http://127.0.0.1:${metricsPort}/metrics`;
    try {
      await waitForStatus(url, 401, cli);
      const scraped = await fetch(url, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(scraped.status).toBe(200);
      expect(scraped.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
      const text = await scraped.text();
      expect(text).toMatch(/^process_cpu_seconds_total \d/m);
      expect(text).toMatch(/^nodejs_eventloop_lag_p99_seconds \d/m);
      expect(text).toMatch(/^dealcast_queue_jobs\{queue="clicks",state="waiting"\} \d+$/m);
      expect(text).toMatch(/^dealcast_queue_figures_up 1$/m);
    } finally {
      cli.child.kill('SIGTERM');
      expect(await cli.exited()).toBe(0);
    }
  }, 90_000);

  it('is refused when it is not a port, and never the API port; a short token is refused too', () => {
    const problems = (env: NodeJS.ProcessEnv) => {
      try {
        loadConfig(env, '/tmp');
        return [];
      } catch (error) {
        return (error as ConfigError).problems;
      }
    };
    expect(problems({ METRICS_PORT: 'nine' })).toEqual(['METRICS_PORT must be an integer 1..65535 (got "nine")']);
    expect(problems({ METRICS_PORT: '3000', PORT: '3000' })).toEqual(['METRICS_PORT must differ from PORT']);
    expect(problems({ METRICS_TOKEN: 'short' })).toEqual(['METRICS_TOKEN must be at least 16 characters']);
    expect(loadConfig({ METRICS_PORT: '9464', METRICS_TOKEN: TOKEN }, '/tmp')).toMatchObject({ metricsPort: 9464, metricsToken: TOKEN });
    expect(loadConfig({}, '/tmp')).toMatchObject({ metricsPort: undefined, metricsToken: undefined, logFormat: undefined });
  });
});

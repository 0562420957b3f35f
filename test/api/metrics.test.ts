import { QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpMetrics } from '../../api/observability/http-metrics.ts';
import { buildMetricsServer } from '../../api/observability/metrics-server.ts';
import { createRedis } from '../../queue/connection.ts';
import { createJobMetrics } from '../../queue/job-metrics.ts';
import { registerQueueFigures, type QueueFigures } from '../../queue/queue-figures.ts';
import { SETTLEMENT_JOBS, SETTLEMENT_QUEUE, startSettlementWorker, type SettlementWorker } from '../../queue/settlement.worker.ts';
import { silentNotifier } from '../../core/notifications/notifications.ts';
import { factories } from '../factories/index.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { TEST_REDIS_URL } from '../support/redis.ts';

const TOKEN = 'metrics-test-token-0123456789';
const BROWSER_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';
const logger = pino({ level: 'silent' });

let t: TestApp;
let registry: Registry;
let figures: QueueFigures;
let workerConnection: Redis;
let settlement: SettlementWorker;
let events: QueueEvents;
let code: string;
/** The scrape's clock runs a minute ahead, so a click waiting since the redirect shows a lag of a minute or more. */
const AHEAD_MS = 60_000;

beforeAll(async () => {
  registry = new Registry();
  t = await createTestApp({ metrics: createHttpMetrics(registry, { scrapeToken: TOKEN }) });
  figures = registerQueueFigures(registry, { connection: t.redis, prefix: t.prefix, cacheMs: 0, now: () => Date.now() + AHEAD_MS });
  workerConnection = createRedis(TEST_REDIS_URL);
  settlement = await startSettlementWorker({
    connection: workerConnection, prefix: t.prefix, db: t.database.db, logger, notifier: silentNotifier,
    schedules: { approve: null, tiers: null, payouts: null },
  });
  createJobMetrics(registry, { redis: t.redis, prefix: t.prefix, logger }).observe(settlement.worker);
  events = new QueueEvents(SETTLEMENT_QUEUE, { connection: t.redis.duplicate(), prefix: t.prefix });
  await events.waitUntilReady();

  const make = factories(t.database.db, t.deps.secretBox);
  const brand = await make.brand((await make.vendor()).id);
  const product = await make.product(brand);
  code = (await make.link((await make.influencer()).id, product.id)).code;
});
afterAll(async () => {
  await events?.close();
  await settlement?.close();
  await figures?.close();
  workerConnection?.disconnect();
  await t?.close();
});

async function scrape(): Promise<string> {
  const response = await t.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
  expect(response.statusCode).toBe(200);
  expect(response.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
  return response.body;
}

/** The value of one series in Prometheus' text format, or undefined when the series is absent. */
function valueOf(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('GET /metrics on the API port', () => {
  it('refuses a scrape without the token, or with another one', async () => {
    const none = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(none.statusCode).toBe(401);
    expect(none.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(none.json()).toMatchObject({ error: { code: 'unauthorized' } });
    const wrong = await t.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer not-the-token' } });
    expect(wrong.statusCode).toBe(401);
  });

  it('counts a redirect by outcome and times it under its route pattern, never its code', async () => {
    const redirected = await t.app.inject({ method: 'GET', url: `/r/${code}`, headers: { 'user-agent': BROWSER_UA } });
    expect(redirected.statusCode).toBe(302);
    const preview = await t.app.inject({ method: 'GET', url: `/r/${code}`, headers: { 'user-agent': 'WhatsApp/2.24.12.78 A' } });
    expect(preview.statusCode).toBe(200);
    const unknown = await t.app.inject({ method: 'GET', url: '/r/nosuchcode', headers: { 'user-agent': BROWSER_UA } });
    expect(unknown.statusCode).toBe(404);

    const text = await scrape();
    expect(valueOf(text, 'dealcast_redirects_total{outcome="redirected"}')).toBe(1);
    expect(valueOf(text, 'dealcast_redirects_total{outcome="preview"}')).toBe(1);
    expect(valueOf(text, 'dealcast_redirects_total{outcome="not_found"}')).toBe(1);
    expect(valueOf(text, 'dealcast_redirect_clicks_not_queued_total')).toBe(0);
    expect(valueOf(text, 'dealcast_http_request_duration_seconds_count{method="GET",route="/r/:code",status_class="3xx"}')).toBe(1);
    expect(valueOf(text, 'dealcast_http_request_duration_seconds_count{method="GET",route="/r/:code",status_class="4xx"}')).toBe(1);
    expect(valueOf(text, 'dealcast_http_request_duration_seconds_bucket{method="GET",route="/r/:code",status_class="3xx",le="+Inf"}')).toBe(1);
    // Labels are route patterns: no link code, click id or address reaches the figures.
    expect(text).not.toContain(code);
    expect(text).not.toContain('nosuchcode');
    expect(text).not.toContain('dc_click');
    expect(text).not.toMatch(/127\.0\.0\.1/);
  });

  it('shows the redirected click waiting in the click queue, and how long it has waited', async () => {
    const text = await scrape();
    expect(valueOf(text, 'dealcast_queue_figures_up')).toBe(1);
    expect(valueOf(text, 'dealcast_queue_jobs{queue="clicks",state="waiting"}')).toBe(1);
    expect(valueOf(text, 'dealcast_queue_jobs{queue="clicks",state="failed"}')).toBe(0);
    expect(valueOf(text, 'dealcast_queue_jobs{queue="settlement",state="waiting"}')).toBe(0);
    expect(valueOf(text, 'dealcast_ingest_lag_seconds')).toBeGreaterThanOrEqual(AHEAD_MS / 1000);
  });

  it('reports a settlement run: its duration by job and outcome, and when it last completed', async () => {
    const before = Date.now();
    const job = await settlement.queue.add(SETTLEMENT_JOBS.approve, {});
    await job.waitUntilFinished(events);

    await expect.poll(async () => valueOf(await scrape(), 'dealcast_scheduled_job_last_run_timestamp_seconds{queue="settlement",job_name="settlement.approve",outcome="completed"}'))
      .toBeGreaterThanOrEqual(Math.floor(before / 1000));
    const text = await scrape();
    expect(valueOf(text, 'dealcast_job_duration_seconds_count{queue="settlement",job_name="settlement.approve",outcome="completed"}')).toBe(1);
    expect(valueOf(text, 'dealcast_job_duration_seconds_count{queue="settlement",job_name="settlement.approve",outcome="failed"}')).toBeUndefined();
    expect(valueOf(text, 'dealcast_scheduled_job_last_run_timestamp_seconds{queue="settlement",job_name="tiers.assign",outcome="completed"}')).toBeUndefined();
  });

  it('carries the process figures of a Node process once they are registered', async () => {
    // The CLI registers Node's default figures on the same registry (cli/process-metrics.ts).
    const { collectDefaultMetrics } = await import('prom-client');
    collectDefaultMetrics({ register: registry });
    expect(valueOf(await scrape(), 'process_resident_memory_bytes')).toBeGreaterThan(0);
  });
});

describe('where /metrics is served', () => {
  it('is not served on the API port without a METRICS_TOKEN, so a public address never shows it', async () => {
    const open = await createTestApp({ metrics: createHttpMetrics(new Registry()) });
    try {
      expect((await open.app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(404);
    } finally {
      await open.close();
    }
  });

  it('is served on the metrics listener, open without a token and closed with one', async () => {
    const own = new Registry();
    createHttpMetrics(own).redirects.preview.inc();
    const open = await buildMetricsServer({ registry: own, token: undefined }, logger);
    const closed = await buildMetricsServer({ registry: own, token: TOKEN }, logger);
    try {
      const scraped = await open.inject({ method: 'GET', url: '/metrics' });
      expect(scraped.statusCode).toBe(200);
      expect(valueOf(scraped.body, 'dealcast_redirects_total{outcome="preview"}')).toBe(1);
      expect((await closed.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
      expect((await closed.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } })).statusCode).toBe(200);
      expect((await open.inject({ method: 'GET', url: '/api/v1/admin/vendors' })).statusCode).toBe(404);
    } finally {
      await open.close();
      await closed.close();
    }
  });
});

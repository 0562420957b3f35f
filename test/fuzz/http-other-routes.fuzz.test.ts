import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import fc from 'fast-check';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app.ts';
import { buildBotEngine, prepareTelegramWebhook } from '../../cli/bot-wiring.ts';
import { systemClock } from '../../core/shared/clock.ts';
import { silentNotifier } from '../../core/notifications/notifications.ts';
import { buildVendorWorld, type VendorWorld } from '../support/admin-world.ts';
import { createTestApp, TEST_PUBLIC_URL, type TestApp } from '../support/app.ts';
import { BotApiEmulator } from '../support/telegram-bot-api.ts';
import { signedInAdmin, type ConsoleSession } from '../api/auth/session-client.ts';
import { anyText, encodeComponent, hostileText, malformedJsonText, rawPathSegment } from './hostile-values.ts';
import { preview, responseProblems } from './response-checks.ts';
import { strangeUpdate, wellFormedUpdate } from './telegram-updates.ts';

// The routes the OpenAPI document does not list: the redirect's headers, Telegram's webhook,
// the console's files, Bull Board, and paths or methods nobody serves. Same rules: below 500,
// refusals as JSON naming the problem (the redirect's, deal pages' and storefronts' 404 is a page), nothing internal leaks.

const RUNS = Number(process.env.FUZZ_RUNS ?? 30);
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
const SECRET_KEY = 'fuzz-webhook-secret-key-0123456789abcdef';
/** Written next to the console's folder: no path under /console/ may ever serve it. */
const OUTSIDE_MARKER = 'OUTSIDE-THE-CONSOLE-7f3a';

let t: TestApp;
let app: FastifyInstance;
let emulator: BotApiEmulator;
let world: VendorWorld;
let session: ConsoleSession;
let webhookSecret: string;
let consoleRoot: string;
const problemsLogged: string[] = [];

beforeAll(async () => {
  t = await createTestApp();
  world = await buildVendorWorld(t, 'other');
  session = await signedInAdmin(t);
  consoleRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'dealcast-fuzz-console-'));
  fs.mkdirSync(path.join(consoleRoot, 'dist', 'assets'), { recursive: true });
  fs.writeFileSync(path.join(consoleRoot, 'dist', 'index.html'), '<!doctype html><title>console</title>');
  fs.writeFileSync(path.join(consoleRoot, 'dist', 'assets', 'app-1a2b3c.js'), 'console.log(1)');
  fs.writeFileSync(path.join(consoleRoot, 'secret.txt'), OUTSIDE_MARKER);
  // Warnings and errors of the bot and the webhook, to tell "answered 200" from "answered 200 after a crash".
  const logger = pino({ level: 'warn' }, new Writable({ write(chunk, _enc, done) { problemsLogged.push(String(chunk)); done(); } }));
  emulator = await BotApiEmulator.start();
  const engine = buildBotEngine({ db: t.database.db, redis: t.redis, redisPrefix: t.prefix, publicUrl: TEST_PUBLIC_URL, clock: systemClock, logger, notifier: silentNotifier });
  const telegram = prepareTelegramWebhook(engine, { token: emulator.token, apiRoot: emulator.apiRoot, publicUrl: TEST_PUBLIC_URL, secretKey: SECRET_KEY }, logger);
  webhookSecret = telegram.webhook.secretToken;
  app = await buildApp({ ...t.deps, logger, telegramWebhook: telegram.webhook, consoleDir: path.join(consoleRoot, 'dist') });
  await app.ready();
  await telegram.register();
});
afterAll(async () => {
  await app?.close();
  await emulator?.close();
  await t?.close();
  if (consoleRoot) fs.rmSync(consoleRoot, { recursive: true, force: true });
});

type Method = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS';

async function call(method: Method, url: string, headers: Record<string, string> = {}, payload?: string): Promise<LightMyRequestResponse> {
  return app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload }) });
}

function expectNoProblems(
  response: LightMyRequestResponse, request: { method: string; url: string; payload?: string; headers?: Record<string, string> },
  options: { htmlErrors?: boolean; libraryErrors?: boolean } = {}, extra: string[] = [],
): void {
  const sent = `${request.url}\n${request.payload ?? ''}\n${Object.values(request.headers ?? {}).join('\n')}`;
  const problems = [...responseProblems(response, sent, { method: request.method, ...options }), ...extra];
  if (problems.length > 0) {
    throw new Error(`${request.method} ${preview(request.url, 300)}: ${problems.join('; ')}\nbody sent: ${preview(request.payload ?? '(none)', 300)}\n`
      + `answer: ${response.statusCode} ${String(response.headers['content-type'] ?? '')} ${preview(response.body)}`);
  }
}

const printable = (max: number) => fc.string({ maxLength: max });

describe('the redirect, whatever the code and the headers', () => {
  it('answers 302 to the shop, 200 preview or a 404 page, never more', async () => {
    const code = fc.oneof(fc.constant(world.link.code), hostileText.map(encodeComponent), rawPathSegment);
    const headers = fc.record({
      'user-agent': fc.oneof(printable(2000), fc.constantFrom('WhatsApp/2.23.20.0', 'facebookexternalhit/1.1', 'TelegramBot (like TwitterBot)', 'Slackbot-LinkExpanding 1.0', '')),
      cookie: fc.oneof(printable(300).map((v) => `dc_vid=${v}`), fc.constant('dc_vid=; dc_vid=x'), printable(300)),
      referer: printable(3000),
      'x-forwarded-for': fc.oneof(fc.ipV4(), fc.ipV6(), printable(60)),
      accept: fc.constantFrom('text/html', '*/*', 'application/json'),
    }, { requiredKeys: [] });
    await fc.assert(fc.asyncProperty(code, headers, fc.constantFrom<Method>('GET', 'HEAD'), async (c, h, method) => {
      const url = `/r/${c}`;
      const response = await call(method, url, h as Record<string, string>);
      // 400 and 414: a URL the router itself cannot read (a broken escape, an over-long code).
      const extra = [200, 302, 400, 404, 414].includes(response.statusCode) ? [] : [`status ${response.statusCode}`];
      // (A code such as ".." is resolved away before routing: /r/.. is / and leads to the console.)
      if (response.statusCode === 302 && c === world.link.code && !String(response.headers.location).startsWith(`https://shop.example/p/SKU-${world.marker}`)) extra.push(`sent to ${String(response.headers.location)}`);
      expectNoProblems(response, { method, url, headers: h as Record<string, string> }, { htmlErrors: true }, extra);
    }), { numRuns: RUNS * 2, seed: SEED });
  });
});

describe("Telegram's webhook", () => {
  it('answers every update carrying the secret 200, and the bot answers the person without a failure logged', async () => {
    await fc.assert(fc.asyncProperty(wellFormedUpdate, async ({ update, chatId, expectsReply }) => {
      const logged = problemsLogged.length;
      const payload = JSON.stringify(update);
      const headers = { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': webhookSecret };
      const response = await call('POST', '/telegram/webhook', headers, payload);
      const extra = response.statusCode === 200 ? [] : [`status ${response.statusCode} to a genuine update`];
      // The bot answers an update after the 200 (Telegram must not wait for the send pacer): give it a moment.
      for (let waited = 0; expectsReply && emulator.messagesTo(chatId).length === 0 && waited < 5_000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
      if (expectsReply && emulator.messagesTo(chatId).length === 0) extra.push('the person got no answer');
      extra.push(...problemsLogged.slice(logged).map((line) => `logged: ${preview(line, 400)}`));
      expectNoProblems(response, { method: 'POST', url: '/telegram/webhook', payload }, {}, extra);
    }), { numRuns: RUNS, seed: SEED });
  }, 60_000);

  it('refuses anything without the secret, and never fails on a body no Telegram server sends', async () => {
    const secret = fc.oneof(fc.constant(undefined), fc.constant(webhookSecret), printable(100), fc.constant(webhookSecret.toUpperCase()));
    const body = fc.oneof(strangeUpdate.map((v) => ({ payload: JSON.stringify(v) ?? 'null', type: 'application/json' })),
      malformedJsonText.map((payload) => ({ payload, type: 'application/json' })),
      hostileText.map((payload) => ({ payload, type: 'text/plain' })));
    await fc.assert(fc.asyncProperty(secret, body, async (s, { payload, type }) => {
      const headers: Record<string, string> = { 'content-type': type, ...(s === undefined ? {} : { 'x-telegram-bot-api-secret-token': s }) };
      const response = await call('POST', '/telegram/webhook', headers, payload);
      const extra = s !== webhookSecret && response.statusCode < 400 ? [`${response.statusCode} without the secret`] : [];
      expectNoProblems(response, { method: 'POST', url: '/telegram/webhook', payload, headers }, {}, extra);
    }), { numRuns: RUNS, seed: SEED });
  }, 60_000);
});

describe('the console, the documentation and Bull Board', () => {
  const segment = fc.oneof(anyText(20).map(encodeComponent), rawPathSegment, fc.constantFrom('..', '%2e%2e', '..%2f..%2fsecret.txt', 'secret.txt', 'app-1a2b3c.js', 'index.html', '.env'));
  const under = (prefix: string) => fc.array(segment, { minLength: 0, maxLength: 5 }).map((parts) => `${prefix}${parts.join('/')}`);

  it('serves its files and pages, and nothing from outside its folder', async () => {
    const url = fc.oneof(under('/console/'), under('/console/assets/'), under('/docs/'), under('/docs/static/'));
    const encoding = fc.oneof(fc.constantFrom('br', 'gzip', 'identity', '*', 'br;q=0, gzip;q=0'), printable(40));
    await fc.assert(fc.asyncProperty(url, encoding, fc.constantFrom<Method>('GET', 'HEAD', 'POST', 'DELETE'), async (u, e, method) => {
      const headers = { 'accept-encoding': e };
      const response = await call(method, u, headers);
      const extra = response.body.includes(OUTSIDE_MARKER) ? ['served a file from outside the console'] : [];
      expectNoProblems(response, { method, url: u, headers }, {}, extra);
    }), { numRuns: RUNS * 2, seed: SEED });
  }, 60_000);

  it('keeps Bull Board for signed-in admins, whatever the path, method and session', async () => {
    const url = under('/admin/queues/');
    const apiUrl = fc.tuple(fc.constantFrom('queues', 'queues/clicks', 'queues/notifications', 'redis/stats', 'job-schedulers'), under('/')).map(([a, b]) => `/admin/queues/api/${a}${b}`);
    const who = fc.constantFrom('admin', 'anonymous', 'forged');
    let admitted = 0;
    await fc.assert(fc.asyncProperty(fc.oneof(url, apiUrl), fc.constantFrom<Method>('GET', 'PUT', 'POST', 'PATCH'), who, fc.option(malformedJsonText, { nil: undefined }), async (u, method, w, payload) => {
      const headers: Record<string, string> = { accept: 'application/json', ...(payload === undefined ? {} : { 'content-type': 'application/json' }) };
      if (w === 'admin') Object.assign(headers, { cookie: `dc_session=${session.cookie}`, origin: 'http://localhost:80' });
      if (w === 'forged') headers.cookie = 'dc_session=forged';
      const response = await call(method, u, headers, method === 'GET' ? undefined : payload);
      const extra = w !== 'admin' && response.statusCode < 400 ? [`${response.statusCode} to ${w}`] : [];
      if (w === 'admin' && ![401, 403].includes(response.statusCode)) admitted += 1;
      // Past our guard the board's own API answers, in the shape its UI reads ({error: {key}}); our refusals are ours.
      expectNoProblems(response, { method, url: u, headers, payload }, { libraryErrors: w === 'admin' }, extra);
    }), { numRuns: RUNS * 2, seed: SEED });
    expect(admitted, 'requests of the signed-in admin the board answered').toBeGreaterThan(0);
  }, 60_000);
});

/** A path as the server routes it: "." and ".." segments resolved (RFC 3986 5.2.4). */
function dotSegmentsRemoved(path: string): string {
  const kept: string[] = [];
  for (const segment of path.split('/').slice(1)) {
    if (segment === '..') kept.pop();
    else if (segment !== '.') kept.push(segment);
  }
  return `/${kept.join('/')}`;
}

describe('paths and methods nobody serves', () => {
  it('answer 404 (or 405) as JSON', async () => {
    const url = fc.array(fc.oneof(anyText(16).map(encodeComponent), rawPathSegment, fc.constantFrom('api', 'v1', 'admin', 'r', 'd', 's', 'telegram', 'webhook', 'healthz', 'metrics')), { minLength: 1, maxLength: 6 })
      .chain((parts) => fc.constantFrom('', '?', `?${parts.join('=')}`).map((query) => `/${parts.join('/')}${query}`));
    const method = fc.constantFrom<Method>('GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS');
    await fc.assert(fc.asyncProperty(url, method, fc.option(hostileText, { nil: undefined }), async (u, m, payload) => {
      const response = await call(m, u, { 'content-type': 'application/json' }, m === 'GET' || m === 'HEAD' ? undefined : payload);
      // The redirect, the deal pages and the storefronts are pages for people: their 404 is a page too.
      expectNoProblems(response, { method: m, url: u, payload }, { htmlErrors: /^\/[rds]\//.test(dotSegmentsRemoved(u.split('?')[0]!)) });
    }), { numRuns: RUNS * 3, seed: SEED });
  });

  it('the probes answer whatever the query and headers', async () => {
    await fc.assert(fc.asyncProperty(fc.constantFrom('/healthz', '/readyz', '/metrics', '/docs', '/docs/json', '/docs/yaml', '/', '/console'), hostileText, printable(200), async (p, q, agent) => {
      const url = `${p}?${encodeComponent(q)}=${encodeComponent(q)}`;
      const response = await call('GET', url, { 'user-agent': agent });
      expectNoProblems(response, { method: 'GET', url, headers: { 'user-agent': agent } });
    }), { numRuns: RUNS, seed: SEED });
  });
});

it('the fuzz reached what it meant to', () => {
  expect(emulator.calls.filter((c) => c.method === 'sendMessage').length).toBeGreaterThan(0);
});

import { buildAppDeps } from '../../cli/app-deps.ts';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify from 'fastify';
import cookie from '@fastify/cookie';
import { pino } from 'pino';
import { buildApp } from '../../api/app.ts';
import { redirectRoutes } from '../../api/redirect/redirect.routes.ts';
import { systemClock } from '../../core/shared/clock.ts';
import { silentNotifier } from '../../core/notifications/notifications.ts';
import { createSecretBox } from '../../core/shared/secret-box.ts';
import { createClickQueue } from '../../queue/clicks.queue.ts';
import { startClickWorker } from '../../queue/clicks.worker.ts';
import { createRedis } from '../../queue/connection.ts';
import { factories } from '../factories/index.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { createTestDatabase } from '../support/postgres.ts';
import { uniqueRedisPrefix } from '../support/redis.ts';

const BROWSER_UA = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';
const PREVIEW_FETCHERS: Record<string, string> = {
  WhatsApp: 'WhatsApp/2.24.12.78 A',
  TelegramBot: 'TelegramBot (like TwitterBot)',
  facebookexternalhit: 'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)',
  Facebot: 'Facebot',
  Twitterbot: 'Twitterbot/1.0',
  Slackbot: 'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)',
  Discordbot: 'Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)',
  LinkedInBot: 'LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)',
  'a generic crawler (isbot)': 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
};
const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const VISITOR_COOKIE = /^dc_vid=([A-Za-z0-9_-]{22});/;

let t: TestApp;
let code: string;
let linkId: string;
let hostileCode: string;

beforeAll(async () => {
  t = await createTestApp();
  const make = factories(t.database.db, t.deps.secretBox);
  const vendor = await make.vendor();
  const brand = await make.brand(vendor.id);
  const product = await make.product(brand, { title: 'Wireless earbuds Pro', price: 4999, currency: 'EUR', url: 'https://shop.example/p/earbuds?color=black&size=m%20l#reviews' });
  await t.database.db.updateTable('products').set({
    description: 'Noise-cancelling earbuds with 30 hours of battery life, USB-C charging and a pocket-sized case that survives drops.',
    image_url: 'https://cdn.shop.example/img/earbuds.jpg',
  }).where('id', '=', product.id).execute();
  const influencer = await make.influencer();
  const link = await make.link(influencer.id, product.id, { channel: 'whatsapp' });
  code = link.code;
  linkId = link.id;
  const hostile = await make.product(brand, { title: '<script>alert("x")</script> & \'quotes\'', url: 'https://shop.example/p/x?a="b"' });
  hostileCode = (await make.link(influencer.id, hostile.id)).code;
});
afterAll(async () => {
  await t?.close();
});

/** Every click the redirect has put on the queue so far (no worker runs until the last test). */
async function queuedClicks() {
  const jobs = await t.clickQueue.queue.getJobs(['waiting', 'active', 'delayed', 'completed']);
  return jobs.flatMap((job) => job.data.clicks);
}

function tap(headers: Record<string, string> = {}, url = `/r/${code}`) {
  return t.app.inject({ method: 'GET', url, headers: { 'user-agent': BROWSER_UA, ...headers }, remoteAddress: '198.51.100.23' });
}

describe('GET /r/:code for a person', () => {
  it('redirects to the product with a click id, keeps the shop\'s parameters, sets the visitor cookie and queues the click', async () => {
    const before = (await queuedClicks()).length;
    const response = await tap({ referer: 'https://web.whatsapp.com/' });

    expect(response.statusCode).toBe(302);
    expect(response.headers['cache-control']).toBe('no-store');
    const location = String(response.headers.location);
    const clickId = new URL(location).searchParams.get('dc_click')!;
    expect(clickId).toMatch(UUID_V7);
    // The vendor's own query is kept byte for byte and the fragment stays last.
    expect(location).toBe(`https://shop.example/p/earbuds?color=black&size=m%20l&dc_click=${clickId}#reviews`);

    const cookie = String(response.headers['set-cookie']);
    const visitorId = VISITOR_COOKIE.exec(cookie)?.[1];
    expect(visitorId).toBeDefined();
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Max-Age=\d{8}/);

    const queued = await queuedClicks();
    expect(queued).toHaveLength(before + 1);
    const click = queued.find((c) => c.id === clickId)!;
    expect(click).toMatchObject({ linkId, visitorId, userAgent: BROWSER_UA, referer: 'https://web.whatsapp.com/' });
    // The IP is kept only as a salted hash.
    expect(click.ipHash).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(JSON.stringify(queued)).not.toContain('198.51.100.23');
  });

  it('recognises a returning visitor by the cookie and replaces a tampered cookie', async () => {
    const first = await tap();
    const visitorId = VISITOR_COOKIE.exec(String(first.headers['set-cookie']))![1]!;

    const again = await tap({ cookie: `dc_vid=${visitorId}` });
    expect(again.statusCode).toBe(302);
    expect(again.headers['set-cookie']).toBeUndefined();
    const againId = new URL(String(again.headers.location)).searchParams.get('dc_click');
    expect((await queuedClicks()).find((c) => c.id === againId)?.visitorId).toBe(visitorId);

    // A tampered cookie is not taken: the visitor is recognised by address and browser string
    // again, which is the same person as the first tap.
    const tampered = await tap({ cookie: 'dc_vid=../../admin' });
    expect(tampered.statusCode).toBe(302);
    expect(VISITOR_COOKIE.exec(String(tampered.headers['set-cookie']))?.[1]).toBe(visitorId);
    expect(String(tampered.headers['set-cookie'])).not.toContain('admin');
  });

  it('gives every tap its own click id', async () => {
    const ids = new Set<string>();
    for (let i = 0; i < 5; i++) ids.add(new URL(String((await tap()).headers.location)).searchParams.get('dc_click')!);
    expect(ids.size).toBe(5);
  });
});

describe('link previews', () => {
  it.each(Object.entries(PREVIEW_FETCHERS))('%s gets the OpenGraph page and is not counted', async (_name, userAgent) => {
    const before = (await queuedClicks()).length;
    const response = await t.app.inject({ method: 'GET', url: `/r/${code}`, headers: { 'user-agent': userAgent } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['set-cookie']).toBeUndefined();
    expect(response.body).toContain('<meta property="og:title" content="Wireless earbuds Pro">');
    expect((await queuedClicks()).length).toBe(before);
  });

  it('answers HEAD with the preview headers, even from a browser, and does not count it', async () => {
    const before = (await queuedClicks()).length;
    const response = await t.app.inject({ method: 'HEAD', url: `/r/${code}`, headers: { 'user-agent': BROWSER_UA } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers.location).toBeUndefined();
    expect(response.body).toBe('');
    expect((await queuedClicks()).length).toBe(before);
  });

  it('follows WhatsApp\'s preview rules: title, ~80-char description, canonical URL and https image early in <head>', async () => {
    const response = await t.app.inject({ method: 'GET', url: `/r/${code}?utm_source=x&dc_click=abc`, headers: { 'user-agent': PREVIEW_FETCHERS.WhatsApp! } });
    const html = response.body;
    const head = html.slice(html.indexOf('<head>'), html.indexOf('</head>'));
    const meta = (key: string) => new RegExp(`<meta (?:property|name)="${key}" content="([^"]*)">`).exec(head)?.[1];

    expect(html.indexOf('<head>')).toBeLessThan(100);
    expect(meta('og:title')).toBe('Wireless earbuds Pro');
    const description = meta('og:description')!;
    expect(description.length).toBeGreaterThan(40);
    expect([...description].length).toBeLessThanOrEqual(80);
    expect(description.startsWith('Noise-cancelling earbuds')).toBe(true);
    // Canonical: the short link itself, never the tracking parameters of this request.
    expect(meta('og:url')).toBe(`https://dc.test/r/${code}`);
    expect(meta('og:image')).toBe('https://cdn.shop.example/img/earbuds.jpg');
    expect(meta('og:type')).toBe('product');
    expect(meta('twitter:card')).toBe('summary_large_image');
    expect(meta('product:price:amount')).toBe('49.99');
    expect(meta('product:price:currency')).toBe('EUR');
  });

  it('keeps the price of a link cached by the previous version, which stored it as a string', async () => {
    await t.app.inject({ method: 'HEAD', url: `/r/${code}` });
    const cached = JSON.parse((await t.redis.get(`${t.prefix}:link:${code}`))!) as Record<string, unknown>;
    const make = factories(t.database.db, t.deps.secretBox);
    const older = await make.link((await make.influencer()).id, (await t.database.db.selectFrom('links').select('product_id').where('id', '=', linkId).executeTakeFirstOrThrow()).product_id);
    await t.redis.set(`${t.prefix}:link:${older.code}`, JSON.stringify({ ...cached, price: '1250', description: null }), 'EX', 60);
    const response = await t.app.inject({ method: 'GET', url: `/r/${older.code}`, headers: { 'user-agent': PREVIEW_FETCHERS.WhatsApp! } });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('<meta property="product:price:amount" content="12.50">');
    // Without a description, the preview's text leads with the price.
    expect(response.body).toMatch(/<meta property="og:description" content="[^"]*12[.,]50/);
  });

  it('escapes product text so that a hostile title cannot inject markup', async () => {
    const response = await t.app.inject({ method: 'GET', url: `/r/${hostileCode}`, headers: { 'user-agent': PREVIEW_FETCHERS.Twitterbot! } });
    expect(response.statusCode).toBe(200);
    expect(response.body).not.toContain('<script>');
    expect(response.body).toContain('content="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;"');
    expect(response.body).toContain('href="https://shop.example/p/x?a=%22b%22"');
  });
});

describe('codes that lead nowhere', () => {
  it.each([
    ['an unknown code', '/r/ZZZZZZZZZZ'],
    ['a code too short', '/r/abc'],
    ['a code too long', `/r/${'A'.repeat(40)}`],
    ['a code with punctuation', '/r/abc-def.ghi'],
    ['an encoded path', '/r/..%2F..%2Fetc%2Fpasswd'],
    ['a NUL byte', '/r/abcdef%00gh'],
  ])('%s gets the 404 page and nothing is queued', async (_name, url) => {
    const before = (await queuedClicks()).length;
    const response = await tap({}, url);
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.body).toContain('This link does not exist');
    expect(response.headers['set-cookie']).toBeUndefined();
    expect((await queuedClicks()).length).toBe(before);
  });

  it('does not look up a malformed code, and remembers an unknown one for a while', async () => {
    await tap({}, '/r/abc-def.ghi');
    await tap({}, '/r/YYYYYYYYYY');
    expect(await t.redis.exists(`${t.prefix}:link:abc-def.ghi`)).toBe(0);
    expect(await t.redis.get(`${t.prefix}:link:YYYYYYYYYY`)).toBe('-');
  });
});

describe('stored clicks', () => {
  it('are exactly the taps: the worker stores each dc_click, and no preview or 404 left a row', async () => {
    const taps: string[] = [];
    for (let i = 0; i < 3; i++) taps.push(new URL(String((await tap()).headers.location)).searchParams.get('dc_click')!);
    await t.app.inject({ method: 'GET', url: `/r/${code}`, headers: { 'user-agent': PREVIEW_FETCHERS.WhatsApp! } });
    const queued = (await queuedClicks()).map((c) => c.id);

    const worker = await startClickWorker({ connection: t.redis, prefix: t.prefix, db: t.database.db, logger: t.deps.logger });
    try {
      await expect.poll(() => t.clickQueue.isIdle(), { timeout: 20_000, interval: 20 }).toBe(true);
    } finally {
      await worker.close();
    }
    const stored = await t.database.db.selectFrom('clicks').select('id').execute();
    expect(stored.map((r) => r.id).sort()).toEqual([...queued].sort());
    expect(queued).toEqual(expect.arrayContaining(taps));
  });
});

describe('when Redis is down', () => {
  it('still sends the person to the shop (from PostgreSQL) and logs that the click was not queued', async () => {
    const database = await createTestDatabase();
    const logLines: string[] = [];
    const logger = pino({ level: 'warn' }, new Writable({ write(chunk, _enc, done) { logLines.push(String(chunk)); done(); } }));
    // Nothing listens on port 1: the connection never becomes ready.
    const redis = createRedis('redis://127.0.0.1:1', { retryStrategy: () => 200 });
    redis.on('error', () => undefined);
    const clickQueue = createClickQueue({ connection: redis, prefix: uniqueRedisPrefix(), closeTimeoutMs: 50 });
    const deps = buildAppDeps({
      db: database.db, redis, clicks: clickQueue.sink, secretBox: createSecretBox('test-secret-key-test-secret-key-0000'),
      clock: systemClock, logger, publicUrl: 'https://dc.test', ipHashKey: 'k', redisPrefix: uniqueRedisPrefix(), notifier: silentNotifier,
    });
    const app = await buildApp(deps);
    try {
      const make = factories(database.db, deps.secretBox);
      const vendor = await make.vendor();
      const product = await make.product(await make.brand(vendor.id), { url: 'https://shop.example/down' });
      const link = await make.link((await make.influencer()).id, product.id);

      const response = await app.inject({ method: 'GET', url: `/r/${link.code}`, headers: { 'user-agent': BROWSER_UA } });
      expect(response.statusCode).toBe(302);
      expect(String(response.headers.location)).toMatch(/^https:\/\/shop\.example\/down\?dc_click=[0-9a-f-]{36}$/);
      expect(logLines.join('')).toContain('click not durably queued');
    } finally {
      await app.close();
      await clickQueue.close();
      redis.disconnect();
      await database.close();
    }
  });
});

describe('when PostgreSQL goes away', () => {
  it('still sends people to the shop for a link it already knew, even after the cache entry expired', async () => {
    const database = await createTestDatabase();
    const redis = createRedis('redis://127.0.0.1:1', { retryStrategy: () => 200 });
    const clickQueue = createClickQueue({ connection: redis, prefix: uniqueRedisPrefix(), closeTimeoutMs: 50 });
    const deps = buildAppDeps({
      ...t.deps, db: database.db, redis, clicks: clickQueue.sink, logger: pino({ level: 'silent' }), redisPrefix: uniqueRedisPrefix(),
    });
    // Entries expire at once, so that every request would go to PostgreSQL.
    const app = Fastify();
    await app.register(cookie);
    await app.register(redirectRoutes(deps, { localTtlMs: 0 }));
    try {
      const make = factories(database.db, deps.secretBox);
      const vendor = await make.vendor();
      const product = await make.product(await make.brand(vendor.id), { url: 'https://shop.example/known' });
      const link = await make.link((await make.influencer()).id, product.id);
      const before = await app.inject({ method: 'GET', url: `/r/${link.code}`, headers: { 'user-agent': BROWSER_UA } });
      expect(before.statusCode).toBe(302);

      await database.close();
      const during = await app.inject({ method: 'GET', url: `/r/${link.code}`, headers: { 'user-agent': BROWSER_UA } });
      expect(during.statusCode).toBe(302);
      expect(String(during.headers.location)).toMatch(/^https:\/\/shop\.example\/known\?dc_click=/);
    } finally {
      await app.close();
      await clickQueue.close();
      redis.disconnect();
    }
  });
});

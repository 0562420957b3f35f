import { pino } from 'pino';
import { QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEAL_ALERTS_JOB } from '../../core/alerts/alert-delivery.service.ts';
import { translator } from '../../core/i18n/translator.ts';
import { createRedis } from '../../queue/connection.ts';
import { DEAL_ALERTS_QUEUE, startDealAlertsWorker } from '../../queue/deal-alerts.worker.ts';
import type { ScheduledWorker } from '../../queue/scheduled-worker.ts';
import { deleteRedisPrefix, TEST_REDIS_URL, uniqueRedisPrefix } from '../support/redis.ts';
import { buttonsOf, textOf, type BotApiCall, type TelegramUser } from '../support/telegram-bot-api.ts';
import { createTelegramStack, type TelegramStack } from '../support/telegram-stack.ts';
import { sendSigned } from '../support/vendor.ts';

// A price drop, from the vendor's catalog push to the followers' chats: through the real
// notifications queue on real Redis to the Bot API emulator, with the alerts job's clock in the
// test's hands (the events carry the database's time, the job reads `now`).

let s: TelegramStack;
let vendor: Awaited<ReturnType<TelegramStack['make']['vendor']>>;
let lumio: { id: string; vendor_id: string; slug: string; name: string };
let nordic: { id: string; vendor_id: string; slug: string; name: string };
const ids: Record<string, string> = {};
let now = new Date();
// Times of the next day in Paris, whatever the season (UTC+1 in winter, UTC+2 in summer).
const tomorrow = new Date(Date.now() + 24 * 3600_000);
const noonUtc = Date.UTC(tomorrow.getUTCFullYear(), tomorrow.getUTCMonth(), tomorrow.getUTCDate(), 12);
const parisOffsetHours = Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', hour: '2-digit', hourCycle: 'h23' }).format(noonUtc)) - 12;
const parisAt = (hour: number, minutes: number) => new Date(noonUtc + ((hour - parisOffsetHours - 12) * 60 + minutes) * 60_000);
const workers: ScheduledWorker[] = [];
const connections: Redis[] = [];
let events: QueueEvents;
const prefix = uniqueRedisPrefix();

const emma: TelegramUser = { id: 6_200_001, first_name: 'Emma', language_code: 'en' };
const camille: TelegramUser = { id: 6_200_002, first_name: 'Camille', language_code: 'fr' };
const olek: TelegramUser = { id: 6_200_003, first_name: 'Olek', language_code: 'pl' };

async function onTelegram(user: TelegramUser, language: string, country: string) {
  const influencer = await s.make.influencer({ displayName: user.first_name, language, country });
  await s.app.database.db.insertInto('influencer_identities')
    .values({ influencer_id: influencer.id, channel: 'telegram', external_id: String(user.id), chat_id: String(user.id) }).execute();
  await s.app.database.db.updateTable('influencers').set({ terms_accepted_at: new Date() }).where('id', '=', influencer.id).execute();
  return influencer.id;
}

const seen = new Map<number, number>();
/** The bot's next messages to a person (after the ones already read). */
async function next(user: TelegramUser, count = 1): Promise<BotApiCall[]> {
  const after = seen.get(user.id) ?? 0;
  const messages = await s.emulator.waitForMessages(user.id, count, { after });
  seen.set(user.id, after + count);
  return messages;
}

async function say(user: TelegramUser, text: string): Promise<BotApiCall> {
  s.emulator.sendText(user, text);
  return (await next(user))[0]!;
}

/** One run of the alerts job on each given worker at once; their results. */
async function runJob(on: ScheduledWorker[] = [workers[0]!]): Promise<{ followers: number; deals: number }[]> {
  const jobs = await Promise.all(on.map((w) => w.queue.add(DEAL_ALERTS_JOB, {})));
  return Promise.all(jobs.map((job) => job.waitUntilFinished(events, 30_000) as Promise<{ followers: number; deals: number }>));
}

/** Waits until every notification queued so far has been sent (or given up). */
async function notificationsSent(): Promise<void> {
  for (;;) {
    const counts = await s.notifications.queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children');
    if (Object.values(counts).every((n) => n === 0)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const alertsTo = (user: TelegramUser) => s.emulator.messagesTo(user.id).filter((m) => textOf(m).startsWith('🔔') && textOf(m).includes('📉'));

async function push(products: { sku: string; brand: string; title: string; price: number; currency?: string }[]) {
  const response = await sendSigned(s.app.app, vendor.credentials, {
    method: 'PUT', url: '/api/v1/catalog/products',
    body: { products: products.map((p) => ({ ...p, currency: p.currency ?? 'EUR', url: `https://shop.example/p/${p.sku}` })) },
  });
  expect(response.statusCode, response.body).toBe(200);
}

beforeAll(async () => {
  s = await createTelegramStack();
  vendor = await s.make.vendor({ name: 'Shenzhen Gadgets' });
  lumio = await s.make.brand(vendor.id, { name: 'Lumio Home', autoApprove: true });
  nordic = await s.make.brand(vendor.id, { name: 'Nordic Bags', autoApprove: true });
  await push([
    { sku: 'LAMP', brand: lumio.slug, title: 'Lumio smart desk lamp', price: 4999 },
    { sku: 'BULB', brand: lumio.slug, title: 'Lumio bulb', price: 999 },
    { sku: 'BAG', brand: nordic.slug, title: 'Nordic weekender bag', price: 8999 },
  ]);
  for (const row of await s.app.database.db.selectFrom('products').select(['id', 'sku']).execute()) ids[row.sku] = row.id;
  ids.emma = await onTelegram(emma, 'en', 'GB');
  ids.camille = await onTelegram(camille, 'fr', 'FR');
  ids.olek = await onTelegram(olek, 'pl', 'PL');
  const logger = pino({ level: 'silent' });
  for (let i = 0; i < 2; i++) {
    const connection = createRedis(TEST_REDIS_URL);
    connections.push(connection);
    workers.push(await startDealAlertsWorker({
      connection, prefix, db: s.app.database.db, logger, notifier: s.notifications.notifier, now: () => now, schedule: null,
    }));
  }
  const eventsConnection = createRedis(TEST_REDIS_URL);
  connections.push(eventsConnection);
  events = new QueueEvents(DEAL_ALERTS_QUEUE, { connection: eventsConnection, prefix });
  await events.waitUntilReady();
});

afterAll(async () => {
  for (const w of workers) await w.close();
  await events?.close();
  await s?.close();
  await deleteRedisPrefix(prefix);
  for (const c of connections) c.disconnect();
});

describe('deal alerts, from a price drop to the followers’ chats', () => {
  it('follows and unfollows from chat, and chooses "as it happens" with a tap', async () => {
    const en = translator('en');
    const fr = translator('fr');
    expect(textOf(await say(emma, `/follow ${lumio.slug}`))).toBe(en.t('follow.added', { name: 'Lumio Home', when: en.t('follow.whenDaily') }));
    const summary = await say(emma, '/alerts');
    expect(textOf(summary)).toContain('• Lumio Home');
    const instant = buttonsOf(summary).find((b) => b.text === en.t('alerts.buttonInstant'));
    expect(instant?.callback_data).toBe('/alerts instant');
    s.emulator.pressButton(emma, instant!.callback_data!);
    expect(textOf((await next(emma))[0]!)).toBe(en.t('alerts.changed', { frequency: en.t('alerts.frequencyInstant') }));

    // A brand by its name, in French; and words that are no keyword get a polite answer.
    expect(textOf(await say(camille, '/follow lumio home'))).toBe(fr.t('follow.added', { name: 'Lumio Home', when: fr.t('follow.whenDaily') }));
    expect(textOf(await say(camille, '/follow $$$'))).toBe(fr.t('follow.invalid', { input: '$$$' }));

    const pl = translator('pl');
    await say(olek, `/follow ${nordic.slug}`);
    await say(olek, `/follow ${lumio.slug}`);
    const choices = await say(olek, '/unfollow');
    expect(buttonsOf(choices).map((b) => b.callback_data)).toEqual([`/unfollow ${nordic.slug}`, `/unfollow ${lumio.slug}`]);
    s.emulator.pressButton(olek, `/unfollow ${nordic.slug}`);
    expect(textOf((await next(olek))[0]!)).toBe(pl.t('unfollow.done', { name: 'Nordic Bags' }));
    await say(olek, '/alerts off');
  });

  it('records a drop, and no event for a rise, from one catalog push', async () => {
    await push([
      { sku: 'LAMP', brand: lumio.slug, title: 'Lumio smart desk lamp', price: 3999 },
      { sku: 'BULB', brand: lumio.slug, title: 'Lumio bulb', price: 1299 },
      { sku: 'BAG', brand: nordic.slug, title: 'Nordic weekender bag', price: 6999 },
    ]);
    const drops = await s.app.database.db.selectFrom('deal_events').select(['product_id', 'old_price', 'new_price'])
      .where('kind', '=', 'price_drop').orderBy('product_id').execute();
    expect(drops).toEqual([
      { product_id: ids.LAMP, old_price: '4999', new_price: '3999' },
      { product_id: ids.BAG, old_price: '8999', new_price: '6999' },
    ].sort((a, b) => Number(a.product_id) - Number(b.product_id)));
  });

  it('tells "as it happens" followers at the next run, once however many runs and workers', async () => {
    now = parisAt(8, 30);
    const [first] = await runJob();
    expect(first).toEqual({ followers: 1, deals: 1 });
    const [alert] = await next(emma);
    const en = translator('en');
    expect(textOf(alert!)).toContain(en.t('alerts.itemDrop', {
      title: 'Lumio smart desk lamp', brand: 'Lumio Home', price: en.money(3999, 'EUR'), oldPrice: en.money(4999, 'EUR'), drop: en.percent(20),
    }));
    expect(buttonsOf(alert!)).toEqual([{ text: en.t('alerts.makeLink', { title: 'Lumio smart desk lamp' }), callback_data: `/link #${ids.LAMP}` }]);

    // Two workers at once, then again: nothing more is claimed.
    now = new Date(now.getTime() + 5 * 60_000);
    expect(await runJob(workers)).toEqual([{ followers: 0, deals: 0 }, { followers: 0, deals: 0 }]);
    await notificationsSent();
    expect(alertsTo(emma)).toHaveLength(1);
  });

  it('makes the tracked link with one tap on the alert', async () => {
    const [alert] = alertsTo(emma);
    s.emulator.pressButton(emma, buttonsOf(alert!)[0]!.callback_data!, undefined, alert);
    const [card] = await next(emma, 1);
    const code = /https:\/\/dc\.test\/r\/([0-9A-Za-z]+)/.exec(textOf(card!))?.[1];
    expect(code).toBeDefined();
    const link = await s.app.database.db.selectFrom('links').select(['influencer_id', 'product_id']).where('code', '=', code!).executeTakeFirstOrThrow();
    expect(link).toEqual({ influencer_id: ids.emma, product_id: ids.LAMP });
  });

  it('sends the daily digest in French, not before 9:00 Paris time, once', async () => {
    // The run of 08:30 Paris time told Emma only (above); another at 08:55 tells nobody.
    now = parisAt(8, 55);
    expect(await runJob()).toEqual([{ followers: 0, deals: 0 }]);
    now = parisAt(9, 30);
    const results = await runJob(workers);
    expect(results.map((r) => r.followers).sort()).toEqual([0, 1]);
    const [digest] = await next(camille);
    const fr = translator('fr');
    expect(textOf(digest!)).toContain(fr.t('alerts.itemDrop', {
      title: 'Lumio smart desk lamp', brand: 'Lumio Home', price: fr.money(3999, 'EUR'), oldPrice: fr.money(4999, 'EUR'), drop: fr.percent(20),
    }));
    expect(buttonsOf(digest!)[0]?.callback_data).toBe(`/link #${ids.LAMP}`);

    now = parisAt(9, 40);
    expect(await runJob()).toEqual([{ followers: 0, deals: 0 }]);
    await notificationsSent();
    expect(alertsTo(camille)).toHaveLength(1);
    // The Nordic drop reached nobody: its only follower unfollowed it (and turned alerts off).
    expect(alertsTo(olek)).toHaveLength(0);
    expect(await s.app.database.db.selectFrom('deal_alert_deliveries').select('influencer_id').where('influencer_id', '=', ids.olek!).execute()).toEqual([]);
  });
});

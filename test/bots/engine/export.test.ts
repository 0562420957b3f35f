import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BotEngine, IncomingMessage, Reply } from '../../../bots/engine/index.ts';
import { buildBotEngine } from '../../../cli/bot-wiring.ts';
import { translator } from '../../../core/i18n/translator.ts';
import { silentNotifier } from '../../../core/notifications/notifications.ts';
import type { InfluencerDataExport } from '../../../core/privacy/data-export.ts';
import { adminClient, type AdminClient } from '../../api/admin/admin-client.ts';
import { factories } from '../../factories/index.ts';
import { createTestApp, type TestApp } from '../../support/app.ts';
import { manualClock } from '../../support/manual-clock.ts';
import { sellThrough } from '../../support/money.ts';
import { personWithMoney, type PersonWithMoney } from '../../support/person-with-money.ts';

// `/export`: the influencer gets a JSON file with everything kept about them (profile, chat
// accounts, links and their click counts, orders, commissions, payouts, balance) and nothing
// about anyone else: not their recruit, not the people who clicked, not the buyers.

const clock = manualClock(new Date('2026-11-02T10:00:00Z'));
const pl = translator('pl');
const PUBLIC_URL = 'https://dc.test';
let t: TestApp;
let admin: AdminClient;
let engine: BotEngine;
let person: PersonWithMoney;
/** What belongs to other people and must not be in the person's file. */
const othersData: string[] = [];

beforeAll(async () => {
  t = await createTestApp({ clock });
  admin = await adminClient(t, 'admin');
  engine = buildBotEngine({
    db: t.database.db, redis: t.redis, redisPrefix: t.prefix, publicUrl: PUBLIC_URL, clock,
    logger: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }), notifier: silentNotifier, rateLimit: { max: 10_000, windowMs: 60_000 },
  });
  person = await personWithMoney(t, admin, engine, clock);
  const db = t.database.db;
  const make = factories(db, t.deps.secretBox);

  // A recruit of theirs sells: the person earns an override, and sees none of the recruit's data.
  const recruitSender = String(6_100_000_000 + Number(person.sender.slice(-6)));
  const recruitSay = (text: string) => engine.handle({ channel: 'telegram', senderId: recruitSender, chatId: recruitSender, chatType: 'private', text, languageHint: 'en' });
  for (const text of [`/start ref_${person.recruitCode}`, 'Recruit Rafael', 'ES', '/accept']) await recruitSay(text);
  const recruit = await db.selectFrom('influencer_identities').innerJoin('influencers', 'influencers.id', 'influencer_identities.influencer_id')
    .select(['influencers.id', 'influencers.recruit_code']).where('external_id', '=', recruitSender).executeTakeFirstOrThrow();
  const vendor = await make.vendor();
  const brand = await make.brand(vendor.id, { lockDays: 1, commissionRateBps: 2000 });
  const product = await make.product(brand, { currency: 'EUR', title: 'Rafael’s pick' });
  const recruitLink = await make.link(recruit.id, product.id, { groupLabel: 'Rafael family' });
  await sellThrough(db, clock, { vendorId: vendor.id, link: recruitLink, orderId: 'RECRUIT-ORDER-77', amount: 30_000, currency: 'EUR' });
  clock.advanceDays(2);
  expect((await admin.call('POST', '/commissions/approvals', {})).status).toBe(200);

  // Clicks as the daily rollups count them: the person's link, and the recruit's.
  const personLink = await db.selectFrom('links').selectAll().where('code', '=', person.linkCode).executeTakeFirstOrThrow();
  await db.insertInto('click_rollups_daily').values([
    { day: '2026-11-02', link_id: personLink.id, influencer_id: person.influencerId, product_id: personLink.product_id, clicks_total: 5, clicks_counted: 3 },
    { day: '2026-11-03', link_id: personLink.id, influencer_id: person.influencerId, product_id: personLink.product_id, clicks_total: 7, clicks_counted: 4 },
    { day: '2026-11-03', link_id: recruitLink.id, influencer_id: recruit.id, product_id: product.id, clicks_total: 40, clicks_counted: 31 },
  ]).execute();
  const clicks = await db.selectFrom('clicks').select(['id', 'visitor_id']).where('link_id', '=', personLink.id).execute();
  othersData.push('Recruit Rafael', recruitSender, recruit.recruit_code, recruitLink.code, 'RECRUIT-ORDER-77', 'Rafael family', 'Mozilla/5.0',
    ...clicks.flatMap((c) => [c.id, c.visitor_id]));
});
afterAll(async () => { await t?.close(); });

const say = (text: string, extra: Partial<IncomingMessage> = {}): Promise<Reply[]> => engine.handle({
  channel: 'telegram', senderId: person.sender, senderUsername: person.username, chatId: person.sender, chatType: 'private', text, languageHint: 'en', ...extra,
});

describe('/export', () => {
  it('sends a JSON file with everything kept about the person, captioned in their language', async () => {
    const replies = await say('/export');
    expect(replies).toHaveLength(1);
    const [reply] = replies;
    expect(reply!.kind).toBe('file');
    expect(reply!.text).toBe(pl.t('export.caption', { links: pl.t('export.links', { count: 1 }), orders: pl.t('export.orders', { count: 2 }) }));
    expect(reply!.text).toMatch(/^📦 Twoje dane w dealcast/);
    expect(reply!.file).toMatchObject({ name: 'dealcast-my-data-2026-11-06.json', mimeType: 'application/json' });
    const text = new TextDecoder().decode(reply!.file!.data);
    const data = JSON.parse(text) as InfluencerDataExport;

    expect(data.format).toBe('dealcast.influencer-data.v1');
    expect(data.profile).toMatchObject({
      id: person.influencerId, displayName: person.name, language: 'pl', country: 'PL', status: 'active', recruitCode: person.recruitCode,
      invited: false, payoutCurrency: 'PLN',
    });
    expect(data.chatIdentities.map((i) => [i.channel, i.userId, i.username])).toEqual([['telegram', person.sender, person.username], ['whatsapp', person.phone, null]]);
    expect(data.brands).toHaveLength(1);
    expect(data.links).toEqual([expect.objectContaining({
      code: person.linkCode, url: `${PUBLIC_URL}/r/${person.linkCode}`, groupLabel: 'Rodzina', clicks: { total: 12, counted: 7 },
    })]);
    expect(data.orders.map((o) => [o.orderId.split('-')[0], o.amount, o.currency, o.status, o.linkCode])).toEqual([
      ['PAID', 20_000, 'EUR', 'attributed', person.linkCode], ['PENDING', 5_000, 'EUR', 'attributed', person.linkCode],
    ]);
    expect(data.commissions.map((c) => [c.kind, c.status, c.amount, c.orderId?.split('-')[0] ?? null])).toEqual([
      ['sale', 'paid', 2_000, 'PAID'], ['sale', 'approved', 500, 'PENDING'], ['override', 'approved', 300, null],
    ]);
    expect(data.payouts.map((p) => [p.amount, p.currency, p.status, p.reference?.startsWith('SEPA-')])).toEqual([[2_000, 'EUR', 'paid', true]]);
    const money = await admin.call('GET', `/influencers/${person.influencerId}/money`);
    expect(data.balances).toEqual(money.json.balances);
    expect(data.recruits).toBe(1);

    for (const other of othersData) expect(text, `the file holds someone else's ${other}`).not.toContain(other);
  });

  it('gives one file an hour, on any of the person’s chats, and says politely when to ask again', async () => {
    const again = await say('/export');
    expect(again).toEqual([{ kind: 'text', text: pl.t('export.tooSoon', { count: 60 }) }]);
    expect(again[0]!.text).toBe('Kopię twoich danych wysłałem mniej niż godzinę temu. Poproś o nową za 60 minut.');
    const onWhatsapp = await engine.handle({ channel: 'whatsapp', senderId: person.phone, chatId: `${person.phone.slice(1)}@c.us`, chatType: 'private', text: 'export', languageHint: 'en' });
    expect(onWhatsapp).toEqual([{ kind: 'text', text: pl.t('export.tooSoon', { count: 60 }) }]);
  });

  it('is open to a suspended influencer too, and to no stranger', async () => {
    const other = await personWithMoney(t, admin, engine, clock);
    expect((await admin.call('POST', `/influencers/${other.influencerId}/suspend`, { reason: 'Reviewing orders' })).status).toBe(200);
    const replies = await engine.handle({ channel: 'telegram', senderId: other.sender, chatId: other.sender, chatType: 'private', text: '/export', languageHint: 'en' });
    expect(replies[0]!.kind).toBe('file');
    const data = JSON.parse(new TextDecoder().decode(replies[0]!.file!.data)) as InfluencerDataExport;
    expect(data.profile).toMatchObject({ id: other.influencerId, status: 'suspended' });
    expect(JSON.stringify(data)).not.toContain(person.name);
    const stranger = await engine.handle({ channel: 'telegram', senderId: '5550001', chatId: '5550001', chatType: 'private', text: '/export', languageHint: 'es' });
    expect(stranger).toEqual([{ kind: 'text', text: translator('es').t('start.required') }]);
  });

  it('leaves no conversation state that would outlive a day: Redis forgets it by itself', async () => {
    const halfway = '5550002';
    const stranger = (text: string) => engine.handle({ channel: 'telegram', senderId: halfway, chatId: halfway, chatType: 'private', text, languageHint: 'fr' });
    await stranger('/lang es');
    await stranger('/start');
    await stranger('Half Registered');
    await say('/deleteme'); // a question waiting for its answer
    const keys = await t.redis.keys(`${t.prefix}:bot:*`);
    expect(keys.length).toBeGreaterThanOrEqual(3);
    for (const key of keys) {
      const ttl = await t.redis.pttl(key);
      expect(ttl, key).toBeGreaterThan(0);
      expect(ttl, key).toBeLessThanOrEqual(24 * 60 * 60 * 1000);
    }
  });
});

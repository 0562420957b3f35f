import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BotEngine } from '../../../bots/engine/index.ts';
import { buildBotEngine } from '../../../cli/bot-wiring.ts';
import { translator } from '../../../core/i18n/translator.ts';
import { silentNotifier } from '../../../core/notifications/notifications.ts';
import { createTestApp, type TestApp } from '../../support/app.ts';
import { manualClock } from '../../support/manual-clock.ts';
import { ledgerBalances, moneyOf, personWithMoney, type PersonWithMoney } from '../../support/person-with-money.ts';
import { tablesHolding } from '../../support/stored-text.ts';
import { adminClient, type AdminClient } from './admin-client.ts';

// An influencer asks to be erased, in chat (/deleteme) or through the team (the admins' action):
// one way to anonymise. Afterwards nothing in the database identifies them, not even the audit
// log's earlier rows about them, while their money stays exactly as it was and the ledger
// still balances.

const clock = manualClock(new Date('2026-11-02T10:00:00Z'));
const pl = translator('pl');
let t: TestApp;
let admin: AdminClient;
let manager: AdminClient;
let engine: BotEngine;

beforeAll(async () => {
  t = await createTestApp({ clock });
  admin = await adminClient(t, 'admin');
  manager = await adminClient(t, 'manager');
  engine = buildBotEngine({
    db: t.database.db, redis: t.redis, redisPrefix: t.prefix, publicUrl: 'https://dc.test', clock,
    logger: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }), notifier: silentNotifier, rateLimit: { max: 10_000, windowMs: 60_000 },
  });
});
afterAll(async () => { await t?.close(); });

/** Where in the database anything of the person is still found. */
async function personalDataLeft(person: PersonWithMoney): Promise<Record<string, string[]>> {
  const left: Record<string, string[]> = {};
  for (const text of person.personalTexts) {
    const tables = await tablesHolding(t.database.db, text);
    if (tables.length > 0) left[text] = tables;
  }
  return left;
}

async function expectErased(person: PersonWithMoney, by: string) {
  const db = t.database.db;
  const row = await db.selectFrom('influencers').selectAll().where('id', '=', person.influencerId).executeTakeFirstOrThrow();
  expect(row).toMatchObject({ display_name: 'Deleted user', country: null, status: 'deleted', status_reason: null, status_changed_by: by });
  expect(row.deleted_at).toEqual(clock.now());
  const identities = await db.selectFrom('influencer_identities').selectAll().where('influencer_id', '=', person.influencerId).orderBy('id').execute();
  expect(identities.map((i) => ({ channel: i.channel, chat: i.chat_id, username: i.username, seen: i.last_seen_at, active: i.active }))).toEqual([
    { channel: 'telegram', chat: '', username: null, seen: null, active: false },
    { channel: 'whatsapp', chat: '', username: null, seen: null, active: false },
  ]);
  expect(await personalDataLeft(person), 'the person is still found in these tables').toEqual({});
  const audit = await db.selectFrom('audit_log').select(['actor', 'before', 'after']).where('action', '=', 'influencer.anonymise')
    .where('entity_id', '=', person.influencerId).execute();
  expect(audit).toEqual([{ actor: by, before: { status: 'active' }, after: expect.objectContaining({ status: 'deleted' }) }]);
}

describe('anonymising an influencer from the console', () => {
  it('erases who they are, keeps every amount, and the ledger still balances', async () => {
    const person = await personWithMoney(t, admin, engine, clock);
    await ledgerBalances(t, clock);
    const money = await moneyOf(t, admin, person.influencerId);
    expect(JSON.stringify(money)).toMatch(/"status":"paid"/);
    expect(JSON.stringify(money)).toMatch(/"status":"pending"/);
    expect(Object.keys(await personalDataLeft(person))).toEqual(person.personalTexts);

    const response = await admin.call('POST', `/influencers/${person.influencerId}/anonymise`);
    expect(response.status, JSON.stringify(response.json)).toBe(200);
    expect(response.json).toMatchObject({ id: person.influencerId, displayName: 'Deleted user', status: 'deleted', country: null });

    await expectErased(person, `admin:${admin.id}`);
    expect(await moneyOf(t, admin, person.influencerId)).toEqual(money);
    await ledgerBalances(t, clock);
    // The groups they posted in see no broken link (as for /deleteme): the link still leads to the shop.
    const tap = await t.app.inject({ method: 'GET', url: `/r/${person.linkCode}`, headers: { 'user-agent': 'Mozilla/5.0 Chrome/126.0' } });
    expect(tap.statusCode).toBe(302);
    // The person is a stranger to the bot now.
    const replies = await engine.handle({ channel: 'telegram', senderId: person.sender, chatId: person.sender, chatType: 'private', text: '/balance', languageHint: 'pl' });
    expect(replies[0]!.text).toBe(pl.t('start.required'));
  });

  it('is for admins alone, happens once, and names what is missing', async () => {
    const person = await personWithMoney(t, admin, engine, clock);
    const refused = await manager.call('POST', `/influencers/${person.influencerId}/anonymise`);
    expect(refused.status).toBe(403);
    expect(refused.json.error.code).toBe('forbidden');
    const unchanged = await t.database.db.selectFrom('influencers').select(['display_name', 'status']).where('id', '=', person.influencerId).executeTakeFirstOrThrow();
    expect(unchanged).toEqual({ display_name: person.name, status: 'active' });

    expect((await admin.call('POST', `/influencers/${person.influencerId}/anonymise`)).status).toBe(200);
    const again = await admin.call('POST', `/influencers/${person.influencerId}/anonymise`);
    expect(again.status).toBe(409);
    expect(again.json.error.code).toBe('conflict');
    const missing = await admin.call('POST', '/influencers/999999999/anonymise');
    expect(missing.status).toBe(404);
    expect(missing.json.error.code).toBe('not_found');
  });
});

describe('/deleteme in chat', () => {
  it('anonymises the same way: who they were is gone everywhere, their money and the ledger are untouched', async () => {
    const person = await personWithMoney(t, admin, engine, clock);
    const money = await moneyOf(t, admin, person.influencerId);
    const say = (text: string) => engine.handle({
      channel: 'telegram', senderId: person.sender, senderUsername: person.username, chatId: person.sender, chatType: 'private', text, languageHint: 'pl',
    });
    expect((await say('/deleteme'))[0]!.text).toBe(pl.t('deleteme.confirm'));
    expect((await say('/confirmdelete'))[0]!.text).toBe(pl.t('deleteme.done'));

    await expectErased(person, `influencer:${person.influencerId}`);
    expect(await moneyOf(t, admin, person.influencerId)).toEqual(money);
    await ledgerBalances(t, clock);
    // An admin cannot anonymise them a second time.
    expect((await admin.call('POST', `/influencers/${person.influencerId}/anonymise`)).status).toBe(409);
  });
});

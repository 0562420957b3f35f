import { parse } from 'csv-parse/sync';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BotEngine, Reply } from '../../../bots/engine/index.ts';
import { buildBotEngine } from '../../../cli/bot-wiring.ts';
import { translator } from '../../../core/i18n/translator.ts';
import { silentNotifier } from '../../../core/notifications/notifications.ts';
import { factories } from '../../factories/index.ts';
import { createTestApp, type TestApp } from '../../support/app.ts';
import { manualClock } from '../../support/manual-clock.ts';
import { sellThrough } from '../../support/money.ts';
import { adminClient, type AdminClient } from './admin-client.ts';

const clock = manualClock(new Date('2026-12-01T12:00:00Z'));
let t: TestApp;
let admin: AdminClient;
let engine: BotEngine;

beforeAll(async () => {
  t = await createTestApp({ clock });
  admin = await adminClient(t, 'admin');
  // The bots role's engine on the same database and SECRET_KEY as the api.
  engine = buildBotEngine({
    db: t.database.db, redis: t.redis, redisPrefix: t.prefix, publicUrl: 'https://dc.test', clock, secretBox: t.deps.secretBox,
    logger: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }), notifier: silentNotifier, rateLimit: { max: 10_000, windowMs: 60_000 },
  });
});
afterAll(async () => { await t?.close(); });

/** Registers a Telegram person in chat; returns how to talk to them and their influencer id. */
async function chatPerson(sender: string, name: string, country: string) {
  const say = (text: string): Promise<Reply[]> => engine.handle({ channel: 'telegram', senderId: sender, chatId: sender, chatType: 'private', text, languageHint: 'pl' });
  for (const text of ['/start', name, country, '/accept']) await say(text);
  const { influencer_id: id } = await t.database.db.selectFrom('influencer_identities').select('influencer_id')
    .where('channel', '=', 'telegram').where('external_id', '=', sender).executeTakeFirstOrThrow();
  return { say, id };
}

describe('the payment file of payouts', () => {
  it('carries the method and the full account of each influencer to pay, which the database keeps only sealed', async () => {
    const make = factories(t.database.db, t.deps.secretBox);
    const vendor = await make.vendor();
    const product = await make.product(await make.brand(vendor.id, { commissionRateBps: 1000, lockDays: 1 }), { currency: 'PLN', price: 20_000 });
    const withIban = await chatPerson('9100001', 'Zofia Nowak', 'PL');
    const withBlik = await chatPerson('9100002', 'Ola Kowalska', 'PL');
    const withNothing = await chatPerson('9100003', 'Jan Bez', 'PL');

    await withIban.say('/payout iban');
    expect((await withIban.say('PL61 1090 1014 0000 0712 1981 2874'))[0]!.text)
      .toBe(translator('pl').t('payout.saved', { method: 'IBAN PL61 **** **** 2874' }));
    await withBlik.say('/payout blik');
    await withBlik.say('+48 601 234 567');

    for (const [n, person] of [withIban, withBlik, withNothing].entries()) {
      const link = await make.link(person.id, product.id);
      await sellThrough(t.database.db, clock, { vendorId: vendor.id, link, orderId: `CSV-${n}`, amount: 20_000, currency: 'PLN' });
    }
    clock.advanceDays(2);
    expect((await admin.call('POST', '/commissions/approvals', {})).status).toBe(200);
    expect((await admin.call('POST', '/payouts/runs', { runKey: 'pay-methods' })).status).toBe(201);
    expect((await admin.call('POST', '/payouts/approve-batch', { runKey: 'pay-methods' })).json.approved).toHaveLength(3);

    const response = await t.app.inject({ method: 'GET', url: '/api/v1/admin/payouts/export?runKey=pay-methods', headers: { authorization: `Bearer ${admin.token}` } });
    expect(response.statusCode).toBe(200);
    const rows = parse(response.body, { columns: true }) as Record<string, string>[];
    const byInfluencer = new Map(rows.map((r) => [r.influencer_id, r]));
    expect(byInfluencer.get(withIban.id)).toMatchObject({ payout_method: 'iban', payout_account: 'PL61109010140000071219812874', currency: 'PLN', amount: '20.00' });
    // The file's own guard keeps a leading "+" from running as a spreadsheet formula.
    expect(byInfluencer.get(withBlik.id)).toMatchObject({ payout_method: 'blik', payout_account: "'+48601234567" });
    expect(byInfluencer.get(withNothing.id)).toMatchObject({ payout_method: '', payout_account: '' });

    // The file is for paying; the database is not: there the accounts are sealed.
    const stored = await t.database.db.selectFrom('payout_methods').select(['influencer_id', 'account_sealed']).execute();
    expect(stored).toHaveLength(2);
    for (const row of stored) {
      expect(row.account_sealed).not.toContain('PL61109010140000071219812874');
      expect(row.account_sealed).not.toContain('601234567');
    }
  });
});

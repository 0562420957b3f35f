import crypto from 'node:crypto';
import { sql } from 'kysely';
import { expect } from 'vitest';
import type { BotEngine, IncomingMessage, Reply } from '../../bots/engine/index.ts';
import { runLedgerCheck } from '../../cli/ledger-check.ts';
import type { AdminClient } from '../api/admin/admin-client.ts';
import { factories } from '../factories/index.ts';
import type { TestApp } from './app.ts';
import type { ManualClock } from './manual-clock.ts';
import { sellThrough } from './money.ts';

/**
 * An influencer who registered in chat (Telegram, with a handle, and a WhatsApp number too),
 * sold twice (one commission paid out, one pending), was suspended and reinstated by an admin,
 * and joined a brand that approves its promoters: personal data in the profile, the chat
 * accounts and the audit log, money on every account of the ledger.
 */
export interface PersonWithMoney {
  influencerId: string;
  sender: string;
  phone: string;
  name: string;
  username: string;
  recruitCode: string;
  linkCode: string;
  /** What identifies the person, to look for anywhere in the database afterwards. */
  personalTexts: string[];
}

export async function personWithMoney(t: TestApp, admin: AdminClient, engine: BotEngine, clock: ManualClock): Promise<PersonWithMoney> {
  const db = t.database.db;
  const make = factories(db, t.deps.secretBox);
  const tag = crypto.randomBytes(4).toString('hex');
  const sender = String(7_000_000_000 + crypto.randomInt(1_000_000_000));
  const phone = `+48600${crypto.randomInt(100_000, 999_999)}`;
  const name = `Zofia Erasable ${tag}`;
  const username = `zofia_${tag}`;
  const say = (text: string, extra: Partial<IncomingMessage> = {}): Promise<Reply[]> => engine.handle({
    channel: 'telegram', senderId: sender, senderUsername: username, chatId: sender, chatType: 'private', text, languageHint: 'pl', ...extra,
  });
  for (const text of ['/start', name, 'PL', '/accept']) await say(text);
  const { influencer_id: influencerId } = await db.selectFrom('influencer_identities').select('influencer_id')
    .where('channel', '=', 'telegram').where('external_id', '=', sender).executeTakeFirstOrThrow();
  await db.insertInto('influencer_identities').values({ influencer_id: influencerId, channel: 'whatsapp', external_id: phone, chat_id: `${phone.slice(1)}@c.us`, last_seen_at: clock.now() }).execute();
  await say('/balance'); // a sighting: the handle and when

  const vendor = await make.vendor();
  const brand = await make.brand(vendor.id, { lockDays: 1, commissionRateBps: 1000 });
  const product = await make.product(brand, { currency: 'EUR', price: 10_000 });
  const link = await make.link(influencerId, product.id, { groupLabel: 'Rodzina' });
  await sellThrough(db, clock, { vendorId: vendor.id, link, orderId: `PAID-${tag}`, amount: 20_000, currency: 'EUR' });
  clock.advanceDays(2);
  expect((await admin.call('POST', '/commissions/approvals', {})).status).toBe(200);
  const run = await admin.call('POST', '/payouts/runs', { runKey: `erase-${tag}` });
  const payout = run.json.payouts.find((p: { influencerId: string }) => p.influencerId === influencerId);
  expect(payout, JSON.stringify(run.json)).toBeDefined();
  expect((await admin.call('POST', `/payouts/${payout.id}/approve`)).status).toBe(200);
  expect((await admin.call('POST', `/payouts/${payout.id}/paid`, { reference: `SEPA-${tag}` })).status).toBe(200);
  await sellThrough(db, clock, { vendorId: vendor.id, link, orderId: `PENDING-${tag}`, amount: 5_000, currency: 'EUR' });

  expect((await admin.call('POST', `/influencers/${influencerId}/suspend`, { reason: 'Checking a burst of clicks' })).status).toBe(200);
  expect((await admin.call('POST', `/influencers/${influencerId}/reinstate`, { reason: 'Checked: a family router' })).status).toBe(200);
  const picky = await make.brand(vendor.id, { autoApprove: false });
  const membership = await db.insertInto('brand_memberships').values({ influencer_id: influencerId, brand_id: picky.id, status: 'pending' }).returning('id').executeTakeFirstOrThrow();
  expect((await admin.call('POST', `/memberships/${membership.id}/approve`)).status).toBe(200);

  const { recruit_code: recruitCode } = await db.selectFrom('influencers').select('recruit_code').where('id', '=', influencerId).executeTakeFirstOrThrow();
  return { influencerId, sender, phone, name, username, recruitCode, linkCode: link.code, personalTexts: [name, username, sender, phone, phone.slice(1), recruitCode] };
}

/** Everything money about the influencer, as one comparable value: orders, commissions, payouts, ledger lines, balances. */
export async function moneyOf(t: TestApp, admin: AdminClient, influencerId: string): Promise<unknown> {
  const { rows } = await sql<{ money: unknown }>`
    SELECT json_build_object(
      'conversions', (SELECT json_agg(json_build_object('order', order_id, 'amount', amount, 'refunded', refunded_amount, 'currency', currency, 'status', status) ORDER BY id) FROM conversions WHERE influencer_id = ${influencerId}),
      'commissions', (SELECT json_agg(json_build_object('amount', amount, 'payout', payout_amount, 'currency', currency, 'status', status, 'payoutId', payout_id) ORDER BY id) FROM commissions WHERE influencer_id = ${influencerId}),
      'payouts', (SELECT json_agg(json_build_object('amount', amount, 'currency', currency, 'status', status, 'reference', reference) ORDER BY id) FROM payouts WHERE influencer_id = ${influencerId}),
      'ledger', (SELECT json_agg(json_build_object('tx', transaction_id, 'account', account, 'amount', amount, 'currency', currency, 'kind', kind) ORDER BY id) FROM ledger_entries WHERE influencer_id = ${influencerId})
    ) AS money`.execute(t.database.db);
  const money = await admin.call('GET', `/influencers/${influencerId}/money`);
  expect(money.status).toBe(200);
  return { rows: rows[0]!.money, balances: money.json.balances };
}

/** `dealcast ledger check` on the test database: whether every invariant holds. */
export async function ledgerBalances(t: TestApp, clock: ManualClock): Promise<boolean> {
  const lines: string[] = [];
  const report = await runLedgerCheck(t.database.db, { write: (line: string) => lines.push(line) }, clock);
  expect(report.ok, lines.join('')).toBe(true);
  return report.ok;
}

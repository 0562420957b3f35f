import fc from 'fast-check';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BotEngine } from '../../../bots/engine/index.ts';
import { buildBotEngine } from '../../../cli/bot-wiring.ts';
import { refundConversion } from '../../../core/conversions/refunds.service.ts';
import { translator } from '../../../core/i18n/translator.ts';
import { silentNotifier } from '../../../core/notifications/notifications.ts';
import { createConversionStore } from '../../../db/conversions.repository.ts';
import { factories } from '../../factories/index.ts';
import { createTestApp, type TestApp } from '../../support/app.ts';
import { manualClock } from '../../support/manual-clock.ts';
import { nextRefund, sellThrough, type SoldOrder } from '../../support/money.ts';
import { adminClient, type AdminClient } from './admin-client.ts';

// Chat `/balance` (through the bot engine, as Telegram and WhatsApp reach it) and
// `GET /admin/influencers/:id/money` read one balance query: after any history of sales,
// refunds, approvals, fraud reversals, payout runs, chat requests, payments and failures, both
// show the same figures per currency.

const SEED = 20_261_208;
const en = translator('en');
const clock = manualClock(new Date('2026-12-01T10:00:00Z'));
let t: TestApp;
let admin: AdminClient;
let engine: BotEngine;
let make: ReturnType<typeof factories>;
let products: { id: string; vendor_id: string; currency: string }[];
let nextSender = 91_000;
let orders = 0;

beforeAll(async () => {
  t = await createTestApp({ clock });
  admin = await adminClient(t, 'admin');
  make = factories(t.database.db, t.deps.secretBox);
  engine = buildBotEngine({
    db: t.database.db, redis: t.redis, redisPrefix: t.prefix, publicUrl: 'https://dc.test', clock,
    logger: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }), notifier: silentNotifier, rateLimit: { max: 100_000, windowMs: 60_000 },
  });
  const vendors = [await make.vendor(), await make.vendor()];
  products = [
    await make.product(await make.brand(vendors[0]!.id, { commissionRateBps: 1000, lockDays: 2 }), { currency: 'EUR' }),
    await make.product(await make.brand(vendors[1]!.id, { commissionRateBps: 2500, lockDays: 5 }), { currency: 'PLN' }),
  ];
  // EUR↔PLN and GBP↔EUR convert; PLN↔GBP does not (such commissions stay in the order's currency).
  await make.fxRate('EUR', 'PLN', 4_273_500_000);
  await make.fxRate('GBP', 'EUR', 1_170_000_000);
});
afterAll(async () => { await t?.close(); });

const say = (senderId: string, text: string) => engine.handle({
  channel: 'telegram', senderId, chatId: senderId, chatType: 'private', text, languageHint: 'en', botUsername: 'dealcast_test_bot',
});

/** A person signs up in chat; returns the influencer's id and how they talk to the bot. */
async function register(): Promise<{ id: string; sender: string }> {
  const sender = String(nextSender++);
  for (const text of ['/start', `Person ${sender}`, 'FR', '/accept']) await say(sender, text);
  const identity = await t.database.db.selectFrom('influencer_identities').select('influencer_id')
    .where('channel', '=', 'telegram').where('external_id', '=', sender).executeTakeFirstOrThrow();
  return { id: identity.influencer_id, sender };
}

type Step =
  | { do: 'sale'; who: number; product: number; amount: number }
  | { do: 'refund'; sale: number; part: number | 'all' }
  | { do: 'advance'; days: number }
  | { do: 'approve' }
  | { do: 'fraud'; sale: number }
  | { do: 'run' }
  | { do: 'request'; who: number }
  | { do: 'pay'; payout: number }
  | { do: 'fail'; payout: number }
  | { do: 'currency'; who: number; currency: 'EUR' | 'PLN' | 'GBP' };

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ do: fc.constant('sale' as const), who: fc.nat(1), product: fc.nat(1), amount: fc.integer({ min: 1, max: 80_000 }) }) },
  { weight: 2, arbitrary: fc.record({ do: fc.constant('refund' as const), sale: fc.nat(20), part: fc.oneof(fc.constant('all' as const), fc.double({ min: 0.05, max: 0.95, noNaN: true })) }) },
  { weight: 3, arbitrary: fc.record({ do: fc.constant('advance' as const), days: fc.integer({ min: 1, max: 6 }) }) },
  { weight: 3, arbitrary: fc.constant({ do: 'approve' as const }) },
  { weight: 1, arbitrary: fc.record({ do: fc.constant('fraud' as const), sale: fc.nat(20) }) },
  { weight: 2, arbitrary: fc.constant({ do: 'run' as const }) },
  { weight: 1, arbitrary: fc.record({ do: fc.constant('request' as const), who: fc.nat(1) }) },
  { weight: 2, arbitrary: fc.record({ do: fc.constant('pay' as const), payout: fc.nat(10) }) },
  { weight: 1, arbitrary: fc.record({ do: fc.constant('fail' as const), payout: fc.nat(10) }) },
  { weight: 1, arbitrary: fc.record({ do: fc.constant('currency' as const), who: fc.nat(1), currency: fc.constantFrom('EUR' as const, 'PLN' as const, 'GBP' as const) }) },
);

/** What chat should say for these balances: the `/balance` lines of core's i18n, one per currency. */
function balanceLines(balances: { currency: string; pending: number; available: number; inPayout: number; paid: number }[]): string[] {
  return balances.map((b) => en.t('balance.line', {
    currency: b.currency, available: en.money(b.available, b.currency), pending: en.money(b.pending, b.currency),
    inPayout: en.money(b.inPayout, b.currency), paid: en.money(b.paid, b.currency),
  }));
}

async function play(steps: Step[]): Promise<void> {
  const people = [await register(), await register()];
  const links = await Promise.all(people.map(async (p) => Promise.all(products.map((product) => make.link(p.id, product.id)))));
  const sales: SoldOrder[] = [];
  const payoutIds: string[] = [];
  const pick = <T>(list: readonly T[], i: number): T | undefined => (list.length === 0 ? undefined : list[i % list.length]);

  for (const s of steps) {
    switch (s.do) {
      case 'sale': {
        const product = products[s.product]!;
        const link = links[s.who]![s.product]!;
        const orderId = `B-${++orders}`;
        const answer = await sellThrough(t.database.db, clock, { vendorId: product.vendor_id, link, orderId, amount: s.amount, currency: product.currency });
        sales.push({ vendorId: product.vendor_id, orderId, amount: s.amount, refunded: 0, commissionId: answer.commission?.id ?? null });
        break;
      }
      case 'refund': {
        const sale = pick(sales, s.sale);
        const amount = nextRefund(sale, s.part);
        if (!sale || amount === undefined) break;
        await refundConversion(createConversionStore(t.database.db), clock, sale.vendorId, sale.orderId, { amount });
        sale.refunded += amount;
        break;
      }
      case 'advance':
        clock.advanceDays(s.days);
        break;
      case 'approve':
        expect((await admin.call('POST', '/commissions/approvals')).status).toBe(200);
        break;
      case 'fraud': {
        const sale = pick(sales.filter((x) => x.commissionId !== null), s.sale);
        if (sale) expect((await admin.call('POST', `/commissions/${sale.commissionId}/reverse`, { reason: 'fraud suspected' })).status).toBe(200);
        break;
      }
      case 'run': {
        const run = await admin.call('POST', '/payouts/runs', {});
        expect(run.status).toBe(201);
        payoutIds.push(...run.json.payouts.map((p: { id: string }) => p.id));
        break;
      }
      case 'request':
        await say(people[s.who]!.sender, '/payout');
        break;
      case 'pay':
      case 'fail': {
        const id = pick(payoutIds, s.payout);
        if (!id) break;
        const { status } = (await admin.call('GET', `/payouts/${id}`)).json;
        if (status !== 'pending' && status !== 'approved') break;
        if (s.do === 'pay') {
          await admin.call('POST', `/payouts/${id}/approve`);
          expect((await admin.call('POST', `/payouts/${id}/paid`, { reference: `REF-${id}` })).status).toBe(200);
        } else {
          expect((await admin.call('POST', `/payouts/${id}/failed`, { reason: 'bank said no' })).status).toBe(200);
        }
        break;
      }
      case 'currency':
        expect((await admin.call('PUT', `/influencers/${people[s.who]!.id}/payout-currency`, { currency: s.currency })).status).toBe(200);
        break;
    }
  }

  for (const person of people) {
    const money = await admin.call('GET', `/influencers/${person.id}/money`);
    expect(money.status).toBe(200);
    const chat = (await say(person.sender, '/balance'))[0]!.text.split('\n');
    const figures = chat.filter((line) => /^[A-Z]{3}: /.test(line));
    expect(figures, JSON.stringify({ steps, balances: money.json.balances })).toEqual(balanceLines(money.json.balances));
    if (money.json.balances.length === 0) expect(chat).toEqual([en.t('balance.empty')]);
  }
}

describe('chat /balance and the admin money endpoint', () => {
  it('give the same figures per currency after any history of sales, refunds, approvals and payouts (property)', async () => {
    await fc.assert(fc.asyncProperty(fc.array(step, { minLength: 5, maxLength: 25 }), async (steps) => { await play(steps); }), {
      seed: SEED, numRuns: 30, endOnFailure: true,
    });
    // The histories did reach every state of the money, in more than one currency.
    const kinds = new Set((await t.database.db.selectFrom('ledger_entries').select('kind').distinct().execute()).map((r) => r.kind));
    for (const kind of ['commission_approved', 'commission_reversed', 'payout_created', 'payout_paid', 'payout_failed']) expect(kinds, kind).toContain(kind);
    const currencies = await t.database.db.selectFrom('ledger_entries').select('currency').distinct().where('account', '=', 'influencer_available').execute();
    expect(currencies.length).toBeGreaterThan(1);
  }, 240_000);
});

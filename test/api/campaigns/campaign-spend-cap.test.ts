import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemCaller } from '../../../core/access/access.ts';
import { checkLedger } from '../../../core/ledger/ledger-check.ts';
import { silentNotifier } from '../../../core/notifications/notifications.ts';
import { runPayouts } from '../../../core/payouts/payouts.service.ts';
import { approveMaturedCommissions } from '../../../core/settlement/settlement.service.ts';
import { DEFAULT_SETTLEMENT_POLICY } from '../../../core/settlement/settlement.ts';
import { connectPostgres, type DatabaseHandle } from '../../../db/connect.ts';
import { createLedgerCheckStore } from '../../../db/ledger-check.repository.ts';
import { createPayoutStore } from '../../../db/payouts.repository.ts';
import { createSettlementStore } from '../../../db/settlement.repository.ts';
import type { Database } from '../../../db/schema.ts';
import type { Kysely } from 'kysely';
import { createTestApp, type TestApp } from '../../support/app.ts';
import { storeClick } from '../../support/clicks.ts';
import { approveMember, campaignBody, campaignShop, join, postConversion, postRefund } from './campaign-world.ts';

// The cap holds when many postbacks race for the last of a campaign's budget, and settlement
// (two workers at once, each with its own pool, as two processes would be) pays exactly what
// was reserved: the sum of bonuses never passes the cap and the ledger stays balanced.

const CAP = 10_000;
const FEE = 300;
const ORDERS = 200;

let t: TestApp;
let second: DatabaseHandle;
beforeAll(async () => {
  t = await createTestApp();
  second = connectPostgres(t.database.url);
});
afterAll(async () => {
  await second?.close();
  await t?.close();
});

async function bonusTotal(campaignId: string): Promise<number> {
  const row = await t.database.db.selectFrom('commissions').select((eb) => eb.fn.sum<string>('bonus_amount').as('total'))
    .where('campaign_id', '=', campaignId).executeTakeFirstOrThrow();
  return Number(row.total ?? 0);
}

async function expectLedgerClean() {
  const report = await checkLedger(createLedgerCheckStore(t.database.db), new Date());
  expect(report.checks.filter((c) => !c.ok)).toEqual([]);
}

describe('a campaign’s spend cap under concurrent conversions and settlement', () => {
  it(`never pays more than the cap when ${ORDERS} signed postbacks arrive at once, nor after two settlement runs at once`, async () => {
    // Lock of 0 days: every commission matures at once, so settlement approves and pays them all.
    const s = await campaignShop(t, { lockDays: 0 });
    const created = await s.account.call('POST', '/campaigns', campaignBody(s.brand.id, { bonusFee: FEE, bonusRateBps: undefined, spendCap: CAP }));
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    const campaignId: string = created.json.id;
    // Half the orders come through clicks, half through the personal codes of four more members.
    const members = [s.influencer.id];
    for (let i = 0; i < 4; i++) {
      const person = await s.make.influencer();
      await approveMember(t, person.id, s.brand.id);
      members.push(person.id);
    }
    const codes = [] as string[];
    for (const id of members) codes.push((await join(t, campaignId, id))!);
    const clicks = [] as string[];
    for (let i = 0; i < ORDERS / 2; i++) clicks.push(await storeClick(t.database.db, s.link, { clickedAt: new Date(Date.now() - 60 * 60 * 1000) }));
    const occurredAt = new Date(Math.floor((Date.now() - 60_000) / 1000) * 1000).toISOString();

    const answers = await Promise.all(Array.from({ length: ORDERS }, (_, i) => postConversion(t, s.credentials, {
      orderId: `CAP-${i}`, amount: 5_000, currency: 'EUR', occurredAt,
      ...(i % 2 === 0 ? { clickId: clicks[i / 2] } : { promoCode: codes[i % codes.length] }),
    })));
    expect(answers.filter((a) => a.statusCode !== 202).map((a) => a.body)).toEqual([]);
    expect(answers.every((a) => a.json().attributed)).toBe(true);

    // 33 bonuses of 3.00 fit in 100.00, the 34th gets the last 1.00, the other 166 none.
    const bonuses = answers.map((a) => a.json().commission.bonus?.amount ?? 0).filter((b: number) => b > 0).sort((a: number, b: number) => a - b);
    expect(bonuses.reduce((sum: number, b: number) => sum + b, 0)).toBe(CAP);
    expect(bonuses).toEqual([100, ...Array(33).fill(FEE)]);
    expect(await bonusTotal(campaignId)).toBe(CAP);
    const spent = await s.account.call('GET', `/campaigns/${campaignId}`);
    expect(spent.json).toMatchObject({ spent: CAP, spendCap: CAP, status: 'ended', endReason: 'spent', sales: 34 });
    await expectLedgerClean();

    // Two settlement workers at once, then two payout runs at once.
    const settle = (db: Kysely<Database>) => approveMaturedCommissions({ store: createSettlementStore(db), clock: { now: () => new Date() }, notifier: silentNotifier, policy: DEFAULT_SETTLEMENT_POLICY }, systemCaller('test'));
    const [one, two] = await Promise.all([settle(t.database.db), settle(second.db)]);
    expect(one.approved + two.approved).toBeGreaterThanOrEqual(ORDERS);
    const pay = (db: Kysely<Database>, runKey: string) => runPayouts({ store: createPayoutStore(db), clock: { now: () => new Date() }, notifier: silentNotifier }, systemCaller('test'), { runKey });
    await Promise.all([pay(t.database.db, 'cap-a'), pay(second.db, 'cap-b')]);
    expect(await bonusTotal(campaignId)).toBe(CAP);
    const statuses = await t.database.db.selectFrom('commissions').select('status').distinct().where('campaign_id', '=', campaignId).execute();
    expect(statuses.map((r) => r.status)).toEqual(['in_payout']);
    await expectLedgerClean();

    // A refund of a paid-for order gives its bonus back; the campaign, spent no more, runs again.
    const refunded = answers.findIndex((a) => a.json().commission.bonus?.amount === FEE);
    const refund = await postRefund(t, s.credentials, `CAP-${refunded}`, {});
    expect(refund.statusCode, refund.body).toBe(201);
    expect((await s.account.call('GET', `/campaigns/${campaignId}`)).json).toMatchObject({ spent: CAP - FEE, status: 'open', endReason: null });
    await expectLedgerClean();
  });
});

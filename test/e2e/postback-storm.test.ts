import crypto from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app.ts';
import { findUnbalancedLedgerTransactions, ledgerBalancesByCurrency } from '../../db/ledger.repository.ts';
import { factories } from '../factories/index.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { storeClick } from '../support/clicks.ts';
import { sendSigned, type VendorCredentials } from '../support/vendor.ts';

// A vendor's servers under load: 10,000 postbacks for 1,000 orders, sent 32 at a time in a
// random order, every order replayed, half of them refunded twice with each refund replayed.
// A refund that overtakes its order is refused (404) and sent again later, as a vendor's retry
// queue would. Whatever the order of arrival: one conversion and one commission per order,
// each refund counted once, and a ledger in balance.

const ORDERS = 1000;
const MESSAGES = 10_000;
const IN_FLIGHT = 32;
/** Answers a vendor retries: the order not there yet, or busy (a settlement chunk, a concurrent twin). */
const RETRIED = new Set([404, 409, 503]);

let t: TestApp;
let app: FastifyInstance;

beforeAll(async () => {
  t = await createTestApp();
  // The per-vendor limit would answer most of a storm 429; here the storm is the point.
  app = await buildApp({ ...t.deps, requestLimits: { vendor: { max: 1_000_000, windowSeconds: 60 } } });
  await app.ready();
});
afterAll(async () => {
  await app?.close();
  await t?.close();
});

interface Message {
  order: number;
  kind: 'conversion' | 'refund';
  url: string;
  body: unknown;
  /** Same key, same answer: the order, or the refund's id. */
  key: string;
}

interface Order {
  orderId: string;
  clickId: string;
  amount: number;
  refunds: { refundId: string; amount: number }[];
}

function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = crypto.randomInt(i + 1);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

/** The messages of the storm: 4 copies of each order, then 6 more of it or two refunds sent 3 times each. */
function storm(orders: Order[]): Message[] {
  const messages: Message[] = [];
  for (const [n, order] of orders.entries()) {
    const conversion: Message = {
      order: n, kind: 'conversion', url: '/api/v1/conversions', key: order.orderId,
      body: { orderId: order.orderId, clickId: order.clickId, amount: order.amount, currency: 'EUR' },
    };
    for (let copy = 0; copy < 4; copy++) messages.push(conversion);
    if (order.refunds.length === 0) {
      for (let copy = 0; copy < 6; copy++) messages.push(conversion);
      continue;
    }
    for (const refund of order.refunds) {
      const message: Message = {
        order: n, kind: 'refund', url: `/api/v1/conversions/${order.orderId}/refunds`, key: refund.refundId,
        body: { amount: refund.amount, refundId: refund.refundId, reason: 'returned' },
      };
      for (let copy = 0; copy < 3; copy++) messages.push(message);
    }
  }
  return shuffle(messages);
}

/** Sends every message, `IN_FLIGHT` at a time; those a vendor would retry go round again. Returns the final answers. */
async function send(credentials: VendorCredentials, messages: Message[]): Promise<{ message: Message; response: LightMyRequestResponse }[]> {
  const done: { message: Message; response: LightMyRequestResponse }[] = [];
  let queue = messages;
  for (let round = 0; queue.length > 0; round++) {
    expect(round, `still ${queue.length} messages refused after ${round} rounds`).toBeLessThan(20);
    const again: Message[] = [];
    let next = 0;
    const lane = async () => {
      while (next < queue.length) {
        const message = queue[next++]!;
        const response = await sendSigned(app, credentials, { method: 'POST', url: message.url, body: message.body });
        if (RETRIED.has(response.statusCode)) again.push(message);
        else done.push({ message, response });
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
    queue = shuffle(again);
  }
  return done;
}

describe('a storm of postbacks', () => {
  it('10,000 postbacks for 1,000 orders, in random order with replays and refunds: 1,000 conversions and commissions, each refund once, the ledger balanced', async () => {
    const make = factories(t.database.db, t.deps.secretBox);
    const vendor = await make.vendor();
    const brand = await make.brand(vendor.id, { commissionRateBps: 1000 });
    const product = await make.product(brand);
    const influencer = await make.influencer();
    const link = await make.link(influencer.id, product.id);

    const orders: Order[] = [];
    for (let n = 0; n < ORDERS; n++) {
      const amount = 1000 + crypto.randomInt(49_000);
      const first = Math.floor(amount / 3);
      orders.push({
        orderId: `STORM-${n}`,
        clickId: await storeClick(t.database.db, link),
        amount,
        refunds: n % 2 === 0 ? [{ refundId: `R-${n}-a`, amount: first }, { refundId: `R-${n}-b`, amount: 1 + crypto.randomInt(amount - first) }] : [],
      });
    }
    const messages = storm(orders);
    expect(messages).toHaveLength(MESSAGES);

    const answers = await send(vendor.credentials, messages);
    expect(answers).toHaveLength(MESSAGES);

    // Every message was taken, and every copy of one message got the same answer.
    const bodiesByKey = new Map<string, Set<string>>();
    for (const { message, response } of answers) {
      expect(response.statusCode, `${message.kind} ${message.key}: ${response.body}`).toBeLessThan(300);
      const id = message.kind === 'conversion' ? (response.json() as { conversionId: string }).conversionId : response.body;
      bodiesByKey.set(message.key, (bodiesByKey.get(message.key) ?? new Set()).add(id));
    }
    for (const [key, bodies] of bodiesByKey) expect(bodies.size, `${key} answered differently`).toBe(1);

    const { db } = t.database;
    const conversions = await db.selectFrom('conversions').select(['order_id', 'amount', 'refunded_amount', 'status'])
      .where('vendor_id', '=', vendor.id).execute();
    expect(conversions).toHaveLength(ORDERS);
    const byOrder = new Map(conversions.map((c) => [c.order_id, c]));
    for (const order of orders) {
      const refunded = order.refunds.reduce((sum, r) => sum + r.amount, 0);
      expect(byOrder.get(order.orderId), order.orderId).toMatchObject({ amount: String(order.amount), refunded_amount: String(refunded) });
    }

    const commissions = await sql<{ n: number; orders: number; amount: string; reversed: string }>`
      SELECT count(*)::int AS n, count(DISTINCT c.order_id)::int AS orders, sum(cm.amount) AS amount, sum(cm.reversed_amount) AS reversed
      FROM commissions cm JOIN conversions c ON c.id = cm.conversion_id
      WHERE c.vendor_id = ${vendor.id} AND cm.kind = 'sale'`.execute(db);
    expect(commissions.rows[0]).toMatchObject({ n: ORDERS, orders: ORDERS });

    // The ledger: every transaction balanced, each currency nets to zero, and what the
    // influencer holds pending is exactly the commissions less what the refunds reversed.
    expect(await findUnbalancedLedgerTransactions(db)).toEqual([]);
    for (const total of Object.values(await ledgerBalancesByCurrency(db))) expect(total).toBe(0n);
    const pending = await sql<{ balance: string }>`
      SELECT coalesce(sum(amount), 0) AS balance FROM ledger_entries WHERE account = 'influencer_pending' AND influencer_id = ${influencer.id}`.execute(db);
    const { amount, reversed } = commissions.rows[0]!;
    expect(-BigInt(pending.rows[0]!.balance)).toBe(BigInt(amount) - BigInt(reversed));
    // Refunds reversed commission on exactly the refunded orders.
    const reversedOrders = await sql<{ n: number }>`
      SELECT count(DISTINCT c.order_id)::int AS n FROM commissions cm JOIN conversions c ON c.id = cm.conversion_id
      WHERE c.vendor_id = ${vendor.id} AND cm.reversed_amount > 0`.execute(db);
    expect(reversedOrders.rows[0]!.n).toBe(orders.filter((o) => o.refunds.length > 0).length);
  }, 300_000);
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ownVendor, type Caller } from '../../core/access/access.ts';
import { commissionTrail } from '../../core/commissions/commission-trail.service.ts';
import { createSecretBox } from '../../core/shared/secret-box.ts';
import { reverseCommission } from '../../core/settlement/settlement.service.ts';
import { ledgerReads } from '../../db/ledger.repository.ts';
import { commissionReads } from '../../db/money.repository.ts';
import { payoutReads } from '../../db/payout-lists.repository.ts';
import { createSettlementStore } from '../../db/settlement.repository.ts';
import { factories } from '../factories/index.ts';
import { manualClock } from '../support/manual-clock.ts';
import { recordingNotifier, sellThrough } from '../support/money.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';

// A commission belongs to the vendor of its brand: a caller scoped to another vendor finds
// nothing and changes nothing, because the scope is part of the query.

const clock = manualClock(new Date('2026-12-01T12:00:00Z'));
let database: TestDatabase;

beforeAll(async () => { database = await createTestDatabase(); });
afterAll(async () => { await database?.close(); });

describe('commissions under a vendor scope', () => {
  it('reads and reverses only the scope\'s own vendor\'s commissions', async () => {
    const db = database.db;
    const make = factories(db, createSecretBox('test-secret-key-test-secret-key-0000'));
    const [a, b] = [await make.vendor(), await make.vendor()];
    const product = await make.product(await make.brand(b.id, { commissionRateBps: 1000 }));
    const link = await make.link((await make.influencer()).id, product.id);
    const sale = await sellThrough(db, clock, { vendorId: b.id, link, orderId: 'S-1', amount: 10_000, currency: 'EUR' });
    const id = sale.commission!.id;
    const asA: Caller = { actor: 'vendor:a', scope: ownVendor(a.id) };
    const asB: Caller = { actor: 'vendor:b', scope: ownVendor(b.id) };
    const reads = { commissions: commissionReads(db), payouts: payoutReads(db), ledger: ledgerReads(db) };
    const settlement = { store: createSettlementStore(db), clock, notifier: recordingNotifier() };

    await expect(commissionTrail(reads, asA, id)).rejects.toMatchObject({ code: 'not_found' });
    await expect(reverseCommission(settlement, asA, { commissionId: id, reason: 'not mine' })).rejects.toMatchObject({ code: 'not_found' });
    expect(await db.selectFrom('commissions').select(['status', 'reversed_amount']).where('id', '=', id).executeTakeFirstOrThrow())
      .toEqual({ status: 'pending', reversed_amount: '0' });
    expect(await db.selectFrom('audit_log').select('id').where('action', '=', 'commission.reverse').execute()).toEqual([]);

    expect((await commissionTrail(reads, asB, id)).commission).toMatchObject({ id, status: 'pending', amount: 1000 });
    expect(await reverseCommission(settlement, asB, { commissionId: id, reason: 'cancelled order' })).toMatchObject({ status: 'reversed', reversedNow: 1000 });
  });
});

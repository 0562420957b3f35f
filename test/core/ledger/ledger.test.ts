import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  accountHoldingCommission, assertBalanced, commissionAccrualPosting, commissionReversalPosting, UnbalancedLedgerError, type LedgerTransaction,
} from '../../../core/ledger/ledger.ts';
import { reversedAmountAfterRefund } from '../../../core/commissions/commission.ts';

const movement = { commissionId: '1', vendorId: '2', influencerId: '3', currency: 'EUR' };

function sumsByAccount(transactions: LedgerTransaction[]): Record<string, number> {
  const sums: Record<string, number> = {};
  for (const line of transactions.flatMap((t) => t.lines)) sums[`${line.account}:${line.currency}`] = (sums[`${line.account}:${line.currency}`] ?? 0) + line.amount;
  return sums;
}

describe('ledger postings', () => {
  it('accrues a commission as a vendor receivable against the influencer\'s pending balance', () => {
    expect(commissionAccrualPosting({ ...movement, amount: 1543 })).toEqual({
      kind: 'commission_accrued',
      lines: [
        { account: 'vendor_receivable', amount: 1543, currency: 'EUR', vendorId: '2', commissionId: '1' },
        { account: 'influencer_pending', amount: -1543, currency: 'EUR', influencerId: '3', commissionId: '1' },
      ],
    });
  });

  it('reverses from the account the commission sits in', () => {
    expect(accountHoldingCommission('pending')).toBe('influencer_pending');
    expect(accountHoldingCommission('approved')).toBe('influencer_available');
    expect(accountHoldingCommission('paid')).toBe('influencer_available');
    const reversal = commissionReversalPosting({ ...movement, amount: 514, from: 'influencer_available' });
    expect(reversal.lines.map((l) => [l.account, l.amount])).toEqual([['vendor_receivable', -514], ['influencer_available', 514]]);
  });

  it('refuses unbalanced, single-line, zero, fractional and unknown-currency postings', () => {
    const line = (amount: number, currency = 'EUR') => ({ account: 'vendor_receivable' as const, amount, currency });
    for (const lines of [
      [line(100), line(-99)],
      [line(100)],
      [line(100), line(-100), line(0)],
      [line(0.5), line(-0.5)],
      [line(100, 'EUR'), line(-100, 'USD')],
      [line(100, 'XYZ'), line(-100, 'XYZ')],
    ]) {
      expect(() => assertBalanced({ kind: 'commission_accrued', lines })).toThrow(UnbalancedLedgerError);
    }
    expect(() => assertBalanced({ kind: 'commission_accrued', lines: [line(100, 'EUR'), line(-100, 'EUR'), line(7, 'PLN'), line(-7, 'PLN')] })).not.toThrow();
  });

  it('after an accrual and any refunds, every transaction balances; a full refund leaves every account at zero (property)', () => {
    const scenario = fc.integer({ min: 1, max: 1_000_000 }).chain((orderAmount) => fc.record({
      orderAmount: fc.constant(orderAmount),
      commission: fc.integer({ min: 1, max: orderAmount }),
      cuts: fc.array(fc.integer({ min: 1, max: orderAmount }), { maxLength: 8 }),
    }));
    fc.assert(fc.property(scenario, ({ orderAmount, commission, cuts }) => {
      const postings = [commissionAccrualPosting({ ...movement, amount: commission })];
      let refunded = 0;
      let reversed = 0;
      for (const cut of [...cuts, orderAmount]) {
        const refund = Math.min(cut, orderAmount - refunded);
        if (refund === 0) break;
        refunded += refund;
        const next = reversedAmountAfterRefund({ amount: commission, reversedAmount: reversed }, refunded, orderAmount);
        if (next > reversed) postings.push(commissionReversalPosting({ ...movement, amount: next - reversed, from: 'influencer_pending' }));
        reversed = next;
      }
      for (const posting of postings) expect(() => assertBalanced(posting)).not.toThrow();
      expect(sumsByAccount(postings)).toEqual({ 'vendor_receivable:EUR': 0, 'influencer_pending:EUR': 0 });
    }));
  });
});

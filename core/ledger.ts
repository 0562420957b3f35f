import { isKnownCurrency } from './money.ts';

/**
 * The chart of accounts. Amounts are signed integer minor units: a debit is positive, a credit
 * negative, so that the entries of every transaction sum to zero per currency.
 *
 * - `vendor_receivable` (asset, per vendor): commission a vendor owes the platform. Debited when
 *   a commission accrues, credited when a refund reverses it.
 * - `influencer_pending` (liability, per influencer): commission earned but still inside the
 *   brand's lock (return window). Credited on accrual, debited on reversal or approval.
 * - `influencer_available` (liability, per influencer): approved commission waiting for a
 *   payout. Settlement moves amounts here from `influencer_pending`; a refund that arrives after
 *   approval claws back from here (a negative balance is netted against the next payout).
 *
 * Settlement adds its own accounts (payouts, platform revenue) to this list.
 */
export const LEDGER_ACCOUNTS = ['vendor_receivable', 'influencer_pending', 'influencer_available'] as const;
export type LedgerAccount = (typeof LEDGER_ACCOUNTS)[number];

/** Why money moved; stored on every entry of a transaction. */
export type LedgerKind = 'commission_accrued' | 'commission_reversed';

/** One side of a posting. Exactly one of `vendorId` / `influencerId` names the account's owner. */
export interface LedgerLine {
  account: LedgerAccount;
  amount: number;
  currency: string;
  vendorId?: string;
  influencerId?: string;
  commissionId?: string;
}

/** A balanced set of lines written together under one transaction id. */
export interface LedgerTransaction {
  kind: LedgerKind;
  lines: LedgerLine[];
}

/**
 * Refuses a transaction that is empty, holds a non-integer or zero line, an unknown currency,
 * or does not sum to zero in each currency. Every posting goes through here before it is
 * written, so an unbalanced ledger is a bug that cannot reach the database.
 */
export function assertBalanced(transaction: LedgerTransaction): LedgerTransaction {
  if (transaction.lines.length < 2) throw unbalanced('a transaction needs at least two lines', transaction);
  const sums = new Map<string, bigint>();
  for (const line of transaction.lines) {
    if (!Number.isSafeInteger(line.amount) || line.amount === 0) throw unbalanced('every line is a non-zero integer', transaction);
    if (!isKnownCurrency(line.currency)) throw unbalanced(`unknown currency ${JSON.stringify(line.currency)}`, transaction);
    sums.set(line.currency, (sums.get(line.currency) ?? 0n) + BigInt(line.amount));
  }
  for (const [currency, sum] of sums) {
    if (sum !== 0n) throw unbalanced(`${currency} lines sum to ${sum}, not zero`, transaction);
  }
  return transaction;
}

interface CommissionMovement {
  commissionId: string;
  vendorId: string;
  influencerId: string;
  amount: number;
  currency: string;
}

/** A commission accrues: the vendor owes it, the influencer holds it as pending. */
export function commissionAccrualPosting(movement: CommissionMovement): LedgerTransaction {
  const { commissionId, vendorId, influencerId, amount, currency } = movement;
  return assertBalanced({
    kind: 'commission_accrued',
    lines: [
      { account: 'vendor_receivable', amount, currency, vendorId, commissionId },
      { account: 'influencer_pending', amount: -amount, currency, influencerId, commissionId },
    ],
  });
}

/**
 * A refund reverses `amount` of a commission: the vendor owes that much less, and the
 * influencer loses it from the account the commission currently sits in.
 */
export function commissionReversalPosting(movement: CommissionMovement & { from: LedgerAccount }): LedgerTransaction {
  const { commissionId, vendorId, influencerId, amount, currency, from } = movement;
  return assertBalanced({
    kind: 'commission_reversed',
    lines: [
      { account: 'vendor_receivable', amount: -amount, currency, vendorId, commissionId },
      { account: from, amount, currency, influencerId, commissionId },
    ],
  });
}

/** The influencer account holding a commission in this status. */
export function accountHoldingCommission(status: 'pending' | 'approved' | 'in_payout' | 'paid' | 'reversed'): LedgerAccount {
  return status === 'pending' ? 'influencer_pending' : 'influencer_available';
}

/** Raised for a broken posting: a bug on our side, never a client's mistake, so not a DomainError. */
export class UnbalancedLedgerError extends Error {
  constructor(readonly problem: string, readonly transaction: LedgerTransaction) {
    super(`Refusing an unbalanced ledger transaction (${transaction.kind}): ${problem}`);
    this.name = 'UnbalancedLedgerError';
  }
}

function unbalanced(problem: string, transaction: LedgerTransaction): UnbalancedLedgerError {
  return new UnbalancedLedgerError(problem, transaction);
}

import { isKnownCurrency } from '../money/money.ts';
import type { CommissionStatus } from '../commissions/commission.ts';

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
 * - `influencer_in_payout` (liability, per influencer and payout): money committed to a payout
 *   that is not paid yet. A failed payout returns it to `influencer_available`.
 * - `influencer_paid` (per influencer and payout): money paid out to the influencer; its
 *   balance is everything the influencer ever received.
 * - `platform_revenue` (per currency): funds recruiters' overrides.
 * - `platform_fx` (per currency): the platform's position from converting commissions between
 *   the order's currency and the influencer's payout currency.
 *
 * Influencer accounts hold the payout currency; `vendor_receivable` the order's currency.
 */
export const LEDGER_ACCOUNTS = [
  'vendor_receivable', 'influencer_pending', 'influencer_available', 'influencer_in_payout', 'influencer_paid', 'platform_revenue', 'platform_fx',
] as const;
export type LedgerAccount = (typeof LEDGER_ACCOUNTS)[number];

/** The accounts holding an influencer's money, in the order it flows through them. */
export const INFLUENCER_ACCOUNTS = ['influencer_pending', 'influencer_available', 'influencer_in_payout', 'influencer_paid'] as const;

/**
 * Why money moved; stored on every entry of a transaction. A `*_clawback` is a reversal of
 * money already committed to a payout: it is taken from `influencer_available`, which may go
 * negative, and the next payout nets it.
 */
export const LEDGER_KINDS = [
  'commission_accrued', 'commission_reversed', 'commission_clawback', 'commission_approved',
  'override_accrued', 'override_reversed', 'override_clawback',
  'payout_created', 'payout_failed', 'payout_paid',
] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

/** One side of a posting. Exactly one of `vendorId` / `influencerId` names the account's owner. */
export interface LedgerLine {
  account: LedgerAccount;
  amount: number;
  currency: string;
  vendorId?: string;
  influencerId?: string;
  commissionId?: string;
  payoutId?: string;
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
  /** The commission's amount in its own (the order's) currency. */
  amount: number;
  currency: string;
  /** The influencer's side in the payout currency; absent when it is the same amount and currency. */
  payout?: { amount: number; currency: string };
}

/** A commission accrues: the vendor owes it, the influencer holds it as pending. */
export function commissionAccrualPosting(movement: CommissionMovement): LedgerTransaction {
  return assertBalanced({
    kind: 'commission_accrued',
    lines: movementLines(movement, { account: 'vendor_receivable', vendorId: movement.vendorId }, 'influencer_pending', 1),
  });
}

/**
 * A refund or a fraud decision reverses `amount` of a commission: the vendor owes that much
 * less, and the influencer loses it from the account the commission currently sits in
 * (`kind` says whether that is a plain reversal or a clawback of money already in a payout).
 */
export function commissionReversalPosting(
  movement: CommissionMovement & { from: LedgerAccount; kind?: 'commission_reversed' | 'commission_clawback' },
): LedgerTransaction {
  return assertBalanced({
    kind: movement.kind ?? 'commission_reversed',
    lines: movementLines(movement, { account: 'vendor_receivable', vendorId: movement.vendorId }, movement.from, -1),
  });
}

type OverrideMovement = Omit<CommissionMovement, 'vendorId'>;

/** A recruiter's override accrues, already approved: the platform pays it from its revenue. */
export function overrideAccrualPosting(movement: OverrideMovement): LedgerTransaction {
  return assertBalanced({ kind: 'override_accrued', lines: movementLines(movement, { account: 'platform_revenue' }, 'influencer_available', 1) });
}

/** An override is reversed with its source: the platform takes back what it paid. */
export function overrideReversalPosting(movement: OverrideMovement & { from: LedgerAccount; kind?: 'override_reversed' | 'override_clawback' }): LedgerTransaction {
  return assertBalanced({ kind: movement.kind ?? 'override_reversed', lines: movementLines(movement, { account: 'platform_revenue' }, movement.from, -1) });
}

/**
 * The lines of an accrual (`sign` 1) or a reversal (`sign` -1): the funder's account in the
 * commission's currency against the influencer's account in the payout currency, through
 * `platform_fx` when the two differ. Zero lines (a conversion that rounds to nothing) are left out.
 */
function movementLines(
  movement: OverrideMovement,
  funder: { account: LedgerAccount; vendorId?: string },
  influencerAccount: LedgerAccount,
  sign: 1 | -1,
): LedgerLine[] {
  const { commissionId, influencerId, amount, currency } = movement;
  const payout = movement.payout ?? { amount, currency };
  const funderLine: LedgerLine = { account: funder.account, amount: sign * amount, currency, commissionId };
  if (funder.vendorId !== undefined) funderLine.vendorId = funder.vendorId;
  const influencerLine: LedgerLine = { account: influencerAccount, amount: -sign * payout.amount, currency: payout.currency, influencerId, commissionId };
  if (payout.currency === currency && payout.amount === amount) return [funderLine, influencerLine];
  const lines: LedgerLine[] = [
    funderLine,
    { account: 'platform_fx', amount: -sign * amount, currency, commissionId },
    { account: 'platform_fx', amount: sign * payout.amount, currency: payout.currency, commissionId },
    influencerLine,
  ];
  return lines.filter((line) => line.amount !== 0);
}

/** The reversal kind for a commission in this status: money already in a payout is clawed back. */
export function reversalKind(status: CommissionStatus): 'reversed' | 'clawback' {
  return status === 'in_payout' || status === 'paid' ? 'clawback' : 'reversed';
}

/** The influencer account holding a commission in this status. */
export function accountHoldingCommission(status: CommissionStatus): LedgerAccount {
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

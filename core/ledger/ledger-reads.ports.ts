import type { Page, PageQuery } from '../shared/paging.ts';

/** What every ledger line shows: when, which posting, why, which account. */
interface LedgerLineBase {
  id: string;
  at: Date;
  transactionId: string;
  kind: string;
  account: string;
  currency: string;
}

/** A ledger entry as the platform books it: a debit is positive, a credit negative. */
export interface LedgerEntry extends LedgerLineBase {
  amount: number;
  influencerId: string | null;
  vendorId: string | null;
}

/** A line of an influencer's statement, with the order and click behind it when there is one. */
export interface StatementLine extends LedgerLineBase {
  /** Signed from the influencer's side: positive adds to what they are owed in this account. */
  amount: number;
  commissionId: string | null;
  payoutId: string | null;
  conversionId: string | null;
  orderId: string | null;
  clickId: string | null;
}

/** The sum of one account in one currency over the whole ledger (debit positive). */
export interface AccountTotal {
  account: string;
  currency: string;
  total: number;
}

/** Reads of the ledger for people following the money (db/ledger.repository.ts). */
export interface LedgerReads {
  /** The influencer's lines, newest first. */
  statement(influencerId: string, page: PageQuery): Promise<Page<StatementLine>>;
  /** Every entry naming this commission or this payout, oldest first. */
  entriesOf(owner: { commissionId: string } | { payoutId: string }): Promise<LedgerEntry[]>;
  /** Per account and currency, the whole ledger: the platform's books at a glance. */
  accountTotals(): Promise<AccountTotal[]>;
}

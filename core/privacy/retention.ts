// How long dealcast keeps what it stores about people who are not its customers' accounting
// (README "Privacy and retention"). The ledger and what it rests on (orders, commissions,
// payouts) are kept: accounting law requires them for years. What identifies a browser or a
// person beyond that need goes on a schedule.

/** The retention periods; every one is configurable (cli/config.ts, RETENTION_*). */
export interface RetentionPolicy {
  /** Days a click keeps its browser string, referrer and address hash (duplicate and bot rules need them for a day). */
  readonly clickDetailsDays: number;
  /** Whole months of click rows kept besides the current one; older monthly partitions are dropped. */
  readonly clickMonths: number;
  /** Days a console session is kept after it ended (expired or signed out), for security reviews. */
  readonly adminSessionDays: number;
  /** Days an audit row is kept, unless it records money (`RETAINED_AUDIT_ENTITIES`). */
  readonly auditDays: number;
  /**
   * Days an order keeps the hash of the vendor's buyer reference. It exists to hold a buyer's
   * repeat order within 30 days for review (core/conversions/order-checks.ts); past this it
   * would only link a person's orders together.
   */
  readonly buyerRefDays: number;
}

export const DEFAULT_RETENTION_POLICY: RetentionPolicy = Object.freeze({
  clickDetailsDays: 90,
  clickMonths: 25,
  adminSessionDays: 30,
  auditDays: 730,
  buyerRefDays: 60,
});

/** Audit rows about money movements: kept as long as the ledger, as accounting evidence. */
export const RETAINED_AUDIT_ENTITIES = ['commission', 'conversion', 'payout', 'fx_rate'] as const;

/** Where each kind of data starts being too old, for one run at `now`. */
export interface RetentionCutoffs {
  /** Clicks before it lose their browser string, referrer and address hash. */
  clickDetailsBefore: Date;
  /** The first day (UTC) of the oldest month of clicks kept: every earlier month goes. */
  clicksBefore: Date;
  /** Console sessions that ended before it go. */
  adminSessionsEndedBefore: Date;
  /** Audit rows written before it go (except those about money). */
  auditBefore: Date;
  /** Orders placed before it lose their buyer reference hash. */
  buyerRefsBefore: Date;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The cutoffs of `policy` at `now`. Clicks are kept by whole UTC months: with 25 months on
 * 2026-12-15 the oldest month kept is November 2024, so between 25 and 26 months are kept.
 */
export function retentionCutoffs(policy: RetentionPolicy, now: Date): RetentionCutoffs {
  const days = (n: number) => new Date(now.getTime() - n * DAY_MS);
  return {
    clickDetailsBefore: days(policy.clickDetailsDays),
    clicksBefore: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - policy.clickMonths, 1)),
    adminSessionsEndedBefore: days(policy.adminSessionDays),
    auditBefore: days(policy.auditDays),
    buyerRefsBefore: days(policy.buyerRefDays),
  };
}

/**
 * Where this run's clearing of click details starts: a little before where the last run's
 * ended (clicks replayed after an outage arrive late with their own time), or at the
 * beginning when no run has happened.
 */
export function clickDetailsSince(lastCutoff: Date | null): Date | null {
  return lastCutoff ? new Date(lastCutoff.getTime() - CLICK_DETAILS_OVERLAP_DAYS * DAY_MS) : null;
}

export const CLICK_DETAILS_OVERLAP_DAYS = 7;

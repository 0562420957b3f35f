/**
 * `dealcast ledger check` and `GET /api/v1/admin/ledger/check`: the invariants of the money,
 * verified against the database, and the reconciliation of commissions and payouts against
 * their postings. Each check names what must hold; a violation lists its first examples.
 */
export const LEDGER_CHECKS = {
  balanced_transactions: 'every transaction sums to zero in each currency',
  currency_totals: 'the whole ledger sums to zero in each currency',
  no_negative_balances:
    'no influencer balance is negative (pending, in payout, paid), and an available balance is negative only after a recorded clawback',
  commission_postings: "each commission's postings equal what it is worth: the funder's side amount − reversed, the influencer's side payout amount − reversed",
  pending_balances: "each influencer's pending balance equals the net of their pending commissions",
  influencer_totals: "each influencer's money across pending, available, in payout and paid equals the net of all their commissions",
  payout_balances: "each influencer's in-payout balance equals their open payouts, and their paid balance their paid payouts",
  payout_postings: 'each payout was committed once, paid at most once (only when paid), and failed at most once (only when failed)',
  commission_statuses: "each commission's status agrees with its payout: approved or pending ones are in none, in_payout ones in an open payout, paid ones in a paid payout",
} as const;

export type LedgerCheckName = keyof typeof LEDGER_CHECKS;

export interface LedgerCheckResult {
  name: LedgerCheckName;
  description: string;
  ok: boolean;
  /** Violations found (at most `limit` are looked at). */
  violations: number;
  examples: Record<string, unknown>[];
}

export interface LedgerFigures {
  transactions: number;
  entries: number;
  commissions: number;
  payouts: number;
  /** Per currency, the sum of every entry ("0" when balanced); bigint as a string. */
  totals: Record<string, string>;
}

export interface LedgerCheckReport {
  ok: boolean;
  checkedAt: string;
  figures: LedgerFigures;
  checks: LedgerCheckResult[];
}

/** What the check reads (implemented in db/ledger-check.repository.ts). */
export interface LedgerCheckStore {
  figures(): Promise<LedgerFigures>;
  /** The rows violating one invariant, at most `limit`. */
  violations(check: LedgerCheckName, limit: number): Promise<Record<string, unknown>[]>;
}

/** Runs every check; `ok` only when none found a violation. */
export async function checkLedger(store: LedgerCheckStore, now: Date, options: { examples?: number; limit?: number } = {}): Promise<LedgerCheckReport> {
  const limit = options.limit ?? 1000;
  const examples = options.examples ?? 10;
  const checks: LedgerCheckResult[] = [];
  for (const name of Object.keys(LEDGER_CHECKS) as LedgerCheckName[]) {
    const rows = await store.violations(name, limit);
    checks.push({ name, description: LEDGER_CHECKS[name], ok: rows.length === 0, violations: rows.length, examples: rows.slice(0, examples) });
  }
  return { ok: checks.every((c) => c.ok), checkedAt: now.toISOString(), figures: await store.figures(), checks };
}

/** The report as lines for a terminal. */
export function formatLedgerReport(report: LedgerCheckReport): string[] {
  const lines = [
    `ledger check at ${report.checkedAt}: ${report.figures.transactions} transactions, ${report.figures.entries} entries, `
      + `${report.figures.commissions} commissions, ${report.figures.payouts} payouts`,
  ];
  for (const check of report.checks) {
    lines.push(`${check.ok ? 'ok  ' : 'FAIL'} ${check.name}: ${check.description}${check.ok ? '' : ` (${check.violations} violations)`}`);
    for (const example of check.examples) lines.push(`       ${JSON.stringify(example)}`);
  }
  lines.push(report.ok ? 'ledger is balanced and reconciles with commissions and payouts' : 'ledger check FAILED');
  return lines;
}

import type { Kysely } from 'kysely';
import { systemClock, type Clock } from '../core/shared/clock.ts';
import { checkLedger, formatLedgerReport, type LedgerCheckReport } from '../core/ledger/ledger-check.ts';
import { createLedgerCheckStore } from '../db/ledger-check.repository.ts';
import type { Database } from '../db/schema.ts';

/**
 * `dealcast ledger check`: verifies every invariant of the ledger and reconciles commissions
 * and payouts against their postings, printing one line per check. The caller exits 1 when
 * the report is not ok.
 */
export async function runLedgerCheck(db: Kysely<Database>, out: { write(text: string): unknown }, clock: Clock = systemClock): Promise<LedgerCheckReport> {
  const report = await checkLedger(createLedgerCheckStore(db), clock.now());
  for (const line of formatLedgerReport(report)) out.write(`${line}\n`);
  return report;
}

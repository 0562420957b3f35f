import { sql, type Kysely } from 'kysely';
import { DomainError } from '../core/shared/errors.ts';
import type { Database } from './schema.ts';

/** 'dcsettle' as a number: the one advisory lock of settlement. */
const SETTLEMENT_LOCK_KEY = 0x64_63_73_65_74_74_6cn;

/**
 * Takes the settlement lock until the transaction ends, first thing in a READ COMMITTED
 * transaction, so that every later statement sees what the previous holder committed.
 *
 * - `exclusive`: approval batches, payout runs (each chunk), payout requests and failed
 *   payouts. They read available balances and approved commissions and move them together;
 *   one at a time, nothing else that moves such money can commit in between.
 * - `shared`: refunds and admin reversals. They may run together, but never while a writer
 *   above is between reading a balance and committing a payout of it: a reversal is then
 *   either in the payout's amount, or a clawback after it.
 *
 * With `timeoutMs`, waiting longer fails with `busy` (a chat request or a vendor's refund
 * gives up rather than hang behind a large weekly run).
 */
export async function takeSettlementLock(trx: Kysely<Database>, options: { mode?: 'exclusive' | 'shared'; timeoutMs?: number } = {}): Promise<void> {
  const key = sql`${SETTLEMENT_LOCK_KEY.toString()}::bigint`;
  if (options.timeoutMs !== undefined) await sql`SELECT set_config('lock_timeout', ${`${options.timeoutMs}ms`}, true)`.execute(trx);
  try {
    if (options.mode === 'shared') await sql`SELECT pg_advisory_xact_lock_shared(${key})`.execute(trx);
    else await sql`SELECT pg_advisory_xact_lock(${key})`.execute(trx);
  } catch (error) {
    if (isLockTimeout(error)) throw new DomainError('busy', 'Settlement is busy (a payout run is in progress); try again in a minute');
    throw error;
  }
  if (options.timeoutMs !== undefined) await sql`SELECT set_config('lock_timeout', '0', true)`.execute(trx);
}

/** SQLSTATE 55P03: a lock was not obtained within `lock_timeout`. */
function isLockTimeout(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '55P03';
}

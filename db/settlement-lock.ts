import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.ts';

/** 'dcsettle' as a number: the one advisory lock every settlement writer takes. */
const SETTLEMENT_LOCK_KEY = 0x64_63_73_65_74_74_6cn;

/**
 * Takes the settlement lock until the transaction ends (waiting for it if another holds it).
 * Approval batches, payout runs, payout requests and failed payouts take it, so that each
 * reads balances and commission statuses no other of them is changing. Taken first in a
 * READ COMMITTED transaction: every later statement sees what the previous holder committed.
 * Refunds do not take it; they lock their rows, and the writers above agree with them row by row.
 */
export async function takeSettlementLock(trx: Kysely<Database>, options: { timeoutMs?: number } = {}): Promise<void> {
  if (options.timeoutMs !== undefined) await sql`SELECT set_config('lock_timeout', ${`${options.timeoutMs}ms`}, true)`.execute(trx);
  await sql`SELECT pg_advisory_xact_lock(${SETTLEMENT_LOCK_KEY.toString()}::bigint)`.execute(trx);
  if (options.timeoutMs !== undefined) await sql`SELECT set_config('lock_timeout', '0', true)`.execute(trx);
}

/** SQLSTATE 55P03: a lock was not obtained within `lock_timeout`. */
export function isLockTimeout(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '55P03';
}

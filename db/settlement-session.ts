import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.ts';

/**
 * Sort and hash memory of one settlement chunk: a chunk of 20,000 influencers (some 200,000
 * commissions) keeps its CTE buffers, hash aggregates and hash joins in memory instead of
 * spilling them to temporary files. One chunk runs at a time (the settlement lock), so this is
 * one backend's worth, not the pool's.
 */
export const SETTLEMENT_WORK_MEM = '64MB';

/** The ledger check hashes the whole ledger (millions of lines) by transaction, commission and influencer. */
export const LEDGER_CHECK_WORK_MEM = '256MB';

/**
 * Tunes the current transaction for a settlement chunk (or the ledger check): `work_mem` as
 * given, and no JIT: such a statement is planned far above `jit_above_cost`, and compiling it
 * costs up to seconds that rows bound for disk never win back. `SET LOCAL`: the pool's
 * connection is left as it was when the transaction ends.
 */
export async function tuneForSettlement(trx: Kysely<Database>, workMem: string = SETTLEMENT_WORK_MEM): Promise<void> {
  await sql`SELECT set_config('work_mem', ${workMem}, true), set_config('jit', 'off', true)`.execute(trx);
}

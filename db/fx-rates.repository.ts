import { sql, type Kysely } from 'kysely';
import { invertRateE9, type AppliedRate } from '../core/money/fx.ts';
import type { FxRate, FxRateFilter, FxRateStore, FxRateTx } from '../core/money/fx-rates.ports.ts';
import { auditLog } from './audit.repository.ts';
import type { Database, FxRateRow } from './schema.ts';
import { unitOfWork } from './unit-of-work.ts';

/** The rate store of core/money/fx-rates.service.ts, on Kysely. */
export function createFxRateStore(db: Kysely<Database>): FxRateStore {
  return {
    unitOfWork: unitOfWork(db, (trx) => ({ fxRates: fxRateTx(trx), audit: auditLog(trx) })),
    listRates: (filter, now) => listFxRates(db, filter, now),
  };
}

function fxRateTx(trx: Kysely<Database>): FxRateTx {
  return {
    async findStoredRate(base, quote, validFrom) {
      const row = await trx.selectFrom('fx_rates').selectAll().where('base', '=', base).where('quote', '=', quote).where('valid_from', '=', validFrom).executeTakeFirst();
      return row && toFxRate(row);
    },
    upsertRates: (rates) => upsertFxRates(trx, rates),
  };
}

function toFxRate(row: FxRateRow): FxRate {
  return { base: row.base, quote: row.quote, rateE9: Number(row.rate_e9), validFrom: row.valid_from };
}

/**
 * Stores rates, each taking effect at its `validFrom`; a rate for the same pair and instant
 * replaces the stored one (a corrected import). Returns the stored rates.
 */
export async function upsertFxRates(db: Kysely<Database>, rates: readonly FxRate[]): Promise<FxRate[]> {
  if (rates.length === 0) return [];
  const rows = await db.insertInto('fx_rates')
    .values(rates.map((r) => ({ base: r.base, quote: r.quote, rate_e9: r.rateE9, valid_from: r.validFrom })))
    .onConflict((oc) => oc.columns(['base', 'quote', 'valid_from']).doUpdateSet((eb) => ({ rate_e9: eb.ref('excluded.rate_e9'), created_at: sql`now()` })))
    .returningAll()
    .execute();
  return rows.map(toFxRate);
}

/**
 * The rate from `base` to `quote` in force at `at`: the latest stored for the pair with
 * `valid_from <= at`; failing that, the inverse of the latest for `quote → base` (core/money/fx.ts
 * rule 3). Undefined when neither pair has a rate yet.
 */
export async function findFxRate(db: Kysely<Database>, base: string, quote: string, at: Date): Promise<AppliedRate | undefined> {
  const latest = (b: string, q: string) => db.selectFrom('fx_rates').select(['rate_e9', 'valid_from'])
    .where('base', '=', b).where('quote', '=', q).where('valid_from', '<=', at)
    .orderBy('valid_from', 'desc').limit(1).executeTakeFirst();
  const direct = await latest(base, quote);
  if (direct) return { base, quote, rateE9: Number(direct.rate_e9), validFrom: direct.valid_from };
  const reverse = await latest(quote, base);
  if (reverse) return { base, quote, rateE9: invertRateE9(Number(reverse.rate_e9)), validFrom: reverse.valid_from };
  return undefined;
}

/** Stored rates, newest first per pair; by default only the latest of each pair. */
export async function listFxRates(db: Kysely<Database>, filter: FxRateFilter, now: Date, limit = 500): Promise<FxRate[]> {
  let query = db.selectFrom('fx_rates').selectAll();
  if (filter.base) query = query.where('base', '=', filter.base);
  if (filter.quote) query = query.where('quote', '=', filter.quote);
  if (!filter.history) {
    query = query.where('valid_from', '<=', now).distinctOn(['base', 'quote']);
  }
  return (await query.orderBy('base').orderBy('quote').orderBy('valid_from', 'desc').limit(limit).execute()).map(toFxRate);
}

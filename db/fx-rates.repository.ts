import { sql, type Kysely } from 'kysely';
import { invertRateE9, type AppliedRate } from '../core/money/fx.ts';
import type { Database, FxRateRow } from './schema.ts';

export interface NewFxRate {
  base: string;
  quote: string;
  rateE9: number;
  validFrom: Date;
}

/**
 * Stores rates, each taking effect at its `validFrom`; a rate for the same pair and instant
 * replaces the stored one (a corrected import). Returns the stored rows.
 */
export async function upsertFxRates(db: Kysely<Database>, rates: readonly NewFxRate[]): Promise<FxRateRow[]> {
  if (rates.length === 0) return [];
  return db.insertInto('fx_rates')
    .values(rates.map((r) => ({ base: r.base, quote: r.quote, rate_e9: r.rateE9, valid_from: r.validFrom })))
    .onConflict((oc) => oc.columns(['base', 'quote', 'valid_from']).doUpdateSet((eb) => ({ rate_e9: eb.ref('excluded.rate_e9'), created_at: sql`now()` })))
    .returningAll()
    .execute();
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

export interface FxRateFilter {
  base?: string;
  quote?: string;
  /** Only the rate in force now for each pair (default), or every stored rate. */
  history?: boolean;
}

/** Stored rates, newest first per pair; by default only the latest of each pair. */
export async function listFxRates(db: Kysely<Database>, filter: FxRateFilter, now: Date, limit = 500): Promise<FxRateRow[]> {
  let query = db.selectFrom('fx_rates').selectAll();
  if (filter.base) query = query.where('base', '=', filter.base);
  if (filter.quote) query = query.where('quote', '=', filter.quote);
  if (!filter.history) {
    query = query.where('valid_from', '<=', now).distinctOn(['base', 'quote']);
  }
  return query.orderBy('base').orderBy('quote').orderBy('valid_from', 'desc').limit(limit).execute();
}

import { sql, type Kysely } from 'kysely';
import { EXPOSURE_KINDS, type ExposureKind, type ExposureStore } from '../core/pages/exposure.ts';
import type { Database } from './schema.ts';

/**
 * The page-view counters: one upsert per first view of a visitor and page in a day (the
 * repeats stop at the Redis dedup, core/pages/exposure.ts), so a row takes one write per
 * new visitor, never per refresh.
 */
export function exposureStore(db: Kysely<Database>): ExposureStore {
  return {
    async addView(influencerId, day, kind) {
      await db.insertInto('exposure_daily').values({ influencer_id: influencerId, day, kind, views: 1 })
        .onConflict((oc) => oc.columns(['influencer_id', 'day', 'kind']).doUpdateSet({ views: sql`exposure_daily.views + 1` }))
        .execute();
    },

    async viewTotals(influencerId, fromDay) {
      const rows = await db.selectFrom('exposure_daily')
        .select(['kind', sql<string>`sum(views)`.as('views')])
        .where('influencer_id', '=', influencerId)
        .$if(fromDay !== null, (qb) => qb.where('day', '>=', fromDay as string))
        .groupBy('kind').execute();
      const totals = Object.fromEntries(EXPOSURE_KINDS.map((kind) => [kind, 0])) as Record<ExposureKind, number>;
      for (const row of rows) totals[row.kind] = Number(row.views);
      return totals;
    },
  };
}

import { sql, type Kysely, type Updateable } from 'kysely';
import { exposureWeightsOf, type ExposureWeights } from '../core/tiers/exposure.ts';
import type { Tier } from '../core/tiers/tiers.ts';
import type { InfluencerTier, StoredExposureWeights, TierChange, TierStore, TierTx } from '../core/tiers/tiers.ports.ts';
import { auditLog } from './audit.repository.ts';
import { exposurePointsSql } from './exposure-points.repository.ts';
import { isForeignKeyViolation, isUniqueViolation } from './pg-errors.ts';
import type { Database, TierRow, TiersTable } from './schema.ts';
import { unitOfWork } from './unit-of-work.ts';

/** The tier store of core/tiers/tiers.service.ts, on Kysely. */
export function createTierStore(db: Kysely<Database>): TierStore {
  return {
    unitOfWork: unitOfWork(db, (trx) => ({ tiers: tierTx(trx), audit: auditLog(trx) })),
    listTiers: () => listTiers(db),
  };
}

export function toTier(row: TierRow): Tier {
  return {
    id: row.id, name: row.name, minClicks30d: row.min_clicks_30d, minSales30d: row.min_sales_30d, minExposure30d: row.min_exposure_30d, multiplierBps: row.multiplier_bps,
  };
}

export async function listTiers(db: Kysely<Database>): Promise<Tier[]> {
  return (await db.selectFrom('tiers').selectAll().orderBy('multiplier_bps').orderBy('id').execute()).map(toTier);
}

function tierTx(trx: Kysely<Database>): TierTx {
  const influencerTier = (row: { id: string; tier_id: string | null; tier_pinned: boolean }): InfluencerTier => ({ influencerId: row.id, tierId: row.tier_id, tierPinned: row.tier_pinned });
  return {
    assignTiers: (windowStart, windowStartDay, weights) => assignTiers(trx, windowStart, windowStartDay, weights),
    readExposureWeights: () => readExposureWeights(trx),
    writeExposureWeights: async (weights, at, by) => {
      await trx.insertInto('platform_settings').values({ key: EXPOSURE_WEIGHTS, value: JSON.stringify(weights), updated_at: at, updated_by: by })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(weights), updated_at: at, updated_by: by })).execute();
    },
    findTier: async (id) => {
      const row = await trx.selectFrom('tiers').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toTier(row);
    },
    insertTier: async (tier) => {
      // ON CONFLICT rather than catching the error: a failed statement would abort the transaction.
      const row = await trx.insertInto('tiers').values({
        name: tier.name, min_clicks_30d: tier.minClicks30d, min_sales_30d: tier.minSales30d, min_exposure_30d: tier.minExposure30d, multiplier_bps: tier.multiplierBps,
      }).onConflict((oc) => oc.column('name').doNothing()).returningAll().executeTakeFirst();
      return row && toTier(row);
    },
    updateTier: async (id, changes) => {
      const set: Updateable<TiersTable> = {};
      if (changes.name !== undefined) set.name = changes.name;
      if (changes.minClicks30d !== undefined) set.min_clicks_30d = changes.minClicks30d;
      if (changes.minSales30d !== undefined) set.min_sales_30d = changes.minSales30d;
      if (changes.minExposure30d !== undefined) set.min_exposure_30d = changes.minExposure30d;
      if (changes.multiplierBps !== undefined) set.multiplier_bps = changes.multiplierBps;
      if (changes.name !== undefined) {
        const taken = await trx.selectFrom('tiers').select('id').where('name', '=', changes.name).where('id', '<>', id).executeTakeFirst();
        if (taken) return 'name_taken';
      }
      try {
        const row = await trx.updateTable('tiers').set(set).where('id', '=', id).returningAll().executeTakeFirst();
        return row && toTier(row);
      } catch (error) {
        if (isUniqueViolation(error)) return 'name_taken';
        throw error;
      }
    },
    deleteTier: async (id) => {
      const inUse = await trx.selectFrom('influencers').select('id').where('tier_id', '=', id).limit(1).executeTakeFirst()
        ?? await trx.selectFrom('commissions').select('id').where('tier_id', '=', id).limit(1).executeTakeFirst();
      if (inUse) return 'in_use';
      try {
        const result = await trx.deleteFrom('tiers').where('id', '=', id).executeTakeFirst();
        return result.numDeletedRows > 0n ? 'deleted' : 'missing';
      } catch (error) {
        if (isForeignKeyViolation(error)) return 'in_use';
        throw error;
      }
    },
    lockInfluencer: async (id) => {
      const row = await trx.selectFrom('influencers').select(['id', 'tier_id', 'tier_pinned']).where('id', '=', id).forNoKeyUpdate().executeTakeFirst();
      return row && influencerTier(row);
    },
    setInfluencerTier: async (id, tierId, pinned) => influencerTier(await trx.updateTable('influencers').set({ tier_id: tierId, tier_pinned: pinned })
      .where('id', '=', id).returning(['id', 'tier_id', 'tier_pinned']).executeTakeFirstOrThrow()),
  };
}

const EXPOSURE_WEIGHTS = 'exposure_weights';

/** The exposure weights in `platform_settings`, the defaults where none are stored. */
export async function readExposureWeights(db: Kysely<Database>): Promise<StoredExposureWeights> {
  const row = await db.selectFrom('platform_settings').select(['value', 'updated_at', 'updated_by']).where('key', '=', EXPOSURE_WEIGHTS).executeTakeFirst();
  return { weights: exposureWeightsOf(row?.value), updatedAt: row?.updated_at ?? null, updatedBy: row?.updated_by ?? null };
}

interface AssignmentRow {
  influencer_id: string;
  from_id: string | null;
  from_name: string | null;
  to_id: string | null;
  to_name: string | null;
  to_multiplier_bps: number | null;
}

/**
 * The nightly assignment as one statement: counted clicks from the daily rollups since
 * `windowStartDay`, approved (not reversed) sale commissions since `windowStart`, and for every
 * active, unpinned influencer the best tier whose thresholds both are met, in the order of
 * core/tiers/tiers.ts `pickTier`. Only changed rows are written; a concurrent run re-checks each row
 * it waited for, so no change is made, or announced, twice.
 */
export async function assignTiers(db: Kysely<Database>, windowStart: Date, windowStartDay: string, weights: ExposureWeights): Promise<TierChange[]> {
  const { rows } = await sql<AssignmentRow>`
    WITH clicks AS (
      SELECT influencer_id, sum(clicks_counted) AS n FROM click_rollups_daily WHERE day >= ${windowStartDay}::date GROUP BY influencer_id
    ), exposure AS (
      ${exposurePointsSql(windowStartDay, weights)}
    ), sales AS (
      SELECT influencer_id, count(*) AS n FROM commissions
      WHERE kind = 'sale' AND approved_at >= ${windowStart} AND status <> 'reversed'
      GROUP BY influencer_id
    ), choice AS (
      SELECT i.id, i.tier_id AS from_id, (
        SELECT t.id FROM tiers t
        WHERE t.min_clicks_30d <= coalesce(c.n, 0) AND t.min_sales_30d <= coalesce(s.n, 0) AND t.min_exposure_30d <= coalesce(e.points, 0)
        ORDER BY t.multiplier_bps DESC, t.min_sales_30d DESC, t.min_clicks_30d DESC, t.min_exposure_30d DESC, t.id
        LIMIT 1
      ) AS to_id
      FROM influencers i
      LEFT JOIN clicks c ON c.influencer_id = i.id
      LEFT JOIN sales s ON s.influencer_id = i.id
      LEFT JOIN exposure e ON e.influencer_id = i.id
      WHERE i.status = 'active' AND NOT i.tier_pinned
    ), changed AS (
      UPDATE influencers i SET tier_id = choice.to_id
      FROM choice
      WHERE i.id = choice.id AND i.tier_id IS DISTINCT FROM choice.to_id AND NOT i.tier_pinned AND i.status = 'active'
      RETURNING i.id, choice.from_id, choice.to_id
    )
    SELECT changed.id AS influencer_id, changed.from_id, f.name AS from_name, changed.to_id, t.name AS to_name, t.multiplier_bps AS to_multiplier_bps
    FROM changed
    LEFT JOIN tiers f ON f.id = changed.from_id
    LEFT JOIN tiers t ON t.id = changed.to_id
    ORDER BY changed.id
  `.execute(db);
  return rows.map((r) => ({
    influencerId: r.influencer_id,
    from: r.from_id === null ? null : { id: r.from_id, name: r.from_name! },
    to: r.to_id === null ? null : { id: r.to_id, name: r.to_name!, multiplierBps: r.to_multiplier_bps! },
  }));
}

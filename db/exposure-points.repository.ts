import { sql, type Kysely, type RawBuilder } from 'kysely';
import { AUDIENCE_UNIT, type ExposureCounts, type ExposureWeights } from '../core/tiers/exposure.ts';
import type { Database } from './schema.ts';

// Exposure over a window (core/tiers/exposure.ts), in one place for both readers: the nightly
// tier assignment (every influencer at once) and `/stats` (one influencer).

/**
 * Per influencer from `fromDay` on: counted clicks (the daily rollups), views of their deal pages
 * and storefront (`exposure_daily`), the chats the bot posted to for them and those chats'
 * members. Only influencers with any of it appear. `influencerId` narrows it to one.
 */
function exposureCountsSql(fromDay: string, influencerId?: string): RawBuilder<unknown> {
  const one = (column: string) => (influencerId === undefined ? sql`` : sql`AND ${sql.ref(column)} = ${influencerId}`);
  return sql`
    SELECT influencer_id, sum(clicks)::bigint AS clicks, 0::bigint AS deal_page_views, 0::bigint AS storefront_views,
      0::bigint AS channels_posted, 0::bigint AS audience
    FROM (
      SELECT influencer_id, sum(clicks_counted) AS clicks FROM click_rollups_daily
      WHERE day >= ${fromDay}::date ${one('influencer_id')} GROUP BY influencer_id
    ) AS sources
    GROUP BY influencer_id
  `;
}

/** The exposure points per influencer (`influencer_id`, `points`), summed in SQL the way `exposureScore` sums them. */
export function exposurePointsSql(fromDay: string, weights: ExposureWeights): RawBuilder<unknown> {
  return sql`
    SELECT influencer_id,
      clicks * ${weights.clicks} + deal_page_views * ${weights.dealPageViews} + storefront_views * ${weights.storefrontViews}
        + channels_posted * ${weights.channelsPosted} + (audience * ${weights.audience}) / ${AUDIENCE_UNIT} AS points
    FROM (${exposureCountsSql(fromDay)}) AS counts
  `;
}

/** One influencer's exposure counts from `fromDay` on (zeros when none), for `/stats`. */
export async function readExposureCounts(db: Kysely<Database>, influencerId: string, fromDay: string): Promise<ExposureCounts> {
  const { rows } = await sql<Record<string, string>>`${exposureCountsSql(fromDay, influencerId)}`.execute(db);
  const row = rows[0];
  const n = (column: string) => Number(row?.[column] ?? 0);
  return { clicks: n('clicks'), dealPageViews: n('deal_page_views'), storefrontViews: n('storefront_views'), channelsPosted: n('channels_posted'), audience: n('audience') };
}

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
    SELECT influencer_id, sum(clicks)::bigint AS clicks, sum(deal_page_views)::bigint AS deal_page_views,
      sum(storefront_views)::bigint AS storefront_views, sum(channels_posted)::bigint AS channels_posted, sum(audience)::bigint AS audience
    FROM (
      SELECT influencer_id, sum(clicks_counted) AS clicks, 0 AS deal_page_views, 0 AS storefront_views, 0 AS channels_posted, 0 AS audience
      FROM click_rollups_daily WHERE day >= ${fromDay}::date ${one('influencer_id')} GROUP BY influencer_id
      UNION ALL
      SELECT influencer_id, 0, coalesce(sum(views) FILTER (WHERE kind = 'deal_page_view'), 0), coalesce(sum(views) FILTER (WHERE kind = 'storefront_view'), 0), 0, 0
      FROM exposure_daily WHERE day >= ${fromDay}::date ${one('influencer_id')} GROUP BY influencer_id
      UNION ALL
      -- A chat counts when the bot posted there for its owner in the window, with its last known members.
      SELECT chats.influencer_id, 0, 0, 0, count(*), sum(coalesce(chats.member_count, 0))
      FROM autopost_chats AS chats
      WHERE EXISTS (
        SELECT 1 FROM autopost_posts AS posts
        WHERE posts.chat_id = chats.id AND posts.status = 'posted' AND posts.posted_at >= ${fromDay}::date
      ) ${one('chats.influencer_id')}
      GROUP BY chats.influencer_id
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

import { sql, type Kysely } from 'kysely';
import {
  ALERT_LOOKBACK_HOURS, DIGEST_HOUR, FALLBACK_TIME_ZONE, MAX_ALERT_ITEMS, type DealEventKind,
} from '../core/alerts/deal-alerts.ts';
import type { AlertDeliveryStore, AlertItem, ClaimedAlert } from '../core/alerts/deal-alerts.ports.ts';
import { COUNTRY_TIME_ZONES } from '../core/shared/country-time-zone.ts';
import type { Database } from './schema.ts';

interface ClaimedRow {
  influencer_id: string; event_id: string; product_id: string; kind: DealEventKind; old_price: string | null;
  price: string; currency: string; title: string; brand_name: string;
}

/**
 * The deal alerts due at `now`, claimed in one statement:
 * - `due`: active followers (never suspended or anonymised) whose alerts are on: instant ones
 *   always; daily ones once today's `DIGEST_HOUR` in their country's time zone has passed and
 *   their last digest came before it (they are marked as served, even with nothing to tell, so
 *   that news later in the day waits for tomorrow's digest);
 * - `matches`: events of the last `ALERT_LOOKBACK_HOURS` after the follow began, on active
 *   products of a followed brand or whose title holds every word of a followed keyword, and only
 *   products the follower may promote: a brand they joined, or one they have not asked and that
 *   approves everyone (which `/link` joins on the way);
 * - `claimed`: one row per (event, follower) into `deal_alert_deliveries`; its primary key turns
 *   away what another run claimed, so nothing reaches anyone twice.
 */
export async function claimDueAlerts(db: Kysely<Database>, now: Date): Promise<ClaimedAlert[]> {
  const zones = sql.join(Object.entries(COUNTRY_TIME_ZONES).map(([country, zone]) => sql`(${country}, ${zone})`));
  const { rows } = await sql<ClaimedRow>`
    WITH zones (country, zone) AS (VALUES ${zones}),
    followers AS (SELECT DISTINCT influencer_id FROM deal_follows),
    due AS (
      SELECT i.id AS influencer_id
      FROM followers f
      JOIN influencers i ON i.id = f.influencer_id
      LEFT JOIN deal_alert_settings s ON s.influencer_id = i.id
      LEFT JOIN zones z ON z.country = upper(i.country)
      CROSS JOIN LATERAL (
        SELECT (date_trunc('day', ${now}::timestamptz AT TIME ZONE coalesce(z.zone, ${FALLBACK_TIME_ZONE})) + make_interval(hours => ${DIGEST_HOUR}))
          AT TIME ZONE coalesce(z.zone, ${FALLBACK_TIME_ZONE}) AS digest_at
      ) d
      WHERE i.status = 'active' AND i.deleted_at IS NULL
        AND (coalesce(s.frequency, 'daily') = 'instant'
          OR (coalesce(s.frequency, 'daily') = 'daily' AND ${now}::timestamptz >= d.digest_at
            AND (s.last_delivered_at IS NULL OR s.last_delivered_at < d.digest_at)))
    ),
    matches AS (
      SELECT DISTINCT d.influencer_id, e.id AS event_id
      FROM due d
      JOIN deal_follows f ON f.influencer_id = d.influencer_id
      JOIN deal_events e ON e.created_at > greatest(f.created_at, ${now}::timestamptz - make_interval(hours => ${ALERT_LOOKBACK_HOURS}))
        AND e.created_at <= ${now}::timestamptz
      JOIN products p ON p.id = e.product_id
      JOIN brands b ON b.id = p.brand_id
      LEFT JOIN brand_memberships m ON m.brand_id = b.id AND m.influencer_id = d.influencer_id
      WHERE p.active
        AND (f.brand_id = p.brand_id
          OR (f.keyword IS NOT NULL AND NOT EXISTS (
            SELECT 1 FROM unnest(string_to_array(f.keyword, ' ')) AS word WHERE strpos(lower(p.title), word) = 0)))
        AND (m.status = 'approved' OR (m.status IS NULL AND b.auto_approve))
    ),
    claimed AS (
      INSERT INTO deal_alert_deliveries (event_id, influencer_id, delivered_at)
      SELECT event_id, influencer_id, ${now}::timestamptz FROM matches
      ON CONFLICT DO NOTHING
      RETURNING event_id, influencer_id
    ),
    served AS (
      INSERT INTO deal_alert_settings (influencer_id, last_delivered_at)
      SELECT influencer_id, ${now}::timestamptz FROM due
      ON CONFLICT (influencer_id) DO UPDATE SET last_delivered_at = excluded.last_delivered_at
    )
    SELECT c.influencer_id, e.id AS event_id, e.product_id, e.kind, e.old_price, p.price, p.currency, p.title, b.name AS brand_name
    FROM claimed c
    JOIN deal_events e ON e.id = c.event_id
    JOIN products p ON p.id = e.product_id
    JOIN brands b ON b.id = p.brand_id
    WHERE p.currency = e.currency
    ORDER BY c.influencer_id, e.id
  `.execute(db);
  return alertsOf(rows);
}

/**
 * One alert per follower, one item per product: a product new within the window is new at its
 * price now; a product whose price fell is a drop from its price before the first drop claimed to
 * its price now (a drop followed by a rise back tells nothing). Newest first, `MAX_ALERT_ITEMS` listed.
 */
function alertsOf(rows: ClaimedRow[]): ClaimedAlert[] {
  const byFollower = new Map<string, Map<string, AlertItem>>();
  for (const r of rows) {
    const items = byFollower.get(r.influencer_id) ?? new Map<string, AlertItem>();
    byFollower.set(r.influencer_id, items);
    const first = items.get(r.product_id);
    const currency = r.currency.trim();
    items.set(r.product_id, {
      eventId: r.event_id, productId: r.product_id, title: r.title, brandName: r.brand_name, price: Number(r.price), currency,
      kind: first?.kind ?? r.kind,
      oldPrice: first ? first.oldPrice : r.old_price === null ? null : Number(r.old_price),
    });
  }
  const alerts: ClaimedAlert[] = [];
  for (const [influencerId, byProduct] of byFollower) {
    const items = [...byProduct.values()]
      .filter((i) => i.kind === 'new_product' || (i.oldPrice !== null && i.price < i.oldPrice))
      .sort((a, b) => (BigInt(b.eventId) > BigInt(a.eventId) ? 1 : -1));
    if (items.length === 0) continue;
    alerts.push({ influencerId, items: items.slice(0, MAX_ALERT_ITEMS), more: Math.max(0, items.length - MAX_ALERT_ITEMS) });
  }
  return alerts;
}

export function alertDeliveryStore(db: Kysely<Database>): AlertDeliveryStore {
  return { claimDueAlerts: (now) => claimDueAlerts(db, now) };
}

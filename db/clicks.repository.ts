import { sql, type Kysely, type Transaction } from 'kysely';
import type { ClickEvent } from '../core/clicks/clicks.ports.ts';
import type { Database } from './schema.ts';

/** A click ready to be stored, with its verdict already decided. */
export interface NewClick extends ClickEvent {
  duplicate: boolean;
  bot: boolean;
  counted: boolean;
}

export interface VisitorLink {
  linkId: string;
  visitorId: string;
}

export interface StoredCountedClick extends VisitorLink {
  clickedAt: Date;
}

// Advisory lock class ids (the first int of the two-int form), so that our keys never collide
// with single-bigint advisory locks taken elsewhere.
const VISITOR_LINK_LOCK_CLASS = 0x636c6b; // "clk"
const PARTITION_LOCK_CLASS = 0x707274; // "prt"

/**
 * Serialises ingestion per (visitor, link) until the transaction ends, so that two batches
 * holding clicks of the same visitor on the same link, processed at once, cannot both count
 * one. Keys are taken in sorted order: two transactions never wait on each other in a cycle.
 */
export async function lockVisitorLinks(trx: Transaction<Database>, pairs: readonly VisitorLink[]): Promise<void> {
  if (pairs.length === 0) return;
  await sql`
    SELECT pg_advisory_xact_lock(${VISITOR_LINK_LOCK_CLASS}, k)
    FROM (
      SELECT DISTINCT hashtext(p.link_id || ':' || p.visitor_id) AS k
      FROM json_to_recordset(${JSON.stringify(pairs.map(toPairRow))}::json) AS p(link_id text, visitor_id text)
      ORDER BY k
    ) keys
  `.execute(trx);
}

/** The counted clicks of these visitors on these links within [from, to], by the (link, visitor, time) index. */
export async function findCountedClicks(
  db: Kysely<Database>,
  pairs: readonly VisitorLink[],
  from: Date,
  to: Date,
): Promise<StoredCountedClick[]> {
  if (pairs.length === 0) return [];
  const { rows } = await sql<{ link_id: string; visitor_id: string; clicked_at: Date }>`
    SELECT c.link_id, c.visitor_id, c.clicked_at
    FROM (
      SELECT DISTINCT p.link_id, p.visitor_id
      FROM json_to_recordset(${JSON.stringify(pairs.map(toPairRow))}::json) AS p(link_id bigint, visitor_id text)
    ) p
    JOIN clicks c ON c.link_id = p.link_id AND c.visitor_id = p.visitor_id
    WHERE c.counted AND c.clicked_at >= ${from} AND c.clicked_at <= ${to}
  `.execute(db);
  return rows.map((r) => ({ linkId: String(r.link_id), visitorId: r.visitor_id, clickedAt: r.clicked_at }));
}

/**
 * Stores clicks and folds the newly stored ones into the daily rollups, in one statement.
 * A click id already stored (a retried batch) is skipped and adds nothing to the rollups, so a
 * batch can be replayed any number of times. Rollup rows are upserted in (day, link) order so
 * that concurrent batches lock them in the same order.
 */
export async function insertClicksWithRollups(db: Kysely<Database>, clicks: readonly NewClick[]): Promise<{ inserted: number; counted: number }> {
  if (clicks.length === 0) return { inserted: 0, counted: 0 };
  const payload = JSON.stringify(clicks.map((c) => ({
    id: c.id, link_id: c.linkId, influencer_id: c.influencerId, product_id: c.productId, clicked_at: c.clickedAt,
    visitor_id: c.visitorId, ip_hash: c.ipHash, user_agent: c.userAgent, referer: c.referer,
    counted: c.counted, duplicate: c.duplicate, bot: c.bot,
  })));
  const { rows } = await sql<{ inserted: number; counted: number }>`
    WITH input AS (
      SELECT * FROM json_to_recordset(${payload}::json) AS t(
        id uuid, link_id bigint, influencer_id bigint, product_id bigint, clicked_at timestamptz, visitor_id text,
        ip_hash text, user_agent text, referer text, counted boolean, duplicate boolean, bot boolean)
    ), inserted AS (
      INSERT INTO clicks (id, link_id, influencer_id, product_id, clicked_at, visitor_id, ip_hash, user_agent, referer, counted, duplicate, bot)
      SELECT id, link_id, influencer_id, product_id, clicked_at, visitor_id, ip_hash, user_agent, referer, counted, duplicate, bot
      FROM input
      ON CONFLICT DO NOTHING
      RETURNING link_id, influencer_id, product_id, clicked_at, counted
    ), rolled AS (
      INSERT INTO click_rollups_daily AS r (day, link_id, influencer_id, product_id, clicks_total, clicks_counted)
      SELECT (clicked_at AT TIME ZONE 'UTC')::date, link_id, min(influencer_id), min(product_id), count(*), count(*) FILTER (WHERE counted)
      FROM inserted
      GROUP BY 1, 2
      ORDER BY 1, 2
      ON CONFLICT (day, link_id) DO UPDATE
        SET clicks_total = r.clicks_total + excluded.clicks_total,
            clicks_counted = r.clicks_counted + excluded.clicks_counted
      RETURNING 1
    )
    SELECT count(*)::int AS inserted, (count(*) FILTER (WHERE counted))::int AS counted FROM inserted
  `.execute(db);
  return rows[0] ?? { inserted: 0, counted: 0 };
}

/** `clicks_YYYY_MM`, the partition holding one UTC month. */
export function clickPartitionName(monthStart: Date): string {
  return `clicks_${monthStart.getUTCFullYear()}_${String(monthStart.getUTCMonth() + 1).padStart(2, '0')}`;
}

/**
 * Creates the monthly partitions of `clicks` for the previous, current and next two UTC
 * months where missing; returns the names it created. Rows of those months that landed in the
 * default partition meanwhile are moved into the new partition, since PostgreSQL refuses a
 * partition whose rows sit in the default one. Safe to run from several workers at once.
 */
export async function ensureClickPartitions(db: Kysely<Database>, now: Date): Promise<string[]> {
  const created: string[] = [];
  for (let offset = -1; offset <= 2; offset++) {
    const from = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1));
    const to = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + 1, 1));
    const name = clickPartitionName(from);
    const made = await db.transaction().execute(async (trx) => {
      await sql`SELECT pg_advisory_xact_lock(${PARTITION_LOCK_CLASS}, 0)`.execute(trx);
      const { rows } = await sql<{ exists: boolean }>`SELECT to_regclass(${name}) IS NOT NULL AS exists`.execute(trx);
      if (rows[0]?.exists) return false;
      const table = sql.id(name);
      const lower = sql.lit(from.toISOString());
      const upper = sql.lit(to.toISOString());
      await sql`CREATE TABLE ${table} (LIKE clicks INCLUDING DEFAULTS INCLUDING CONSTRAINTS)`.execute(trx);
      await sql`
        WITH moved AS (DELETE FROM clicks_default WHERE clicked_at >= ${lower} AND clicked_at < ${upper} RETURNING *)
        INSERT INTO ${table} SELECT * FROM moved
      `.execute(trx);
      await sql`ALTER TABLE clicks ATTACH PARTITION ${table} FOR VALUES FROM (${lower}) TO (${upper})`.execute(trx);
      return true;
    });
    if (made) created.push(name);
  }
  return created;
}

function toPairRow(p: VisitorLink): { link_id: string; visitor_id: string } {
  return { link_id: p.linkId, visitor_id: p.visitorId };
}

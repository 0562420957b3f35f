import { sql, type Kysely, type Transaction } from 'kysely';
import type { ClickFlag } from '../core/clicks/click-flags.ts';
import type { ClickEvent } from '../core/clicks/clicks.ports.ts';
import { PREPARED } from './prepared-statements.ts';
import type { Database } from './schema.ts';

/** A click ready to be stored, with its verdict already decided (core/clicks/click-rules.ts). */
export interface NewClick extends ClickEvent {
  duplicate: boolean;
  bot: boolean;
  counted: boolean;
  /** The device is the link's own influencer's; default false. */
  selfClick?: boolean;
  /** Why it is not counted; default null (counted). */
  flag?: ClickFlag | null;
}

export interface VisitorLink {
  linkId: string;
  visitorId: string;
}

// Advisory lock class ids (the first int of the two-int form), so that our keys never collide
// with single-bigint advisory locks taken elsewhere.
const VISITOR_LINK_LOCK_CLASS = 0x636c6b; // "clk"
const PARTITION_LOCK_CLASS = 0x707274; // "prt"

/**
 * Serialises ingestion per (visitor, link) until the transaction ends, so that two batches
 * holding clicks of the same visitor on the same link, processed at once, cannot both count
 * one. Keys are taken in sorted order: two transactions never wait on each other in a cycle.
 * Each pair holds one slot of PostgreSQL's shared lock table until commit, so the caller bounds
 * how many pairs one transaction locks. Pairs are given once each (see `distinctVisitorLinks`).
 */
export async function lockVisitorLinks(trx: Transaction<Database>, pairs: VisitorLinks): Promise<void> {
  if (pairs.linkIds.length === 0) return;
  await sql`${sql.raw(PREPARED)}
    SELECT pg_advisory_xact_lock(${VISITOR_LINK_LOCK_CLASS}::int, k)
    FROM (
      SELECT DISTINCT hashtext(p.link_id || ':' || p.visitor_id) AS k
      FROM unnest(${plainArrayLiteral(pairs.linkIds)}::text[], ${arrayLiteral(pairs.visitorIds)}::text[]) AS p(link_id, visitor_id)
      ORDER BY k
    ) keys
  `.execute(trx);
}

/** Distinct (link, visitor) pairs as two parallel arrays, the form the statements above take. */
export interface VisitorLinks {
  linkIds: string[];
  visitorIds: string[];
}

export function distinctVisitorLinks(pairs: Iterable<VisitorLink>): VisitorLinks {
  const seen = new Set<string>();
  const linkIds: string[] = [];
  const visitorIds: string[] = [];
  for (const { linkId, visitorId } of pairs) {
    const key = `${linkId}:${visitorId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    linkIds.push(linkId);
    visitorIds.push(visitorId);
  }
  return { linkIds, visitorIds };
}

export interface StoredClicks {
  inserted: number;
  counted: number;
}

/**
 * Stores clicks none of which is stored yet, and adds them to the daily rollups, in one
 * statement. This is the ingest's usual case, and the cheapest: a plain insert, and rollup
 * deltas summed here rather than from the inserted rows. A click already stored (a replayed
 * batch) fails the statement with a unique violation (see `isAlreadyStored`), and the caller's
 * transaction is then to be run again with `insertClicksWithRollups`.
 */
export async function insertNewClicksWithRollups(db: Kysely<Database>, clicks: readonly NewClick[]): Promise<StoredClicks> {
  if (clicks.length === 0) return { inserted: 0, counted: 0 };
  const rollups = sumRollups(clicks);
  await sql`${sql.raw(PREPARED)}
    WITH inserted AS (
      INSERT INTO clicks (${CLICK_COLUMNS})
      SELECT ${CLICK_COLUMNS} FROM ${clickRows(clicks)}
    )
    INSERT INTO click_rollups_daily AS r (day, link_id, influencer_id, product_id, clicks_total, clicks_counted)
    SELECT (t.at AT TIME ZONE 'UTC')::date, t.link_id, t.influencer_id, t.product_id, t.total, t.counted
    FROM unnest(${plainArrayLiteral(rollups.map((g) => g.at))}::timestamptz[], ${plainArrayLiteral(rollups.map((g) => g.linkId))}::bigint[],
      ${plainArrayLiteral(rollups.map((g) => g.influencerId))}::bigint[], ${plainArrayLiteral(rollups.map((g) => g.productId))}::bigint[],
      ${plainArrayLiteral(rollups.map((g) => g.total))}::int[], ${plainArrayLiteral(rollups.map((g) => g.counted))}::int[])
      AS t(at, link_id, influencer_id, product_id, total, counted)
    ORDER BY 1, 2
    ON CONFLICT (day, link_id) DO UPDATE
      SET clicks_total = r.clicks_total + excluded.clicks_total,
          clicks_counted = r.clicks_counted + excluded.clicks_counted
  `.execute(db);
  return { inserted: clicks.length, counted: clicks.reduce((n, c) => n + (c.counted ? 1 : 0), 0) };
}

/** True for the error `insertNewClicksWithRollups` fails with when a click is stored already. */
export function isAlreadyStored(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === '23505';
}

/**
 * Stores clicks and folds the newly stored ones into the daily rollups, in one statement.
 * A click id already stored (a retried batch) is skipped and adds nothing to the rollups, so a
 * batch can be replayed any number of times. Rollup rows are upserted in (day, link) order so
 * that concurrent batches lock them in the same order.
 */
export async function insertClicksWithRollups(db: Kysely<Database>, clicks: readonly NewClick[]): Promise<StoredClicks> {
  if (clicks.length === 0) return { inserted: 0, counted: 0 };
  const { rows } = await sql<StoredClicks>`${sql.raw(PREPARED)}
    WITH inserted AS (
      INSERT INTO clicks (${CLICK_COLUMNS})
      SELECT ${CLICK_COLUMNS} FROM ${clickRows(clicks)}
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

const CLICK_COLUMNS = sql.raw('id, link_id, influencer_id, product_id, clicked_at, visitor_id, ip_hash, user_agent, referer, counted, duplicate, bot, self_click, flag');

/**
 * The clicks as rows, one array parameter per column: PostgreSQL reads typed arrays at about
 * two thirds of the cost of the same rows as JSON records.
 */
function clickRows(clicks: readonly NewClick[]) {
  const text = (value: (c: NewClick) => string | null) => arrayLiteral(clicks.map(value));
  const plain = (value: (c: NewClick) => string | boolean | null) => plainArrayLiteral(clicks.map(value));
  return sql`unnest(
    ${plain((c) => c.id)}::uuid[], ${plain((c) => c.linkId)}::bigint[], ${plain((c) => c.influencerId)}::bigint[],
    ${plain((c) => c.productId)}::bigint[], ${plain((c) => c.clickedAt)}::timestamptz[], ${text((c) => c.visitorId)}::text[],
    ${text((c) => c.ipHash)}::text[], ${text((c) => c.userAgent)}::text[], ${text((c) => c.referer)}::text[],
    ${plain((c) => c.counted)}::boolean[], ${plain((c) => c.duplicate)}::boolean[], ${plain((c) => c.bot)}::boolean[],
    ${plain((c) => c.selfClick ?? false)}::boolean[], ${plain((c) => c.flag ?? null)}::text[]
  ) AS t(${CLICK_COLUMNS})`;
}

interface RollupDelta {
  /** A click time of the group: PostgreSQL turns it into the UTC day, as the other statement does. */
  at: string;
  linkId: string;
  influencerId: string;
  productId: string;
  total: number;
  counted: number;
}

/** The clicks summed per UTC day and link (the statement sorts them, so that concurrent batches lock rollup rows in one order). */
function sumRollups(clicks: readonly NewClick[]): RollupDelta[] {
  const groups = new Map<string, RollupDelta>();
  for (const c of clicks) {
    // clickedAt is an ISO string (Date#toISOString): its date part is the UTC day, whatever the year.
    const key = `${c.clickedAt.slice(0, c.clickedAt.indexOf('T'))}/${c.linkId}`;
    let group = groups.get(key);
    if (!group) {
      group = { at: c.clickedAt, linkId: c.linkId, influencerId: c.influencerId, productId: c.productId, total: 0, counted: 0 };
      groups.set(key, group);
    }
    group.total += 1;
    if (c.counted) group.counted += 1;
  }
  return [...groups.values()];
}

/**
 * A PostgreSQL array literal of these values, every element quoted (valid for any element
 * type), NULL for null. Built here because pg's own conversion runs two regular expressions
 * over every element, and the ingest sends a dozen elements per click.
 */
export function arrayLiteral(values: readonly (string | number | boolean | null)[]): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (i > 0) out += ',';
    if (v === null || v === undefined) {
      out += 'NULL';
    } else {
      const text = String(v);
      out += NEEDS_ESCAPE.test(text) ? `"${text.replace(ESCAPED, '\\$&')}"` : `"${text}"`;
    }
  }
  return `${out}}`;
}

/**
 * The same literal for values whose text never holds a quote or a backslash (ids, uuids, ISO
 * times, numbers, booleans), without the escape scan: most of the ingest's elements are such.
 * A value that broke the promise would make the parameter malformed (PostgreSQL refuses it),
 * never change the statement: the literal is a bound parameter, not SQL.
 */
export function plainArrayLiteral(values: readonly (string | number | boolean | null)[]): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (i > 0) out += ',';
    out += v === null || v === undefined ? 'NULL' : `"${v}"`;
  }
  return `${out}}`;
}

const NEEDS_ESCAPE = /["\\]/;
const ESCAPED = /["\\]/g;

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

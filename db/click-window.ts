import { sql, type RawBuilder } from 'kysely';
import { CLICK_ID_TIME_MARGIN_MS, clickTimeWindow } from '../core/clicks/click-id.ts';

// Clicks are partitioned by month of clicked_at, and a click id (UUIDv7) carries the instant it
// was minted, which is the click's clicked_at (core/clicks/click-id.ts). A lookup by id that
// also bounds clicked_at around that instant reads one partition (two at a month's edge); by
// id alone it probes the index of every month ever kept.

/**
 * `alias.clicked_at` within the window of the click id `id` names, when the id is a value: the
 * bounds are computed here (core's `clickTimeWindow`), so PostgreSQL prunes partitions while
 * planning. Undefined for an id that is not a UUIDv7: it names no click, and the caller answers
 * "not found" without a query.
 */
export function clickedAtNear(alias: string, id: string): RawBuilder<boolean> | undefined {
  const window = clickTimeWindow(id);
  if (!window) return undefined;
  const column = sql.ref(`${alias}.clicked_at`);
  return sql<boolean>`${column} >= ${window.from} AND ${column} <= ${window.to}`;
}

/**
 * The same window when the id is a column of another row (a conversion's `click_id` in a
 * join): the instant is read out of the uuid's first 48 bits in SQL, the way `clickIdTime` reads
 * it, so PostgreSQL prunes partitions at run time, per outer row. Any uuid reads as some
 * instant: a forged one names no click in that window and is simply not found.
 */
export function clickedAtNearColumn(alias: string, idColumn: string): RawBuilder<boolean> {
  const column = sql.ref(`${alias}.clicked_at`);
  const margin = sql`${sql.lit(CLICK_ID_TIME_MARGIN_MS)} * interval '1 millisecond'`;
  const minted = clickIdTimeSql(sql.ref(idColumn));
  return sql<boolean>`${column} >= ${minted} - ${margin} AND ${column} <= ${minted} + ${margin}`;
}

/** SQL: the instant in a UUIDv7's first 48 bits (12 hex digits before the version). */
export function clickIdTimeSql(id: RawBuilder<unknown>): RawBuilder<Date> {
  return sql<Date>`(timestamptz 'epoch' + ('x' || translate(left(${id}::text, 13), '-', ''))::bit(48)::bigint * interval '1 millisecond')`;
}

import { sql, type SelectQueryBuilder } from 'kysely';
import type { Page, PageQuery } from '../core/shared/paging.ts';

/** Cuts a `limit + 1` query result into a page. */
export function toPage<T extends { id: string }>(rows: T[], limit: number): Page<T> {
  if (rows.length <= limit) return { items: rows, nextAfter: null };
  const items = rows.slice(0, limit);
  return { items, nextAfter: items[items.length - 1]!.id };
}

/** What a list filters on, by column name as the query names it (`'clicks.link_id'`). */
export interface ListFilter {
  /** The keyset column: newest first, the next page holds the ids below the last one seen. */
  readonly id: string;
  /** Equality filters; an undefined value filters nothing. */
  readonly equal?: Readonly<Record<string, string | number | boolean | undefined>>;
  /** A time range on one column: `from` inclusive, `to` exclusive. */
  readonly during?: { readonly column: string; readonly from?: Date; readonly to?: Date };
}

/**
 * The one way lists are read: the filters that are set, then one keyset page (never OFFSET,
 * so that page 10,000 costs what page 1 costs), mapped to what the caller returns. The scope
 * belongs in `query` already (a vendor's WHERE clause or join).
 */
export async function listPage<DB, TB extends keyof DB, O, T extends { id: string }>(
  query: SelectQueryBuilder<DB, TB, O>, filter: ListFilter, page: PageQuery, map: (row: O) => T,
): Promise<Page<T>> {
  // Column names come from the repositories, never from a request: a raw reference is safe here.
  let q = query as unknown as SelectQueryBuilder<Record<string, Record<string, unknown>>, string, O>;
  for (const [column, value] of Object.entries(filter.equal ?? {})) {
    if (value !== undefined) q = q.where(sql.ref(column), '=', value);
  }
  if (filter.during?.from) q = q.where(sql.ref(filter.during.column), '>=', filter.during.from);
  if (filter.during?.to) q = q.where(sql.ref(filter.during.column), '<', filter.during.to);
  if (page.after !== undefined) q = q.where(sql.ref(filter.id), '<', page.after);
  const rows = await q.orderBy(sql.ref(filter.id), 'desc').limit(page.limit + 1).execute();
  return toPage(rows.map(map), page.limit);
}

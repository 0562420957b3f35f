import type { Page } from '../core/shared/paging.ts';

/** Cuts a `limit + 1` query result into a page. */
export function toPage<T extends { id: string }>(rows: T[], limit: number): Page<T> {
  if (rows.length <= limit) return { items: rows, nextAfter: null };
  const items = rows.slice(0, limit);
  return { items, nextAfter: items[items.length - 1]!.id };
}

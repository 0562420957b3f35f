import { ValidationError } from '../../core/shared/errors.ts';
import type { Page, PageQuery, TimeRange } from '../../core/shared/paging.ts';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

const KEY_SHAPES = {
  bigint: /^[0-9]{1,18}$/,
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
} as const;
type KeyShape = keyof typeof KEY_SHAPES;

/**
 * The page a request asks for. Cursors are opaque to clients (base64url of the last id seen),
 * so that the keyset can change without breaking them; a tampered cursor is a 400, not a 500.
 */
export function pageQuery(query: { limit?: number; cursor?: string }, shape: KeyShape = 'bigint'): PageQuery {
  const limit = Math.min(query.limit ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
  if (query.cursor === undefined || query.cursor === '') return { limit };
  let after: unknown;
  try {
    after = (JSON.parse(Buffer.from(query.cursor, 'base64url').toString('utf8')) as { after?: unknown }).after;
  } catch {
    after = undefined;
  }
  if (typeof after !== 'string' || !KEY_SHAPES[shape].test(after)) {
    throw new ValidationError('cursor is not a cursor this list gave out; pass the nextCursor of the previous page', { field: 'cursor' });
  }
  return { limit, after };
}

/** A page as the API answers it: `{items, nextCursor}`. */
export function pageResponse<R extends { id: string }, T>(page: Page<R>, present: (row: R) => T): { items: T[]; nextCursor: string | null } {
  return {
    items: page.items.map(present),
    nextCursor: page.nextAfter === null ? null : Buffer.from(JSON.stringify({ after: page.nextAfter }), 'utf8').toString('base64url'),
  };
}

/** `from`/`to` query values (ISO 8601 dates or date-times) as a checked range. */
export function timeRange(query: { from?: string; to?: string }): TimeRange {
  const from = parseInstant(query.from, 'from');
  const to = parseInstant(query.to, 'to');
  if (from && to && from >= to) throw new ValidationError('from must be before to', { field: 'from' });
  return { from, to };
}

function parseInstant(value: string | undefined, field: string): Date | undefined {
  if (value === undefined || value === '') return undefined;
  // A bare date or a date-time without offset is UTC, whatever the server's time zone.
  const normalized = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z`
    : /(Z|[+-]\d{2}:?\d{2})$/.test(value) ? value.replace(' ', 'T') : `${value.replace(' ', 'T')}Z`;
  const date = new Date(normalized);
  // V8 rolls "02-30" over into March; a UTC value must keep the date it was written with.
  const rolledOver = normalized.endsWith('Z') && !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) !== normalized.slice(0, 10);
  if (Number.isNaN(date.getTime()) || rolledOver) {
    throw new ValidationError(`${field} is not a valid date: ${JSON.stringify(value)}`, { field });
  }
  return date;
}

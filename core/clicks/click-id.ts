import { v7 } from 'uuid';
import { takeRandomBytes } from '../shared/random-pool.ts';

/**
 * A click id: a UUIDv7 (time-ordered, so clicks index and partition well), with its random
 * part drawn from the pooled CSPRNG because one is minted on every redirect. Its time is the
 * click's own `clickedAt`, so that the id alone tells which monthly partition holds the click.
 */
export function newClickId(clickedAt: Date = new Date()): string {
  return v7({ msecs: clickedAt.getTime(), random: takeRandomBytes(16) });
}

/**
 * How far a stored click's `clicked_at` may lie from the time in its id. Both come from the same
 * clock reading (see `newClickId`); the margin only absorbs ids minted by other means (a test,
 * an import) and keeps a lookup on one partition, two at a month's edge.
 */
export const CLICK_ID_TIME_MARGIN_MS = 24 * 60 * 60 * 1000;

const UUID_V7 = /^([0-9a-f]{8})-([0-9a-f]{4})-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/**
 * The instant written in a UUIDv7's first 48 bits (milliseconds since 1970), or undefined for
 * anything that is not a UUIDv7. Ids come from vendors and support staff: a forged one reads as
 * some instant or none, never as an error, and then simply names no click.
 */
export function clickIdTime(id: string): Date | undefined {
  const match = UUID_V7.exec(id);
  if (!match) return undefined;
  return new Date(Number.parseInt(match[1]! + match[2]!, 16));
}

/**
 * The `clicked_at` range within which the click named by this id must lie, so that a lookup by
 * id reads one partition instead of every month's; undefined when the id is not a UUIDv7 (no
 * click of ours has such an id).
 */
export function clickTimeWindow(id: string): { from: Date; to: Date } | undefined {
  const at = clickIdTime(id);
  if (!at) return undefined;
  return { from: new Date(at.getTime() - CLICK_ID_TIME_MARGIN_MS), to: new Date(at.getTime() + CLICK_ID_TIME_MARGIN_MS) };
}

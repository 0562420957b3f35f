import { isAutomatedClient } from './preview-fetchers.ts';

/** A click by the same visitor on the same link within this window of a counted one is a duplicate. */
export const DUPLICATE_WINDOW_MS = 24 * 60 * 60 * 1000;

export interface ClickToClassify {
  id: string;
  linkId: string;
  visitorId: string;
  clickedAt: Date;
  userAgent: string | null;
}

/** A counted click already stored, for the same visitor and link as some click of the batch. */
export interface CountedClick {
  linkId: string;
  visitorId: string;
  clickedAt: Date;
}

export interface ClickVerdict {
  duplicate: boolean;
  bot: boolean;
  counted: boolean;
}

/**
 * Classifies a batch of clicks, in time order, against the counted clicks already stored:
 * a click is a duplicate when a counted click of the same visitor on the same link lies less
 * than 24 h from it (earlier clicks of the same batch included); a bot when its user agent is
 * automated or missing. Only a click that is neither is counted.
 *
 * A stored counted click also makes an *earlier* click within 24 h a duplicate: batches may
 * be stored out of order (a retried batch arrives after a newer one), and counting both would
 * count the visitor twice in one window. The invariant is that no two counted clicks of one
 * visitor on one link are less than 24 h apart, whatever the order of arrival.
 * Returns one verdict per input click, in input order.
 */
export function classifyClicks(clicks: readonly ClickToClassify[], stored: readonly CountedClick[]): ClickVerdict[] {
  const countedByPair = new Map<string, number[]>();
  for (const c of stored) pushTime(countedByPair, pairKey(c.linkId, c.visitorId), c.clickedAt.getTime());

  // UUIDv7 ids sort by creation time, which breaks ties between clicks of the same millisecond.
  const order = clicks.map((_, i) => i).sort((a, b) => {
    const x = clicks[a]!;
    const y = clicks[b]!;
    return x.clickedAt.getTime() - y.clickedAt.getTime() || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0);
  });

  const verdicts: ClickVerdict[] = new Array(clicks.length);
  for (const i of order) {
    const click = clicks[i]!;
    const key = pairKey(click.linkId, click.visitorId);
    const at = click.clickedAt.getTime();
    const duplicate = hasCountedWithin(countedByPair.get(key), at);
    const bot = isAutomatedClient(click.userAgent);
    const counted = !duplicate && !bot;
    if (counted) pushTime(countedByPair, key, at);
    verdicts[i] = { duplicate, bot, counted };
  }
  return verdicts;
}

function pairKey(linkId: string, visitorId: string): string {
  return `${linkId}\u0000${visitorId}`;
}

function pushTime(map: Map<string, number[]>, key: string, time: number): void {
  const times = map.get(key);
  if (times) times.push(time);
  else map.set(key, [time]);
}

/** Lists are tiny (at most a few counted clicks per visitor and link in two days), so a scan is fine. */
function hasCountedWithin(times: number[] | undefined, at: number): boolean {
  if (!times) return false;
  return times.some((t) => Math.abs(at - t) < DUPLICATE_WINDOW_MS);
}

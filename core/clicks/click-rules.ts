import { isFreshClick, VELOCITY_LIMITS, type ClickFlag, type RequestFlag, type VelocityLimit } from './click-flags.ts';
import { isAutomatedClient } from './preview-fetchers.ts';

/** A click by the same visitor on the same link within this window of a counted one is a duplicate. */
export const DUPLICATE_WINDOW_MS = 24 * 60 * 60 * 1000;

export interface ClickToClassify {
  id: string;
  linkId: string;
  visitorId: string;
  clickedAt: Date;
  userAgent: string | null;
  /** The salted daily hash of the address; null when the redirect saw none. */
  ipHash: string | null;
  /** What the redirect saw of the request (`ClickEvent.requestFlag`); absent on clicks queued before it existed. */
  requestFlag?: RequestFlag | null;
}

/** A counted click already stored, for the same visitor and link as some click of the batch. */
export interface CountedClick {
  linkId: string;
  visitorId: string;
  clickedAt: Date;
}

/** A fresh click already stored (counted, or flagged by the velocity rule) of a visitor or an address of the batch. */
export interface FreshClick {
  key: string;
  clickedAt: Date;
}

/** What the store holds around a batch: the probes of `db/click-history.repository.ts`. */
export interface ClickHistory {
  counted: readonly CountedClick[];
  /** By visitor id, any link: per visitor at least the `maxClicks` newest of the window. */
  freshByVisitor: readonly FreshClick[];
  /** By address hash, any link and visitor: per address at least the `maxClicks` newest of the window. */
  freshByAddress: readonly FreshClick[];
}

export interface ClickVerdict {
  duplicate: boolean;
  bot: boolean;
  selfClick: boolean;
  /** The first rule that keeps the click from counting (see `CLICK_FLAGS`); null when it counts. */
  flag: ClickFlag | null;
  counted: boolean;
}

export interface ClickLimits {
  visitor: VelocityLimit;
  address: VelocityLimit;
}

/**
 * Classifies a batch of clicks, in time order, against what is stored. The flag is the first of:
 * `bot` (an automated or scripted client), `datacenter`, `self` (the influencer's own device),
 * `duplicate` (a counted click of the same visitor on the same link less than 24 h from it),
 * `velocity_visitor` (the visitor already has `maxClicks` fresh clicks, on any link, in the
 * window up to this one), `velocity_address` (the same for the address). Only a click with no
 * flag is counted. A fresh click is a counted one or one flagged by velocity, so that a flood
 * stays flagged while it lasts, and a visitor's duplicates never use up the limit of another
 * person at the same address. Earlier clicks of the same batch count as stored ones.
 *
 * A stored counted click also makes an *earlier* click within 24 h a duplicate: batches may
 * be stored out of order (a retried batch arrives after a newer one), and counting both would
 * count the visitor twice in one window. The invariant is that no two counted clicks of one
 * visitor on one link are less than 24 h apart, whatever the order of arrival. The velocity
 * limits look back only: a retried batch is judged against what is stored before each click.
 * Returns one verdict per input click, in input order.
 */
export function classifyClicks(clicks: readonly ClickToClassify[], history: ClickHistory, limits: ClickLimits = VELOCITY_LIMITS): ClickVerdict[] {
  const countedByPair = new Map<string, number[]>();
  for (const c of history.counted) pushTime(countedByPair, pairKey(c.linkId, c.visitorId), c.clickedAt.getTime());
  const freshByVisitor = new Map<string, number[]>();
  for (const c of history.freshByVisitor) pushTime(freshByVisitor, c.key, c.clickedAt.getTime());
  const freshByAddress = new Map<string, number[]>();
  for (const c of history.freshByAddress) pushTime(freshByAddress, c.key, c.clickedAt.getTime());

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
    const seen = click.requestFlag ?? null;
    const bot = seen === 'bot' || isAutomatedClient(click.userAgent);
    const selfClick = seen === 'self';
    // The redirect's flag follows the same order (bot, datacenter, self): it is the first one that applies.
    let flag: ClickFlag | null = bot ? 'bot' : seen ?? (duplicate ? 'duplicate' : null);
    if (flag === null && reachesLimit(freshByVisitor.get(click.visitorId), at, limits.visitor)) flag = 'velocity_visitor';
    if (flag === null && click.ipHash !== null && reachesLimit(freshByAddress.get(click.ipHash), at, limits.address)) flag = 'velocity_address';
    const counted = flag === null;
    if (counted) pushTime(countedByPair, key, at);
    if (isFreshClick(flag)) {
      pushTime(freshByVisitor, click.visitorId, at);
      if (click.ipHash !== null) pushTime(freshByAddress, click.ipHash, at);
    }
    verdicts[i] = { duplicate, bot, selfClick, flag, counted };
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

/** True when `limit.maxClicks` fresh clicks already lie in the window that ends at `at`. */
function reachesLimit(times: number[] | undefined, at: number, limit: VelocityLimit): boolean {
  if (!times || times.length < limit.maxClicks) return false;
  let within = 0;
  for (const t of times) {
    if (t <= at && t > at - limit.windowMs && ++within >= limit.maxClicks) return true;
  }
  return false;
}

/**
 * Why a recorded click is not counted, in the order the rules are checked: a click carries the
 * first that applies, and a click with no flag is counted.
 * - `bot`: an automated client (a bot's user agent, none at all, or a browser's user agent
 *   without the `Accept-Language` every browser sends on a navigation).
 * - `datacenter`: the address is in a cloud provider's published ranges, where people do not
 *   browse from but scripts run.
 * - `self`: the device carries the owner mark of the link's own influencer.
 * - `duplicate`: the same visitor on the same link within 24 h of a counted click.
 * - `velocity_visitor` / `velocity_address`: a click past the limit of one visitor (across
 *   links), or of one address, in a short window (see `VELOCITY_LIMITS`).
 */
export const CLICK_FLAGS = ['bot', 'datacenter', 'self', 'duplicate', 'velocity_visitor', 'velocity_address'] as const;
export type ClickFlag = (typeof CLICK_FLAGS)[number];

/**
 * The flags the redirect can tell from the request alone (the user agent and headers, the raw
 * address before it is hashed, the owner mark): carried by the click event, since none of what
 * they are decided on is stored.
 */
export const REQUEST_FLAGS = ['bot', 'datacenter', 'self'] as const satisfies readonly ClickFlag[];
export type RequestFlag = (typeof REQUEST_FLAGS)[number];

/**
 * The flags the velocity rule sets: clicks flagged so still count towards the limit, so a
 * sustained flood stays flagged. The partial indexes of migration 2026-12-04-0003 and the probe
 * of db/click-history.repository.ts spell the same list in SQL.
 */
export const VELOCITY_FLAGS = ['velocity_visitor', 'velocity_address'] as const satisfies readonly ClickFlag[];

export interface VelocityLimit {
  /** Fresh clicks allowed within `windowMs` before the next one is flagged. */
  maxClicks: number;
  windowMs: number;
}

const MINUTE = 60 * 1000;

/**
 * A person opens deals one by one: twenty fresh clicks in ten minutes across an influencer's
 * links is already eager. An address is shared more (a household, an office, a mobile carrier's
 * NAT), so it may produce more before its clicks stop counting. Only fresh clicks (counted, or
 * flagged by this very rule) are counted against a limit: a visitor's duplicates, bots and
 * self-clicks never push someone else at the same address over it.
 */
export const VELOCITY_LIMITS: Readonly<{ visitor: VelocityLimit; address: VelocityLimit }> = Object.freeze({
  visitor: Object.freeze({ maxClicks: 20, windowMs: 10 * MINUTE }),
  address: Object.freeze({ maxClicks: 50, windowMs: 10 * MINUTE }),
});

/** True for a click that counts against the velocity limits: counted, or flagged by them. */
export function isFreshClick(flag: ClickFlag | null): boolean {
  return flag === null || (VELOCITY_FLAGS as readonly ClickFlag[]).includes(flag);
}

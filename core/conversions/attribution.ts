import type { Scope } from '../access/access.ts';
import type { ClickReport } from '../reports/reports.ports.ts';
import { HELD_CLICK_FLAGS } from './order-checks.ts';

/**
 * Why an order earned nobody a commission:
 * - `no_click`: the vendor named no click.
 * - `unknown_click`: no click has that id (a made-up id, or one we never stored).
 * - `foreign_click`: the click was on a link to another vendor's product. Staff see it; the
 *   vendor is told `unknown_click` (see `reasonToldToVendor`).
 * - `not_counted`: the click was a bot's, or a duplicate with no counted click of the same
 *   visitor on the same link before it.
 * - `outside_window`: the counted click lies outside the brand's attribution window before
 *   the order (or after it).
 * - `influencer_inactive`: the click would have earned the order, but its influencer is
 *   suspended (or deleted) when the order arrives: their links keep working, they earn no new
 *   commission (core/influencers/influencer-standing.ts).
 */
export type UnattributedReason = 'no_click' | 'unknown_click' | 'foreign_click' | 'not_counted' | 'outside_window' | 'influencer_inactive';

/** The reasons a vendor may be told: `foreign_click` is never among them. */
export type VendorVisibleReason = Exclude<UnattributedReason, 'foreign_click'>;

/**
 * Why an order earned nothing, as the vendor who reported it is told: another vendor's click
 * reads exactly like a made-up id, so that no vendor can probe which click ids exist elsewhere.
 * The true reason stays on the conversion for staff.
 */
export function reasonToldToVendor(reason: UnattributedReason): VendorVisibleReason {
  return reason === 'foreign_click' ? 'unknown_click' : reason;
}

/** A stored reason as `scope` may see it: staff the true one, a vendor account what its vendor was told. */
export function reasonSeenBy(scope: Scope, reason: string | null): string | null {
  return scope.vendorId !== null && reason === 'foreign_click' ? reasonToldToVendor(reason) : reason;
}

/** A vendor's clocks and ours disagree a little; a click this much after the order still counts. */
export const CLICK_CLOCK_SKEW_MS = 5 * 60 * 1000;

const DAY_MS = 24 * 60 * 60 * 1000;

/** What the database knows about the click a vendor named, with the brand of its product. */
export interface ClickFacts extends ClickReport {
  /** The vendor who owns the clicked product. */
  productVendorId: string;
  attributionWindowDays: number;
  /** Whether the link's influencer is active now (not suspended, not deleted): only an active one earns. */
  influencerActive: boolean;
  /**
   * For a duplicate: the same visitor's latest counted click on the same link at or before
   * this one (the click that earned the visit); null when there is none.
   */
  lastCountedClick: { id: string; clickedAt: Date } | null;
}

/** The click that earns the commission: the link, influencer and product it carries. */
export interface CreditedClick {
  id: string;
  linkId: string;
  influencerId: string;
  productId: string;
  clickedAt: Date;
}

export type Attribution =
  | { attributed: true; click: CreditedClick }
  | { attributed: false; reason: UnattributedReason; /** The vendor's click, kept only when it is one of its own. */ clickId: string | null };

/**
 * Decides which click, if any, earns an order. The vendor names the click (the `dc_click` it
 * last saw, so the last click wins); it earns the order when it is on a link to one of this
 * vendor's products, was counted, and lies within the brand's window before the order.
 *
 * A duplicate (the same visitor tapping the same link again within 24 h) is not counted as a
 * new click, but the visit it brought is the same influencer's: it resolves to that visitor's
 * last counted click on the link, which must then be inside the window. A bot's click never
 * earns anything. A click flagged for its device or its rate (the influencer's own, a
 * data-centre address, a flood; `HELD_CLICK_FLAGS`) still credits the order, and the service
 * then holds the commission for an admin (order-checks.ts): a sale is real money to the vendor,
 * and neither dropping it silently nor paying it unseen is right.
 *
 * Checks run in this order so that nothing of another vendor's click (counted or not, its
 * time, its influencer) decides the reason; the vendor is then told `unknown_click` for it.
 */
export function attributeConversion(input: { vendorId: string; clickId: string | undefined; occurredAt: Date; click: ClickFacts | undefined }): Attribution {
  const { vendorId, clickId, occurredAt, click } = input;
  if (clickId === undefined) return { attributed: false, reason: 'no_click', clickId: null };
  if (!click) return { attributed: false, reason: 'unknown_click', clickId: null };
  if (click.productVendorId !== vendorId) return { attributed: false, reason: 'foreign_click', clickId: null };

  const credited = creditedClickTime(click);
  if (!credited) return { attributed: false, reason: 'not_counted', clickId: click.id };
  if (!insideWindow(credited.clickedAt, occurredAt, click.attributionWindowDays)) {
    return { attributed: false, reason: 'outside_window', clickId: click.id };
  }
  if (!click.influencerActive) return { attributed: false, reason: 'influencer_inactive', clickId: click.id };
  return {
    attributed: true,
    click: { id: credited.id, linkId: click.linkId, influencerId: click.influencerId, productId: click.productId, clickedAt: credited.clickedAt },
  };
}

function creditedClickTime(click: ClickFacts): { id: string; clickedAt: Date } | null {
  if (click.bot) return null;
  if (click.counted || heldFlagOf(click) !== null) return { id: click.id, clickedAt: click.clickedAt };
  return click.duplicate ? click.lastCountedClick : null;
}

/** The flag of a click that credits an order only under review; null for any other click. Clicks stored before flags existed show only their booleans. */
export function heldFlagOf(click: Pick<ClickFacts, 'flag' | 'selfClick' | 'bot'>): ClickFacts['flag'] {
  if (click.bot) return null;
  const flag = click.flag ?? (click.selfClick ? 'self' : null);
  return flag !== null && HELD_CLICK_FLAGS.includes(flag) ? flag : null;
}

/** The window is `[occurredAt − windowDays, occurredAt + skew]`, both ends included. */
export function insideWindow(clickedAt: Date, occurredAt: Date, windowDays: number): boolean {
  const click = clickedAt.getTime();
  const order = occurredAt.getTime();
  return click >= order - windowDays * DAY_MS && click <= order + CLICK_CLOCK_SKEW_MS;
}

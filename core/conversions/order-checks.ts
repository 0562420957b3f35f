import type { ClickFlag } from '../clicks/click-flags.ts';

// Orders that earn a commission but look wrong: the commission is recorded as usual and put
// on hold for an admin (core/settlement/review.service.ts releases or reverses it), with the
// reason in words and `system:fraud-rules` as who held it.

/** Who holds a commission these checks stop: shown to admins where an admin's id would be. */
export const FRAUD_RULES_ACTOR = 'system:fraud-rules';

/** A person reads a product page before buying: an order this soon after its click was placed by a script, or by the influencer. */
export const MIN_CLICK_TO_ORDER_MS = 10_000;

/** Another attributed order of the same buyer at the same vendor within this many days (either way) is a repeat. */
export const REPEAT_BUYER_DAYS = 30;

/** The click flags an order is still credited through, held for review (a bot's click earns nothing; see attribution.ts). */
export const HELD_CLICK_FLAGS: readonly ClickFlag[] = ['self', 'datacenter', 'velocity_visitor', 'velocity_address'];

export type OrderSuspicion =
  | { kind: 'too_soon'; afterMs: number }
  | { kind: 'repeat_buyer'; otherOrderId: string }
  | { kind: 'flagged_click'; flag: ClickFlag };

/**
 * What is suspicious about an attributed order, in the order admins read it: the click it came
 * through was flagged (the influencer's own, a data-centre address, a flood), the order came
 * less than `MIN_CLICK_TO_ORDER_MS` after that click (or before it), or the same buyer placed
 * another attributed order at this vendor within `REPEAT_BUYER_DAYS`. Empty: nothing to hold.
 */
export function orderSuspicions(input: {
  clickedAt: Date; occurredAt: Date; clickFlag: ClickFlag | null; otherOrderOfBuyer: string | null;
}): OrderSuspicion[] {
  const found: OrderSuspicion[] = [];
  if (input.clickFlag !== null && HELD_CLICK_FLAGS.includes(input.clickFlag)) found.push({ kind: 'flagged_click', flag: input.clickFlag });
  const afterMs = input.occurredAt.getTime() - input.clickedAt.getTime();
  if (afterMs < MIN_CLICK_TO_ORDER_MS) found.push({ kind: 'too_soon', afterMs });
  if (input.otherOrderOfBuyer !== null) found.push({ kind: 'repeat_buyer', otherOrderId: input.otherOrderOfBuyer });
  return found;
}

const FLAGGED: Partial<Record<ClickFlag, string>> = {
  self: 'the click was the influencer\'s own (their device carries the owner mark)',
  datacenter: 'the click came from a data-centre address',
  velocity_visitor: 'the click was past the visitor\'s click limit (a flood)',
  velocity_address: 'the click was past its address\'s click limit (a flood)',
};

/** The hold reason admins read in the console (English, like the reasons admins type), at most 500 characters. */
export function holdReasonOf(suspicions: readonly OrderSuspicion[]): string {
  const parts = suspicions.map((s) => {
    switch (s.kind) {
      case 'flagged_click': return FLAGGED[s.flag] ?? `the click was flagged ${s.flag}`;
      case 'too_soon': return s.afterMs < 0
        ? 'ordered before its click'
        : `ordered ${Math.floor(s.afterMs / 1000)} s after its click (under ${MIN_CLICK_TO_ORDER_MS / 1000} s)`;
      case 'repeat_buyer': return `the same buyer's other order ${JSON.stringify(s.otherOrderId)} is within ${REPEAT_BUYER_DAYS} days`;
    }
  });
  return `Fraud rules: ${parts.join('; ')}`.slice(0, 500);
}

import { describe, expect, it } from 'vitest';
import { holdReasonOf, MIN_CLICK_TO_ORDER_MS, orderSuspicions } from '../../../core/conversions/order-checks.ts';

const clickedAt = new Date('2026-12-01T12:00:00Z');
const after = (ms: number) => new Date(clickedAt.getTime() + ms);

describe('the checks of an attributed order', () => {
  it('finds nothing in an ordinary order: minutes after a clean click, a first order of its buyer', () => {
    expect(orderSuspicions({ clickedAt, occurredAt: after(5 * 60_000), clickFlag: null, otherOrderOfBuyer: null })).toEqual([]);
    expect(orderSuspicions({ clickedAt, occurredAt: after(MIN_CLICK_TO_ORDER_MS), clickFlag: 'duplicate', otherOrderOfBuyer: null })).toEqual([]);
  });

  it('holds an order seconds after its click (or before it), a buyer\'s repeat, and an order through a flagged click, saying why', () => {
    const found = orderSuspicions({ clickedAt, occurredAt: after(2_000), clickFlag: 'self', otherOrderOfBuyer: 'A-1' });
    expect(found.map((s) => s.kind)).toEqual(['flagged_click', 'too_soon', 'repeat_buyer']);
    expect(holdReasonOf(found)).toBe(
      'Fraud rules: the click was the influencer\'s own (their device carries the owner mark); ordered 2 s after its click (under 10 s); '
      + 'the same buyer\'s other order "A-1" is within 30 days',
    );
    expect(holdReasonOf(orderSuspicions({ clickedAt, occurredAt: after(-60_000), clickFlag: null, otherOrderOfBuyer: null }))).toBe('Fraud rules: ordered before its click');
    expect(holdReasonOf(orderSuspicions({ clickedAt, occurredAt: after(60_000), clickFlag: 'velocity_address', otherOrderOfBuyer: null })))
      .toMatch(/past its address's click limit/);
  });

  it('keeps a reason within what a hold takes', () => {
    const long = orderSuspicions({ clickedAt, occurredAt: after(1), clickFlag: 'datacenter', otherOrderOfBuyer: 'x'.repeat(600) });
    expect(holdReasonOf(long).length).toBeLessThanOrEqual(500);
  });
});

import { describe, expect, it } from 'vitest';
import { attributeConversion, CLICK_CLOCK_SKEW_MS, type ClickFacts } from '../../../core/conversions/attribution.ts';

const DAY = 24 * 60 * 60 * 1000;
const order = new Date('2026-11-28T12:00:00Z');

function click(overrides: Partial<ClickFacts> = {}): ClickFacts {
  return {
    id: 'c1', linkId: 'l1', influencerId: 'i1', productId: 'p1', clickedAt: new Date(order.getTime() - DAY),
    counted: true, duplicate: false, bot: false, selfClick: false, flag: null, productVendorId: 'v1', attributionWindowDays: 30,
    influencerActive: true, lastCountedClick: null, ...overrides,
  };
}
const attribute = (facts: ClickFacts | undefined, ...named: [string?]) =>
  attributeConversion({ vendorId: 'v1', clickId: named.length === 0 ? 'c1' : named[0], occurredAt: order, click: facts });

describe('attributeConversion', () => {
  it('credits a counted click of this vendor inside the window', () => {
    expect(attribute(click())).toEqual({ attributed: true, click: { id: 'c1', linkId: 'l1', influencerId: 'i1', productId: 'p1', clickedAt: new Date(order.getTime() - DAY) } });
  });

  it('names why an order is not attributed', () => {
    expect(attribute(undefined, undefined)).toEqual({ attributed: false, reason: 'no_click', clickId: null });
    expect(attribute(undefined)).toEqual({ attributed: false, reason: 'unknown_click', clickId: null });
    expect(attribute(click({ productVendorId: 'v2' }))).toEqual({ attributed: false, reason: 'foreign_click', clickId: null });
    expect(attribute(click({ counted: false, bot: true }))).toMatchObject({ reason: 'not_counted', clickId: 'c1' });
    expect(attribute(click({ counted: false, duplicate: true }))).toMatchObject({ reason: 'not_counted' });
  });

  it('still credits a click flagged for its device or rate (the service holds the commission), never a bot\'s', () => {
    for (const flag of ['self', 'datacenter', 'velocity_visitor', 'velocity_address'] as const) {
      expect(attribute(click({ counted: false, flag, selfClick: flag === 'self' }))).toMatchObject({ attributed: true, click: { id: 'c1' } });
    }
    // A self-click stored before flags existed shows only its boolean.
    expect(attribute(click({ counted: false, selfClick: true }))).toMatchObject({ attributed: true });
    expect(attribute(click({ counted: false, bot: true, flag: 'bot' }))).toMatchObject({ reason: 'not_counted' });
    expect(attribute(click({ counted: false, bot: true, selfClick: true }))).toMatchObject({ reason: 'not_counted' });
  });

  it('credits nobody when the influencer is suspended, after every check of the click itself', () => {
    expect(attribute(click({ influencerActive: false }))).toEqual({ attributed: false, reason: 'influencer_inactive', clickId: 'c1' });
    expect(attribute(click({ influencerActive: false, counted: false, bot: true }))).toMatchObject({ reason: 'not_counted' });
    expect(attribute(click({ influencerActive: false, productVendorId: 'v2' }))).toMatchObject({ reason: 'foreign_click' });
  });

  it('tells another vendor\'s click apart before anything else, so nothing about it leaks', () => {
    expect(attribute(click({ productVendorId: 'v2', counted: false, bot: true, clickedAt: new Date(0) }))).toMatchObject({ reason: 'foreign_click' });
  });

  it('keeps the window inclusive at both ends, with a little clock skew after the order', () => {
    expect(attribute(click({ clickedAt: new Date(order.getTime() - 30 * DAY) })).attributed).toBe(true);
    expect(attribute(click({ clickedAt: new Date(order.getTime() - 30 * DAY - 1) }))).toMatchObject({ reason: 'outside_window' });
    expect(attribute(click({ clickedAt: new Date(order.getTime() + CLICK_CLOCK_SKEW_MS) })).attributed).toBe(true);
    expect(attribute(click({ clickedAt: new Date(order.getTime() + CLICK_CLOCK_SKEW_MS + 1) }))).toMatchObject({ reason: 'outside_window' });
    expect(attribute(click({ attributionWindowDays: 7, clickedAt: new Date(order.getTime() - 8 * DAY) }))).toMatchObject({ reason: 'outside_window' });
  });

  it('credits a duplicate tap to the visitor\'s last counted click on the link, which must be in the window', () => {
    const earlier = { id: 'c0', clickedAt: new Date(order.getTime() - 2 * DAY) };
    expect(attribute(click({ counted: false, duplicate: true, lastCountedClick: earlier }))).toMatchObject({ attributed: true, click: { id: 'c0', influencerId: 'i1' } });
    const tooOld = { id: 'c0', clickedAt: new Date(order.getTime() - 31 * DAY) };
    expect(attribute(click({ counted: false, duplicate: true, lastCountedClick: tooOld }))).toMatchObject({ reason: 'outside_window' });
    expect(attribute(click({ counted: false, duplicate: true, bot: true, lastCountedClick: earlier }))).toMatchObject({ reason: 'not_counted' });
  });
});

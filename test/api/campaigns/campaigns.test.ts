import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../support/app.ts';
import { storeClick } from '../../support/clicks.ts';
import { adminClient } from '../admin/admin-client.ts';
import { approveMember, campaignBody, campaignShop, join, postConversion, postRefund } from './campaign-world.ts';

const MINUTE = 60 * 1000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const at = (msAgo: number) => new Date(Math.floor((Date.now() - msAgo) / 1000) * 1000).toISOString();

let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(async () => { await t?.close(); });

async function commissionOf(vendorId: string, orderId: string) {
  return t.database.db.selectFrom('commissions').innerJoin('conversions', 'conversions.id', 'commissions.conversion_id')
    .select(['commissions.id', 'commissions.influencer_id', 'commissions.amount', 'commissions.base_amount', 'commissions.campaign_id', 'commissions.bonus_amount',
      'commissions.bonus_rate_bps', 'commissions.reversed_amount', 'conversions.attributed_by', 'conversions.promo_code', 'conversions.click_id'])
    .where('conversions.vendor_id', '=', vendorId).where('conversions.order_id', '=', orderId).where('commissions.kind', '=', 'sale').executeTakeFirst();
}

describe('a vendor launches a campaign and an order with a member’s promo code pays its influencer', () => {
  it('credits a signed order without a click to the member whose code it names, with the bonus on the commission', async () => {
    const s = await campaignShop(t);
    const created = await s.account.call('POST', '/campaigns', campaignBody(s.brand.id, { promoCode: 'snow26', bonusRateBps: 500 }));
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    expect(created.json).toMatchObject({ vendorId: s.vendor.id, brandId: s.brand.id, promoCode: 'SNOW26', status: 'open', spent: 0, bonus: { kind: 'rate', rateBps: 500 } });
    const code = await join(t, created.json.id, s.influencer.id);
    expect(code).toMatch(/^SNOW26-[A-Z2-9]{4}$/);

    // The shopper typed the code in lower case at checkout; the vendor has no click.
    const answer = await postConversion(t, s.credentials, { orderId: 'P-1', amount: 10_000, currency: 'EUR', occurredAt: at(MINUTE), promoCode: code!.toLowerCase(), items: [{ sku: s.product.sku }] });
    expect(answer.statusCode, answer.body).toBe(202);
    // 10 % of 100.00 is 10.00, and the campaign's extra 5 % is 5.00 on top.
    expect(answer.json()).toMatchObject({ attributed: true, attributedBy: 'promo_code', attributionReason: null, commission: { amount: 1500, rateBps: 1000, bonus: { campaignId: created.json.id, amount: 500 } } });
    const commission = await commissionOf(s.vendor.id, 'P-1');
    expect(commission).toMatchObject({ influencer_id: s.influencer.id, amount: '1500', base_amount: '1000', campaign_id: created.json.id, bonus_amount: '500', bonus_rate_bps: 500, attributed_by: 'promo_code', promo_code: code, click_id: null });

    // The money trail shows the order was credited by the code, and the console shows the sale and the spend.
    const read = await s.account.call('GET', `/campaigns/${created.json.id}`);
    expect(read.json).toMatchObject({ spent: 500, members: 1, sales: 1, salesAmount: 10_000 });
    const members = await s.account.call('GET', `/campaigns/${created.json.id}/members`);
    expect(members.json.items).toEqual([expect.objectContaining({ influencerId: s.influencer.id, promoCode: code, sales: 1, bonusAmount: 500 })]);

    // Support's money trail says how the order was credited and what the campaign added.
    const support = await adminClient(t, 'support');
    const trail = await support.call('GET', `/influencers/${s.influencer.id}/money-trail`);
    expect(trail.status, JSON.stringify(trail.json)).toBe(200);
    const entry = trail.json.items.find((e: { order: { orderId: string } }) => e.order.orderId === 'P-1');
    expect(entry.order).toMatchObject({ attributedBy: 'promo_code', promoCode: code });
    expect(entry.commission).toMatchObject({ amount: 1500, bonusAmount: 500, campaignId: created.json.id, campaignTitle: 'Winter push', bonusRateBps: 500, bonusFee: null });
    expect(entry.steps.find((step: { kind: string }) => step.kind === 'order').note).toBe(`promo code ${code}`);
  });

  it('keeps last-click attribution when the order also names another member’s code', async () => {
    const s = await campaignShop(t);
    const other = await s.make.influencer();
    await approveMember(t, other.id, s.brand.id);
    const created = await s.account.call('POST', '/campaigns', campaignBody(s.brand.id, { bonusFee: 250, bonusRateBps: undefined }));
    await join(t, created.json.id, s.influencer.id);
    const othersCode = await join(t, created.json.id, other.id);
    const clickId = await storeClick(t.database.db, s.link, { clickedAt: new Date(Date.now() - HOUR) });

    const answer = await postConversion(t, s.credentials, { orderId: 'P-2', clickId, amount: 10_000, currency: 'EUR', occurredAt: at(MINUTE), promoCode: othersCode });
    expect(answer.json()).toMatchObject({ attributed: true, commission: { amount: 1250, bonus: { amount: 250 } } });
    expect(answer.json().attributedBy).toBeUndefined();
    expect(await commissionOf(s.vendor.id, 'P-2')).toMatchObject({ influencer_id: s.influencer.id, attributed_by: 'click', bonus_amount: '250' });
  });

  it('refuses a code of a paused campaign, of another vendor, or an order outside the dates', async () => {
    const s = await campaignShop(t);
    const created = await s.account.call('POST', '/campaigns', campaignBody(s.brand.id));
    const code = await join(t, created.json.id, s.influencer.id);
    const elsewhere = await campaignShop(t);

    const beforeStart = await postConversion(t, s.credentials, { orderId: 'P-3', amount: 5_000, currency: 'EUR', occurredAt: at(2 * DAY), promoCode: code });
    expect(beforeStart.json()).toMatchObject({ attributed: false, attributionReason: 'no_click', commission: null });
    const foreign = await postConversion(t, elsewhere.credentials, { orderId: 'P-4', amount: 5_000, currency: 'EUR', occurredAt: at(MINUTE), promoCode: code });
    expect(foreign.json()).toMatchObject({ attributed: false, commission: null });
    expect((await s.account.call('POST', `/campaigns/${created.json.id}/status`, { status: 'paused' })).json.status).toBe('paused');
    const paused = await postConversion(t, s.credentials, { orderId: 'P-5', amount: 5_000, currency: 'EUR', occurredAt: at(MINUTE), promoCode: code });
    expect(paused.json()).toMatchObject({ attributed: false, commission: null });
    // A stored, unmatched code is kept on the order for support.
    const row = await t.database.db.selectFrom('conversions').select(['promo_code', 'attributed_by']).where('vendor_id', '=', s.vendor.id).where('order_id', '=', 'P-5').executeTakeFirstOrThrow();
    expect(row).toEqual({ promo_code: code, attributed_by: null });
  });
});

describe('the bonus applies only within the campaign’s dates', () => {
  it('pays no bonus on a clicked order that occurred before the campaign started, and pays it on one inside', async () => {
    const s = await campaignShop(t);
    const created = await s.account.call('POST', '/campaigns', campaignBody(s.brand.id, { startsAt: at(3 * HOUR), bonusRateBps: 300 }));
    await join(t, created.json.id, s.influencer.id);
    const early = await storeClick(t.database.db, s.link, { clickedAt: new Date(Date.now() - 6 * HOUR) });
    const late = await storeClick(t.database.db, s.link, { clickedAt: new Date(Date.now() - HOUR) });

    const before = await postConversion(t, s.credentials, { orderId: 'D-1', clickId: early, amount: 20_000, currency: 'EUR', occurredAt: at(5 * HOUR) });
    const inside = await postConversion(t, s.credentials, { orderId: 'D-2', clickId: late, amount: 20_000, currency: 'EUR', occurredAt: at(30 * MINUTE) });
    expect(before.json().commission).toEqual(expect.objectContaining({ amount: 2000 }));
    expect(before.json().commission.bonus).toBeUndefined();
    expect(inside.json().commission).toEqual(expect.objectContaining({ amount: 2600, bonus: { campaignId: created.json.id, amount: 600 } }));
    expect(await commissionOf(s.vendor.id, 'D-1')).toMatchObject({ campaign_id: null, bonus_amount: '0' });
  });

  it('pays no bonus to an influencer who did not join', async () => {
    const s = await campaignShop(t);
    await s.account.call('POST', '/campaigns', campaignBody(s.brand.id));
    const clickId = await storeClick(t.database.db, s.link);
    const answer = await postConversion(t, s.credentials, { orderId: 'D-3', clickId, amount: 20_000, currency: 'EUR', occurredAt: at(MINUTE) });
    expect(answer.json().commission).toEqual(expect.objectContaining({ amount: 2000 }));
    expect(answer.json().commission.bonus).toBeUndefined();
  });

  it('reverses the bonus with a refund in proportion and gives that part back to the budget', async () => {
    const s = await campaignShop(t);
    const created = await s.account.call('POST', '/campaigns', campaignBody(s.brand.id, { bonusRateBps: 500 }));
    const code = await join(t, created.json.id, s.influencer.id);
    await postConversion(t, s.credentials, { orderId: 'R-1', amount: 10_000, currency: 'EUR', occurredAt: at(MINUTE), promoCode: code });
    const refund = await postRefund(t, s.credentials, 'R-1', { amount: 4_000 });
    expect(refund.statusCode, refund.body).toBe(201);
    // 40 % of the 15.00 commission is reversed; 40 % of its 5.00 bonus goes back to the campaign.
    expect(refund.json().commission).toMatchObject({ amount: 1500, reversedAmount: 600 });
    expect((await s.account.call('GET', `/campaigns/${created.json.id}`)).json.spent).toBe(300);
  });
});

describe('who may see and change a campaign', () => {
  it('hides a vendor’s campaign from another vendor, who can neither read, list, change nor create one on its brand', async () => {
    const mine = await campaignShop(t);
    const theirs = await campaignShop(t);
    const created = await mine.account.call('POST', '/campaigns', campaignBody(mine.brand.id));
    const id = created.json.id;
    expect((await theirs.account.call('GET', `/campaigns/${id}`)).status).toBe(404);
    expect((await theirs.account.call('GET', `/campaigns/${id}/members`)).status).toBe(404);
    expect((await theirs.account.call('POST', `/campaigns/${id}/status`, { status: 'ended' })).status).toBe(404);
    expect((await theirs.account.call('POST', '/campaigns', campaignBody(mine.brand.id))).status).toBe(404);
    expect((await theirs.account.call('GET', `/campaigns?vendorId=${mine.vendor.id}`)).status).toBe(403);
    const theirList = await theirs.account.call('GET', '/campaigns');
    expect(theirList.json.items.map((c: { id: string }) => c.id)).not.toContain(id);
    // Unchanged, and staff see it.
    const admin = await adminClient(t, 'admin');
    expect((await admin.call('GET', `/campaigns/${id}`)).json).toMatchObject({ status: 'open', vendorId: mine.vendor.id });
    const support = await adminClient(t, 'support');
    expect((await support.call('POST', `/campaigns/${id}/status`, { status: 'ended' })).status).toBe(403);
  });

  it('pauses, reopens and ends a campaign, and refuses to reopen an ended one', async () => {
    const s = await campaignShop(t);
    const { json } = await s.account.call('POST', '/campaigns', campaignBody(s.brand.id, { status: 'draft' }));
    for (const [status, expected] of [['open', 200], ['paused', 200], ['open', 200], ['ended', 200], ['open', 409]] as const) {
      const answer = await s.account.call('POST', `/campaigns/${json.id}/status`, { status });
      expect(answer.status, `${status}: ${JSON.stringify(answer.json)}`).toBe(expected);
    }
    expect((await s.account.call('GET', `/campaigns/${json.id}`)).json).toMatchObject({ status: 'ended', endReason: 'ended' });
  });
});

describe('bad campaign bodies', () => {
  it('answers 400 naming every problem of the body at once', async () => {
    const s = await campaignShop(t);
    const answer = await s.account.call('POST', '/campaigns', {
      brandId: s.brand.id, title: '  ', startsAt: '2026-12-10T00:00:00Z', endsAt: '2026-12-01T00:00:00Z', bonusRateBps: 500, bonusFee: 100,
      currency: 'XXX', promoCode: 'no spaces!', spendCap: 0, productIds: ['999999999'],
    });
    expect(answer.status).toBe(400);
    expect(answer.json.error.code).toBe('validation_failed');
    const fields = answer.json.error.details.problems.map((p: { field: string }) => p.field).sort();
    expect(fields).toEqual(['bonusRateBps', 'currency', 'endsAt', 'productIds', 'promoCode', 'spendCap', 'title'].sort());
  });

  it('answers 400 naming each field of the wrong type or unknown, and 409 for a promo code a live campaign uses', async () => {
    const s = await campaignShop(t);
    const shape = await s.account.call('POST', '/campaigns', { brandId: s.brand.id, title: 7, startsAt: 'x', currency: 'EUR', spendCap: '100', colour: 'red' });
    expect(shape.status).toBe(400);
    const named = shape.json.error.details.map((d: { field: string }) => d.field);
    expect(named).toEqual(expect.arrayContaining(['title', 'endsAt', 'spendCap', 'colour']));
    await s.account.call('POST', '/campaigns', campaignBody(s.brand.id, { promoCode: 'DUPL1' }));
    const clash = await s.account.call('POST', '/campaigns', campaignBody(s.brand.id, { promoCode: 'dupl1' }));
    expect(clash.status).toBe(409);
    expect(clash.json.error.details).toEqual({ field: 'promoCode' });
  });
});

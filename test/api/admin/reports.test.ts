import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { factories } from '../../factories/index.ts';
import { createTestApp, type TestApp } from '../../support/app.ts';
import { adminClient, type AdminClient } from './admin-client.ts';

// Clicks, conversions and commissions are written by the worker and the postback service;
// here they are laid down directly so that the lists can be read against known rows.

let t: TestApp;
let admin: AdminClient;
const ids = {} as { vendor: string; otherVendor: string; linkA: string; linkACode: string; linkB: string; ana: string; ben: string; clicksA: string[]; conversions: string[] };

beforeAll(async () => {
  t = await createTestApp();
  admin = await adminClient(t, 'support');
  const f = factories(t.database.db, t.deps.secretBox);
  const db = t.database.db;
  const vendor = await f.vendor();
  const other = await f.vendor();
  const brand = await f.brand(vendor.id);
  const otherBrand = await f.brand(other.id);
  const product = await f.product(brand);
  const otherProduct = await f.product(otherBrand);
  const ana = await f.influencer({ displayName: 'Ana' });
  const ben = await f.influencer({ displayName: 'Ben' });
  const linkA = await f.link(ana.id, product.id, { groupLabel: 'Summer chat' });
  const linkB = await f.link(ben.id, otherProduct.id);
  Object.assign(ids, { vendor: vendor.id, otherVendor: other.id, linkA: linkA.id, linkACode: linkA.code, linkB: linkB.id, ana: ana.id, ben: ben.id });

  const click = (link: typeof linkA, at: string, counted: boolean) => ({
    id: uuidv7({ msecs: Date.parse(at) }), link_id: link.id, influencer_id: link.influencer_id, product_id: link.product_id,
    clicked_at: at, visitor_id: 'v1', counted, duplicate: !counted,
  });
  const clicks = [
    click(linkA, '2026-10-01T10:00:00Z', true), click(linkA, '2026-10-02T10:00:00Z', false),
    click(linkA, '2026-11-03T10:00:00Z', true), click(linkB, '2026-11-04T10:00:00Z', true),
  ];
  await db.insertInto('clicks').values(clicks).execute();
  ids.clicksA = clicks.filter((c) => c.link_id === linkA.id).map((c) => c.id);

  const conversion = (vendorId: string, orderId: string, influencerId: string | null, status: 'attributed' | 'unattributed', at: string, linkId: string | null = null) => ({
    vendor_id: vendorId, order_id: orderId, influencer_id: influencerId, link_id: linkId, amount: 10_000, currency: 'EUR', status,
    occurred_at: at, request_hash: orderId, response: '{}',
  });
  const conversions = await db.insertInto('conversions').values([
    conversion(vendor.id, 'o-1', ana.id, 'attributed', '2026-10-05T00:00:00Z', linkA.id),
    conversion(vendor.id, 'o-2', null, 'unattributed', '2026-11-05T00:00:00Z'),
    conversion(other.id, 'o-3', ben.id, 'attributed', '2026-11-06T00:00:00Z'),
  ]).returning('id').execute();
  ids.conversions = conversions.map((c) => c.id);
  await db.insertInto('commissions').values([
    { conversion_id: ids.conversions[0]!, influencer_id: ana.id, brand_id: brand.id, base_amount: 10_000, amount: 1000, currency: 'EUR', rate_bps: 1000, base_rate_bps: 1000, status: 'pending', approves_at: '2026-11-04T00:00:00Z' },
    { conversion_id: ids.conversions[2]!, influencer_id: ben.id, brand_id: otherBrand.id, base_amount: 10_000, amount: 1000, currency: 'EUR', rate_bps: 1000, base_rate_bps: 1000, status: 'approved', approves_at: '2026-11-04T00:00:00Z' },
  ]).execute();
});
afterAll(async () => { await t?.close(); });

describe('clicks', () => {
  it('lists the clicks of a link with their ids (the dc_click values), newest first', async () => {
    const page = await admin.call('GET', `/clicks?linkId=${ids.linkA}`);
    expect(page.status).toBe(200);
    expect(page.json.items.map((c: { id: string }) => c.id)).toEqual([...ids.clicksA].reverse());
    expect(page.json.items[0]).toEqual({
      id: ids.clicksA[2], linkId: ids.linkA, influencerId: ids.ana, productId: expect.any(String), clickedAt: '2026-11-03T10:00:00.000Z',
      counted: true, duplicate: false, bot: false, selfClick: false, flag: null,
    });
    expect(page.json.nextCursor).toBeNull();
  });

  it('filters by counted and by time, and pages with a cursor', async () => {
    expect((await admin.call('GET', `/clicks?linkId=${ids.linkA}&counted=false`)).json.items.map((c: { id: string }) => c.id)).toEqual([ids.clicksA[1]]);
    const october = await admin.call('GET', '/clicks?from=2026-10-01&to=2026-11-01');
    expect(october.json.items.map((c: { id: string }) => c.id)).toEqual([ids.clicksA[1], ids.clicksA[0]]);
    const first = await admin.call('GET', '/clicks?limit=3');
    expect(first.json.items).toHaveLength(3);
    const second = await admin.call('GET', `/clicks?limit=3&cursor=${first.json.nextCursor}`);
    expect(second.json.items.map((c: { id: string }) => c.id)).toEqual([ids.clicksA[0]]);
    expect(second.json.nextCursor).toBeNull();
    const backwards = await admin.call('GET', '/clicks?from=2026-11-01&to=2026-10-01');
    expect(backwards.status).toBe(400);
    expect(backwards.json.error.details.field).toBe('from');
  });

  it('shows a vendor account only the clicks on its products', async () => {
    const vendorAdmin = await adminClient(t, 'vendor', ids.otherVendor);
    const page = await vendorAdmin.call('GET', '/clicks');
    expect(page.json.items.map((c: { linkId: string }) => c.linkId)).toEqual([ids.linkB]);
  });
});

describe('conversions and commissions', () => {
  it('filters conversions by status, influencer and order time', async () => {
    const attributed = await admin.call('GET', '/conversions?status=attributed');
    expect(attributed.json.items.map((c: { orderId: string }) => c.orderId)).toEqual(['o-3', 'o-1']);
    expect((await admin.call('GET', `/conversions?influencerId=${ids.ana}`)).json.items).toMatchObject([{ orderId: 'o-1', amount: 10_000, currency: 'EUR', refundedAmount: 0 }]);
    expect((await admin.call('GET', '/conversions?from=2026-11-01').then((r) => r.json.items.map((c: { orderId: string }) => c.orderId)))).toEqual(['o-3', 'o-2']);
    expect((await admin.call('GET', '/conversions?status=lost')).status).toBe(400);
    expect((await admin.call('GET', `/conversions/${ids.conversions[1]}`)).json).toMatchObject({
      orderId: 'o-2', status: 'unattributed', influencerId: null, influencerName: null, linkCode: null, linkGroupLabel: null,
    });
  });

  it('names the influencer and the link of a conversion, to a vendor account too (its own orders only)', async () => {
    const named = { orderId: 'o-1', influencerId: ids.ana, influencerName: 'Ana', linkId: ids.linkA, linkCode: ids.linkACode, linkGroupLabel: 'Summer chat' };
    expect((await admin.call('GET', `/conversions/${ids.conversions[0]}`)).json).toMatchObject(named);
    expect((await admin.call('GET', '/conversions?status=attributed')).json.items).toMatchObject([{ orderId: 'o-3', influencerName: 'Ben', linkCode: null }, named]);
    const vendorAdmin = await adminClient(t, 'vendor', ids.vendor);
    expect((await vendorAdmin.call('GET', '/conversions')).json.items).toMatchObject([{ orderId: 'o-2', influencerName: null }, named]);
    expect((await vendorAdmin.call('GET', `/conversions/${ids.conversions[0]}`)).json).toMatchObject(named);
  });

  it('filters commissions by status and influencer, and confines a vendor account to its brands', async () => {
    expect((await admin.call('GET', '/commissions?status=approved')).json.items).toMatchObject([{ influencerId: ids.ben, amount: 1000, rateBps: 1000, status: 'approved' }]);
    expect((await admin.call('GET', `/commissions?influencerId=${ids.ana}`)).json.items).toMatchObject([{ status: 'pending', approvedAt: null }]);
    const vendorAdmin = await adminClient(t, 'vendor', ids.vendor);
    const mine = await vendorAdmin.call('GET', '/commissions');
    expect(mine.json.items.map((c: { influencerId: string }) => c.influencerId)).toEqual([ids.ana]);
    expect((await vendorAdmin.call('GET', `/conversions/${ids.conversions[2]}`)).status).toBe(404);
  });
});

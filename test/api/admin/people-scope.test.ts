import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { factories } from '../../factories/index.ts';
import { createTestApp, type TestApp } from '../../support/app.ts';
import { adminClient, type AdminClient } from './admin-client.ts';

// The people routes on their services: audit rows with the object after the change, the
// refusals of a link request, and vendor scoping done by the query (another vendor's object is
// a 404, never a 403 that would confirm it exists).

let t: TestApp;
let manager: AdminClient;
let vendorA: AdminClient;
let vendorB: AdminClient;
const ids = {} as {
  productA: string; productB: string; inactiveProduct: string; influencer: string;
  linkA: string; linkB: string; conversionA: string; conversionB: string; commissionA: string; commissionB: string;
};

beforeAll(async () => {
  t = await createTestApp();
  const f = factories(t.database.db, t.deps.secretBox);
  const db = t.database.db;
  manager = await adminClient(t, 'manager');
  const [a, b] = [await f.vendor(), await f.vendor()];
  vendorA = await adminClient(t, 'vendor', a.id);
  vendorB = await adminClient(t, 'vendor', b.id);
  const [brandA, brandB] = [await f.brand(a.id), await f.brand(b.id)];
  const [productA, productB] = [await f.product(brandA), await f.product(brandB)];
  const inactive = await f.product(brandA, { active: false });
  const influencer = await f.influencer();
  const [linkA, linkB] = [await f.link(influencer.id, productA.id), await f.link(influencer.id, productB.id)];
  await db.insertInto('clicks').values([linkA, linkB].map((l) => ({
    id: uuidv7(), link_id: l.id, influencer_id: l.influencer_id, product_id: l.product_id, clicked_at: new Date(), visitor_id: 'v', counted: true,
  }))).execute();
  const conversions = await db.insertInto('conversions').values([a.id, b.id].map((vendorId, i) => ({
    vendor_id: vendorId, order_id: `o-${i}`, influencer_id: influencer.id, amount: 5000, currency: 'EUR', status: 'attributed' as const,
    occurred_at: new Date(), request_hash: `h-${i}`, response: '{}',
  }))).returning('id').execute();
  const commissions = await db.insertInto('commissions').values([brandA.id, brandB.id].map((brandId, i) => ({
    conversion_id: conversions[i]!.id, influencer_id: influencer.id, brand_id: brandId, base_amount: 5000, amount: 500, currency: 'EUR',
    rate_bps: 1000, base_rate_bps: 1000, status: 'pending' as const, approves_at: new Date(),
  }))).returning('id').execute();
  Object.assign(ids, {
    productA: productA.id, productB: productB.id, inactiveProduct: inactive.id, influencer: influencer.id, linkA: linkA.id, linkB: linkB.id,
    conversionA: conversions[0]!.id, conversionB: conversions[1]!.id, commissionA: commissions[0]!.id, commissionB: commissions[1]!.id,
  });
});
afterAll(async () => { await t?.close(); });

async function auditRow(action: string, entityId: string) {
  return t.database.db.selectFrom('audit_log').selectAll().where('action', '=', action).where('entity_id', '=', entityId).execute();
}

describe('audit of the people writes', () => {
  it('records influencer.create with the influencer as created, and link.create once per new link', async () => {
    const influencer = await manager.call('POST', '/influencers', { displayName: ' Lena ', language: 'de', country: 'at' });
    expect(influencer.status).toBe(201);
    const [created] = await auditRow('influencer.create', influencer.json.id);
    expect(created).toMatchObject({ actor: `admin:${manager.id}`, entity: 'influencer', before: null });
    expect(created!.after).toMatchObject({ id: influencer.json.id, displayName: 'Lena', language: 'de', country: 'AT', recruitCode: influencer.json.recruitCode });

    const body = { influencerId: influencer.json.id, productId: ids.productA, channel: 'telegram' };
    const link = await manager.call('POST', '/links', body);
    expect((await manager.call('POST', '/links', body)).status).toBe(200);
    const rows = await auditRow('link.create', link.json.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actor: `admin:${manager.id}`, entity: 'link', before: null });
    expect(rows[0]!.after).toMatchObject({ id: link.json.id, code: link.json.code, productId: ids.productA, channel: 'telegram', groupLabel: '' });
  });

  it('refuses a link for a suspended influencer or an inactive product with 409, and writes nothing', async () => {
    const suspended = await manager.call('POST', '/influencers', { displayName: 'Sam', language: 'en', country: 'GB' });
    await t.database.db.updateTable('influencers').set({ status: 'suspended' }).where('id', '=', suspended.json.id).execute();
    const refused = await manager.call('POST', '/links', { influencerId: suspended.json.id, productId: ids.productA, channel: 'telegram' });
    expect(refused.status).toBe(409);
    expect(refused.json.error.details).toEqual({ field: 'influencerId' });
    const inactive = await manager.call('POST', '/links', { influencerId: ids.influencer, productId: ids.inactiveProduct, channel: 'telegram' });
    expect(inactive.status).toBe(409);
    expect(inactive.json.error.details).toEqual({ field: 'productId' });
    const links = await t.database.db.selectFrom('links').select('id')
      .where((eb) => eb.or([eb('influencer_id', '=', suspended.json.id), eb('product_id', '=', ids.inactiveProduct)])).execute();
    expect(links).toEqual([]);
  });
});

describe('vendor scope in the queries', () => {
  it('shows a vendor the links to its own products only, and another vendor\'s link as not found', async () => {
    const listed = await vendorA.call('GET', `/links?influencerId=${ids.influencer}`);
    expect(listed.json.items.map((l: { id: string }) => l.id)).toEqual([ids.linkA]);
    expect((await vendorA.call('GET', `/links/${ids.linkA}`)).status).toBe(200);
    const foreign = await vendorA.call('GET', `/links/${ids.linkB}`);
    expect(foreign.status).toBe(404);
    expect(foreign.json.error).toMatchObject({ code: 'not_found', details: { entity: 'link', id: ids.linkB } });
    expect((await vendorA.call('GET', `/links?productId=${ids.productB}`)).json.items).toEqual([]);
    expect((await manager.call('GET', `/links?influencerId=${ids.influencer}`)).json.items).toHaveLength(2);
  });

  it('confines clicks, conversions and commissions to the vendor, by id too', async () => {
    const clicks = await vendorB.call('GET', `/clicks?influencerId=${ids.influencer}`);
    expect(clicks.json.items.map((c: { linkId: string }) => c.linkId)).toEqual([ids.linkB]);
    expect((await vendorB.call('GET', `/clicks?linkId=${ids.linkA}`)).json.items).toEqual([]);

    expect((await vendorA.call('GET', '/conversions')).json.items.map((c: { id: string }) => c.id)).toEqual([ids.conversionA]);
    expect((await vendorA.call('GET', `/conversions/${ids.conversionA}`)).json).toMatchObject({ id: ids.conversionA, amount: 5000 });
    expect((await vendorA.call('GET', `/conversions/${ids.conversionB}`)).status).toBe(404);

    expect((await vendorA.call('GET', '/commissions')).json.items.map((c: { id: string }) => c.id)).toEqual([ids.commissionA]);
    expect((await vendorA.call('GET', `/commissions/${ids.commissionA}`)).json).toMatchObject({ id: ids.commissionA, amount: 500, approvedAt: null });
    const foreign = await vendorA.call('GET', `/commissions/${ids.commissionB}`);
    expect(foreign.status).toBe(404);
    expect(foreign.json.error.details).toEqual({ entity: 'commission', id: ids.commissionB });
    expect((await manager.call('GET', `/commissions/${ids.commissionB}`)).status).toBe(200);
  });

  it('keeps the influencer directory away from vendor accounts', async () => {
    expect((await vendorA.call('GET', '/influencers')).status).toBe(403);
    expect((await vendorA.call('GET', `/influencers/${ids.influencer}`)).status).toBe(403);
  });
});

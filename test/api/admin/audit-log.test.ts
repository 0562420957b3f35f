import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { factories } from '../../factories/index.ts';
import { createTestApp, type TestApp } from '../../support/app.ts';
import { adminClient, type AdminClient } from './admin-client.ts';

let t: TestApp;
let admin: AdminClient;
let support: AdminClient;
let vendorAccount: AdminClient;
let vendorId: string;

beforeAll(async () => {
  t = await createTestApp();
  admin = await adminClient(t, 'admin');
  support = await adminClient(t, 'support');
  vendorId = (await factories(t.database.db, t.deps.secretBox).vendor()).id;
  vendorAccount = await adminClient(t, 'vendor', vendorId);
});
afterAll(async () => { await t?.close(); });

describe('GET /api/v1/admin/audit', () => {
  it("shows one object's history, newest first, with who changed it and the object before and after", async () => {
    const brand = (await admin.call('POST', '/brands', { vendorId, name: 'Lumen', commissionRateBps: 800 })).json;
    expect((await admin.call('PATCH', `/brands/${brand.id}`, { commissionRateBps: 950 })).status).toBe(200);

    const history = await support.call('GET', `/audit?entity=brand&entityId=${brand.id}`);
    expect(history.status).toBe(200);
    expect(history.json.items.map((r: { action: string }) => r.action)).toEqual(['brand.update', 'brand.create']);
    const [update, create] = history.json.items;
    expect(update).toMatchObject({ actor: `admin:${admin.id}`, entity: 'brand', entityId: brand.id });
    expect(update.before.commissionRateBps).toBe(800);
    expect(update.after.commissionRateBps).toBe(950);
    expect(create.before).toBeNull();
    expect(Date.parse(update.at)).toBeGreaterThanOrEqual(Date.parse(create.at));
  });

  it("lists one actor's actions and pages with the cursor", async () => {
    for (const name of ['One', 'Two', 'Three']) await admin.call('POST', '/influencers', { displayName: name, language: 'es', country: 'ES' });
    const first = await support.call('GET', `/audit?actor=admin:${admin.id}&action=influencer.create&limit=2`);
    expect(first.json.items).toHaveLength(2);
    expect(first.json.nextCursor).toEqual(expect.any(String));
    const second = await support.call('GET', `/audit?actor=admin:${admin.id}&action=influencer.create&limit=2&cursor=${first.json.nextCursor}`);
    expect(second.json.items.map((r: { after: { displayName: string } }) => r.after.displayName)).toEqual(['One']);
    expect(second.json.nextCursor).toBeNull();
  });

  it('is closed to vendor accounts and refuses a control character in a filter', async () => {
    expect((await vendorAccount.call('GET', '/audit')).status).toBe(403);
    const bad = await support.call('GET', '/audit?entity=%00brand');
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe('validation_failed');
  });
});

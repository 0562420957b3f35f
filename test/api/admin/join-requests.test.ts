import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderNotification } from '../../../core/i18n/notification-texts.ts';
import { factories } from '../../factories/index.ts';
import { createTestApp, type TestApp } from '../../support/app.ts';
import { recordingNotifier } from '../../support/money.ts';
import { adminClient, type AdminClient } from './admin-client.ts';

// An influencer's /join at a brand that approves its promoters waits as a join request; staff
// or the brand's own vendor approve or reject it, the influencer is told in chat, and another
// vendor sees none of it.

const notifier = recordingNotifier();
let t: TestApp;
let admin: AdminClient;
let vendor: AdminClient;
let otherVendor: AdminClient;
let brand: { id: string; slug: string; name: string };
const requests: Record<'ana' | 'ben' | 'cleo', { id: string; influencerId: string }> = {} as never;

beforeAll(async () => {
  t = await createTestApp({ notifier });
  const make = factories(t.database.db, t.deps.secretBox);
  admin = await adminClient(t, 'admin');
  const mine = await make.vendor({ name: 'Curated' });
  const theirs = await make.vendor({ name: 'Elsewhere' });
  brand = await make.brand(mine.id, { name: 'Curated Home', autoApprove: false });
  vendor = await adminClient(t, 'vendor', mine.id);
  otherVendor = await adminClient(t, 'vendor', theirs.id);
  for (const name of ['ana', 'ben', 'cleo'] as const) {
    const influencer = await make.influencer({ displayName: `${name} influencer`, country: 'PL' });
    const row = await t.database.db.insertInto('brand_memberships')
      .values({ influencer_id: influencer.id, brand_id: brand.id, status: 'pending' }).returning('id').executeTakeFirstOrThrow();
    requests[name] = { id: row.id, influencerId: influencer.id };
  }
});
afterAll(async () => { await t?.close(); });

describe('join requests', () => {
  it("are listed per brand by status, newest first, with the pending count on the brand", async () => {
    const listed = await vendor.call('GET', `/brands/${brand.id}/join-requests?status=pending&limit=2`);
    expect(listed.status).toBe(200);
    expect(listed.json.items.map((r: { influencerName: string }) => r.influencerName)).toEqual(['cleo influencer', 'ben influencer']);
    expect(listed.json.items[0]).toMatchObject({ brandId: brand.id, brandName: 'Curated Home', influencerCountry: 'PL', status: 'pending', decidedAt: null });
    const next = await vendor.call('GET', `/brands/${brand.id}/join-requests?status=pending&limit=2&cursor=${listed.json.nextCursor}`);
    expect(next.json.items.map((r: { influencerName: string }) => r.influencerName)).toEqual(['ana influencer']);
    expect((await vendor.call('GET', `/brands/${brand.id}`)).json.pendingJoinRequests).toBe(3);
  });

  it("are decided by the brand's vendor, and the influencer is told in their language", async () => {
    const approved = await vendor.call('POST', `/memberships/${requests.ana.id}/approve`);
    expect(approved.status, JSON.stringify(approved.json)).toBe(200);
    expect(approved.json).toMatchObject({ id: requests.ana.id, status: 'approved', decidedAt: expect.any(String) });
    const rejected = await vendor.call('POST', `/memberships/${requests.ben.id}/reject`);
    expect(rejected.json.status).toBe('rejected');

    expect(notifier.sent.filter((n) => n.kind.startsWith('membership_'))).toEqual([
      { kind: 'membership_approved', influencerId: requests.ana.influencerId, brandId: brand.id, brandName: 'Curated Home', brandSlug: brand.slug },
      { kind: 'membership_rejected', influencerId: requests.ben.influencerId, brandId: brand.id, brandName: 'Curated Home', brandSlug: brand.slug },
    ]);
    expect(renderNotification(notifier.of('membership_approved')[0]!, 'pl')).toContain(`/deals ${brand.slug}`);
    expect((await vendor.call('GET', `/brands/${brand.id}`)).json.pendingJoinRequests).toBe(1);
    const stored = await t.database.db.selectFrom('brand_memberships').select(['status']).where('id', '=', requests.ana.id).executeTakeFirstOrThrow();
    expect(stored.status).toBe('approved');
  });

  it('refuse a decision twice or the rejection of an approved promoter; a rejection may be reconsidered', async () => {
    const again = await vendor.call('POST', `/memberships/${requests.ana.id}/approve`);
    expect(again.status).toBe(409);
    expect(again.json.error.message).toMatch(/already approved/);
    const unapprove = await admin.call('POST', `/memberships/${requests.ana.id}/reject`);
    expect(unapprove.status).toBe(409);
    expect(unapprove.json.error.message).toMatch(/cannot be rejected/);
    const reconsidered = await admin.call('POST', `/memberships/${requests.ben.id}/approve`);
    expect(reconsidered.json.status).toBe('approved');
  });

  it("are invisible and untouchable to another vendor", async () => {
    expect((await otherVendor.call('GET', `/brands/${brand.id}/join-requests`)).status).toBe(404);
    const response = await otherVendor.call('POST', `/memberships/${requests.cleo.id}/approve`);
    expect(response.status).toBe(404);
    const stored = await t.database.db.selectFrom('brand_memberships').select(['status']).where('id', '=', requests.cleo.id).executeTakeFirstOrThrow();
    expect(stored.status).toBe('pending');
  });

  it('leave one audit row per decision, with the request before and after', async () => {
    const rows = await t.database.db.selectFrom('audit_log').select(['actor', 'action', 'entity_id', 'before', 'after']).where('entity', '=', 'membership').orderBy('id').execute();
    expect(rows.map((r) => [r.actor, r.action, r.entity_id])).toEqual([
      [`admin:${vendor.id}`, 'membership.approve', requests.ana.id],
      [`admin:${vendor.id}`, 'membership.reject', requests.ben.id],
      [`admin:${admin.id}`, 'membership.approve', requests.ben.id],
    ]);
    expect(rows[0]!.before).toMatchObject({ status: 'pending' });
    expect(rows[0]!.after).toMatchObject({ status: 'approved' });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { factories } from '../../factories/index.ts';
import { createTestApp, type TestApp } from '../../support/app.ts';
import { storeClick } from '../../support/clicks.ts';
import { manualClock } from '../../support/manual-clock.ts';
import { recordingNotifier } from '../../support/money.ts';
import { sendSigned } from '../../support/vendor.ts';
import { adminClient, type AdminClient } from './admin-client.ts';

// Suspending, reinstating and approving influencers from the admin API: the audit rows, what the
// influencer is told, and the rule a suspension applies to money (links work, nothing new is earned).

const clock = manualClock(new Date('2026-12-01T12:00:00Z'));
const notifier = recordingNotifier();
let t: TestApp;
let admin: AdminClient;
let support: AdminClient;
let make: ReturnType<typeof factories>;

beforeAll(async () => {
  t = await createTestApp({ clock, notifier });
  admin = await adminClient(t, 'admin');
  support = await adminClient(t, 'support');
  make = factories(t.database.db, t.deps.secretBox);
});
afterAll(async () => { await t?.close(); });

const auditOf = (entityId: string) => t.database.db.selectFrom('audit_log').select(['actor', 'action', 'before', 'after', 'details'])
  .where('entity', '=', 'influencer').where('entity_id', '=', entityId).orderBy('id').execute();

async function order(vendor: Awaited<ReturnType<typeof make.vendor>>, body: Record<string, unknown>) {
  const response = await sendSigned(t.app, vendor.credentials, { method: 'POST', url: '/api/v1/conversions', body, t: Math.floor(clock.now().getTime() / 1000) });
  expect(response.statusCode, response.body).toBe(202);
  return response.json();
}

describe('suspending and reinstating an influencer', () => {
  it('records who, why, before and after; tells the influencer; refuses what does not apply', async () => {
    const influencer = await make.influencer({ displayName: 'Lena' });
    const noReason = await admin.call('POST', `/influencers/${influencer.id}/suspend`, { reason: ' ' });
    expect(noReason.status).toBe(400);

    const suspended = await admin.call('POST', `/influencers/${influencer.id}/suspend`, { reason: 'Bought through her own links' });
    expect(suspended.status).toBe(200);
    expect(suspended.json).toMatchObject({
      id: influencer.id, status: 'suspended', statusReason: 'Bought through her own links',
      statusChangedAt: clock.now().toISOString(), statusChangedBy: `admin:${admin.id}`,
    });
    expect((await support.call('GET', `/influencers/${influencer.id}`)).json.status).toBe('suspended');
    expect((await admin.call('POST', `/influencers/${influencer.id}/suspend`, { reason: 'again' })).status).toBe(409);
    expect((await admin.call('POST', `/influencers/${influencer.id}/approve`)).status).toBe(409);

    clock.advance(60_000);
    const reinstated = await admin.call('POST', `/influencers/${influencer.id}/reinstate`, {});
    expect(reinstated.json).toMatchObject({ status: 'active', statusReason: null, statusChangedAt: clock.now().toISOString() });

    const rows = await auditOf(influencer.id);
    expect(rows.map((r) => [r.actor, r.action])).toEqual([[`admin:${admin.id}`, 'influencer.suspend'], [`admin:${admin.id}`, 'influencer.reinstate']]);
    expect(rows[0]).toMatchObject({ before: { status: 'active' }, after: { status: 'suspended' }, details: { reason: 'Bought through her own links' } });
    expect(rows[1]).toMatchObject({ before: { status: 'suspended' }, after: { status: 'active' } });
    expect(notifier.sent.filter((n) => n.influencerId === influencer.id).map((n) => n.kind)).toEqual(['account_suspended', 'account_reinstated']);
  });

  it('is for admins and managers: support reads, never changes, a standing', async () => {
    const influencer = await make.influencer();
    const refused = await support.call('POST', `/influencers/${influencer.id}/suspend`, { reason: 'support tries' });
    expect(refused.status).toBe(403);
    expect((await t.database.db.selectFrom('influencers').select('status').where('id', '=', influencer.id).executeTakeFirstOrThrow()).status).toBe('active');
    expect(await auditOf(influencer.id)).toEqual([]);
    expect((await admin.call('POST', '/influencers/99999/suspend', { reason: 'nobody' })).status).toBe(404);
  });

  it("keeps a suspended influencer's link redirecting, but the order through it earns nobody anything", async () => {
    const vendor = await make.vendor();
    const product = await make.product(await make.brand(vendor.id, { commissionRateBps: 1000 }));
    const influencer = await make.influencer();
    const link = await make.link(influencer.id, product.id);
    await admin.call('POST', `/influencers/${influencer.id}/suspend`, { reason: 'Under review' });

    const redirect = await t.app.inject({ method: 'GET', url: `/r/${link.code}`, headers: { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/120' } });
    expect(redirect.statusCode).toBe(302);
    expect(redirect.headers.location).toContain(product.url);

    const clickId = await storeClick(t.database.db, link, { clickedAt: new Date(clock.now().getTime() - 60_000) });
    const answer = await order(vendor, { orderId: 'SUSP-1', clickId, amount: 10_000, currency: 'EUR' });
    expect(answer).toMatchObject({ status: 'unattributed', attributed: false, attributionReason: 'influencer_inactive', commission: null });
    expect(await t.database.db.selectFrom('commissions').select('id').where('influencer_id', '=', influencer.id).execute()).toEqual([]);
    expect(await t.database.db.selectFrom('ledger_entries').select('id').where('influencer_id', '=', influencer.id).execute()).toEqual([]);

    await admin.call('POST', `/influencers/${influencer.id}/reinstate`, {});
    const later = await order(vendor, { orderId: 'SUSP-2', clickId, amount: 10_000, currency: 'EUR' });
    expect(later).toMatchObject({ attributed: true, commission: { amount: 1000, status: 'pending' } });
  });
});

describe('approving registrations', () => {
  it('lets admins require approval, approves a pending influencer once, and tells them', async () => {
    expect((await support.call('GET', '/influencer-registration')).json).toMatchObject({ approval: 'automatic', pending: 0 });
    expect((await support.call('PUT', '/influencer-registration', { approval: 'required' })).status).toBe(403);
    const set = await admin.call('PUT', '/influencer-registration', { approval: 'required' });
    expect(set.json).toMatchObject({ approval: 'required', updatedBy: `admin:${admin.id}` });

    const waiting = await make.influencer({ displayName: 'Waiting' });
    await t.database.db.updateTable('influencers').set({ status: 'pending' }).where('id', '=', waiting.id).execute();
    expect((await admin.call('GET', '/influencer-registration')).json.pending).toBe(1);
    expect((await support.call('GET', '/influencers?status=pending')).json.items.map((i: { id: string }) => i.id)).toEqual([waiting.id]);

    const approved = await admin.call('POST', `/influencers/${waiting.id}/approve`);
    expect(approved.json).toMatchObject({ status: 'active', statusChangedBy: `admin:${admin.id}` });
    expect((await admin.call('POST', `/influencers/${waiting.id}/approve`)).status).toBe(409);
    expect(notifier.of('account_approved')).toEqual([{ kind: 'account_approved', influencerId: waiting.id, at: clock.now().toISOString() }]);
    const settings = await t.database.db.selectFrom('audit_log').select(['action', 'entity_id', 'before', 'after']).where('entity', '=', 'setting').execute();
    expect(settings).toEqual([{ action: 'setting.update', entity_id: 'influencer_approval', before: { approval: 'automatic' }, after: { approval: 'required' } }]);
    await admin.call('PUT', '/influencer-registration', { approval: 'automatic' });
  });
});

describe('identities and the list', () => {
  it("shows an influencer's chat accounts with handle and when they were first and last seen", async () => {
    const influencer = await make.influencer({ displayName: 'Marta Kowalska' });
    const seen = new Date('2026-11-30T08:00:00Z');
    await t.database.db.insertInto('influencer_identities').values([
      { influencer_id: influencer.id, channel: 'telegram', external_id: '7001', chat_id: '7001', username: 'marta_deals', last_seen_at: seen, created_at: new Date('2026-11-01T00:00:00Z') },
      { influencer_id: influencer.id, channel: 'whatsapp', external_id: '48600100200', chat_id: '48600100200@c.us', active: false, created_at: new Date('2026-11-02T00:00:00Z') },
    ]).execute();
    const identities = await support.call('GET', `/influencers/${influencer.id}/identities`);
    expect(identities.json.items).toEqual([
      { id: expect.any(String), channel: 'telegram', externalId: '7001', username: 'marta_deals', active: true, firstSeenAt: '2026-11-01T00:00:00.000Z', lastSeenAt: seen.toISOString() },
      { id: expect.any(String), channel: 'whatsapp', externalId: '48600100200', username: null, active: false, firstSeenAt: '2026-11-02T00:00:00.000Z', lastSeenAt: null },
    ]);
    expect((await support.call('GET', '/influencers/99999/identities')).status).toBe(404);

    const ids = async (query: string) => (await support.call('GET', `/influencers?${query}`)).json.items.map((i: { id: string }) => i.id);
    expect(await ids('q=@MARTA')).toEqual([influencer.id]);
    expect(await ids('q=marta%20k')).toEqual([influencer.id]);
    expect(await ids('q=%2B48600100200')).toEqual([influencer.id]);
    expect(await ids(`q=${influencer.id}&country=FR`)).toEqual([influencer.id]);
    expect(await ids(`q=${influencer.id}&country=PL`)).toEqual([]);
    expect(await ids('q=%25')).toEqual([]);
  });

  it('filters by tier and language', async () => {
    const tier = await make.tier({ name: 'Filter tier' });
    const inTier = await make.influencer({ tierId: tier.id, language: 'pl' });
    await make.influencer({ language: 'pl' });
    const listed = await support.call('GET', `/influencers?tierId=${tier.id}&language=PL`);
    expect(listed.json.items.map((i: { id: string }) => i.id)).toEqual([inTier.id]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { autopostStore } from '../../../db/autopost.repository.ts';
import { factories } from '../../factories/index.ts';
import { createTestApp, type TestApp } from '../../support/app.ts';
import { adminClient, type AdminClient } from './admin-client.ts';

// The console's view of an influencer's autopost chats: title, audience, rules, state and last posts.

let t: TestApp;
let support: AdminClient;
let make: ReturnType<typeof factories>;

beforeAll(async () => {
  t = await createTestApp();
  support = await adminClient(t, 'support');
  make = factories(t.database.db, t.deps.secretBox);
});
afterAll(async () => { await t?.close(); });

describe('GET /api/v1/admin/influencers/:id/autopost-chats', () => {
  it('shows each chat with its member count, rules, why it stopped, and its last posts', async () => {
    const influencer = await make.influencer({ country: 'PL' });
    const vendor = await make.vendor();
    const brand = await make.brand(vendor.id);
    const product = await make.product(brand, { title: 'Lampka nocna' });
    const link = await make.link(influencer.id, product.id, { groupLabel: 'Okazje Oli' });
    const store = autopostStore(t.database.db);
    const chat = await store.upsertChat({ influencerId: influencer.id, telegramChatId: '-1001', chatType: 'channel', title: 'Okazje Oli', timeZone: 'Europe/Warsaw' });
    await store.saveMemberCount(chat.id, 1500, new Date('2026-12-06T08:00:00Z'));
    const postId = await store.claimSlot(chat.id, new Date('2026-12-06T08:00:00Z'));
    await store.finishPost(postId!, { status: 'posted', productId: product.id, linkId: link.id, messageId: '77', postedAt: new Date('2026-12-06T08:00:01Z') });
    await store.stopChat('-1001', 'rights_lost', new Date('2026-12-06T09:00:00Z'));

    const response = await support.call('GET', `/influencers/${influencer.id}/autopost-chats`);
    expect(response.status, JSON.stringify(response.json)).toBe(200);
    const [item] = response.json.items;
    expect(item).toMatchObject({
      title: 'Okazje Oli', chatType: 'channel', memberCount: 1500, timeZone: 'Europe/Warsaw', postTimes: ['09:00', '13:00', '19:00'], dailyCap: 3,
      stoppedReason: 'rights_lost', stoppedAt: '2026-12-06T09:00:00.000Z', nextDueAt: null,
      lastPosts: [{ status: 'posted', productTitle: 'Lampka nocna', linkCode: link.code, postedAt: '2026-12-06T08:00:01.000Z' }],
    });
  });

  it('is a 404 for an unknown influencer and closed to vendor accounts', async () => {
    expect((await support.call('GET', '/influencers/999999999/autopost-chats')).status).toBe(404);
    const vendor = await make.vendor();
    const vendorAccount = await adminClient(t, 'vendor', vendor.id);
    const influencer = await make.influencer();
    expect((await vendorAccount.call('GET', `/influencers/${influencer.id}/autopost-chats`)).status).toBe(403);
  });
});

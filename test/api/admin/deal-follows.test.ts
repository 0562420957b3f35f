import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addFollow, setAlertFrequency } from '../../../db/deal-follows.repository.ts';
import { factories } from '../../factories/index.ts';
import { createTestApp, type TestApp } from '../../support/app.ts';
import { adminClient, type AdminClient } from './admin-client.ts';

// What an influencer follows for deal alerts, for support; how many follow a brand, for the
// brand's page (its vendor sees its own brands' count, never another's).

let t: TestApp;
let support: AdminClient;
let vendor: AdminClient;
let mine: { id: string; vendor_id: string };
let theirs: { id: string; vendor_id: string };
let influencerId: string;

beforeAll(async () => {
  t = await createTestApp();
  const make = factories(t.database.db, t.deps.secretBox);
  const myVendor = await make.vendor();
  mine = await make.brand(myVendor.id, { name: 'Lumio Home' });
  theirs = await make.brand((await make.vendor()).id);
  const anna = await make.influencer();
  const ben = await make.influencer();
  influencerId = anna.id;
  await addFollow(t.database.db, anna.id, { brandId: mine.id }, 20);
  await addFollow(t.database.db, anna.id, { keyword: 'desk lamp' }, 20);
  await addFollow(t.database.db, ben.id, { brandId: mine.id }, 20);
  await setAlertFrequency(t.database.db, anna.id, 'instant');
  support = await adminClient(t, 'support');
  vendor = await adminClient(t, 'vendor', myVendor.id);
});
afterAll(async () => { await t?.close(); });

describe('deal follows in the admin API', () => {
  it('shows support what an influencer follows and how often they hear', async () => {
    const answer = await support.call('GET', `/influencers/${influencerId}/follows`);
    expect(answer.status, JSON.stringify(answer.json)).toBe(200);
    expect(answer.json).toMatchObject({
      frequency: 'instant',
      items: [{ kind: 'brand', brandId: mine.id, name: 'Lumio Home' }, { kind: 'keyword', brandId: null, name: 'desk lamp' }],
    });
    expect((await support.call('GET', '/influencers/999999/follows')).status).toBe(404);
    expect((await vendor.call('GET', `/influencers/${influencerId}/follows`)).status).toBe(403);
  });

  it('counts a brand’s followers for its vendor, and hides another vendor’s brand', async () => {
    expect((await vendor.call('GET', `/brands/${mine.id}/followers`)).json).toEqual({ followers: 2 });
    expect((await support.call('GET', `/brands/${theirs.id}/followers`)).json).toEqual({ followers: 0 });
    expect((await vendor.call('GET', `/brands/${theirs.id}/followers`)).status).toBe(404);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlacedProduct } from '../../core/catalog/catalog.ports.ts';
import { createSecretBox } from '../../core/shared/secret-box.ts';
import { upsertProducts } from '../../db/catalog.repository.ts';
import { claimDueAlerts } from '../../db/deal-alerts.repository.ts';
import { addFollow, setAlertFrequency } from '../../db/deal-follows.repository.ts';
import { factories } from '../factories/index.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';

// Who hears about which deal: the claim's rules on keywords, brands one may promote and the
// follower's standing, each against a follower who must not hear.

let database: TestDatabase;
let make: ReturnType<typeof factories>;
let open: { id: string; vendor_id: string };
let reviewed: { id: string; vendor_id: string };
const later = () => new Date(Date.now() + 60_000);

const placed = (brand: { id: string; vendor_id: string }, sku: string, title: string, price: number): PlacedProduct => ({
  vendorId: brand.vendor_id, brandId: brand.id, sku, title, url: `https://shop.example/p/${sku}`, price, currency: 'EUR', active: true,
  listPrice: null, imageUrl: null, category: null, description: null, commissionRateBps: null,
});

async function instantFollower(target: { brandId: string } | { keyword: string }) {
  const influencer = await make.influencer();
  await addFollow(database.db, influencer.id, target, 20);
  await setAlertFrequency(database.db, influencer.id, 'instant');
  return influencer.id;
}

beforeAll(async () => {
  database = await createTestDatabase();
  make = factories(database.db, createSecretBox('test-secret-key-test-secret-key-0000'));
  const vendor = await make.vendor();
  open = await make.brand(vendor.id, { autoApprove: true });
  reviewed = await make.brand(vendor.id, { autoApprove: false });
});
afterAll(async () => { await database?.close(); });

describe('claiming deal alerts', () => {
  it('matches keywords word by word, any case, and only products the follower may promote', async () => {
    const lampWords = await instantFollower({ keyword: 'desk lamp' });
    const otherWords = await instantFollower({ keyword: 'garden hose' });
    const notJoined = await instantFollower({ brandId: reviewed.id });
    const joined = await instantFollower({ brandId: reviewed.id });
    await database.db.insertInto('brand_memberships').values({ influencer_id: joined, brand_id: reviewed.id, status: 'approved' }).execute();
    const pending = await instantFollower({ brandId: reviewed.id });
    await database.db.insertInto('brand_memberships').values({ influencer_id: pending, brand_id: reviewed.id, status: 'pending' }).execute();
    const suspended = await instantFollower({ keyword: 'lamp' });
    await database.db.updateTable('influencers').set({ status: 'suspended' }).where('id', '=', suspended).execute();
    const off = await instantFollower({ keyword: 'lamp' });
    await setAlertFrequency(database.db, off, 'off');

    await upsertProducts(database.db, [placed(open, 'L1', 'LED Lamp for your Desk', 2999), placed(reviewed, 'R1', 'Leather wallet', 4999)]);
    const claimed = await claimDueAlerts(database.db, later());
    const heard = Object.fromEntries(claimed.map((c) => [c.influencerId, c.items.map((i) => i.title)]));
    // Nobody else: not the other words, the brand not joined or still pending, the suspended follower, alerts off.
    expect(heard).toEqual({ [lampWords]: ['LED Lamp for your Desk'], [joined]: ['Leather wallet'] });
    expect([otherWords, notJoined, pending, suspended, off].filter((id) => id in heard)).toEqual([]);
  });

  it('lists a few deals and counts the rest, one item per product', async () => {
    const follower = await instantFollower({ brandId: open.id });
    const products = Array.from({ length: 12 }, (_, i) => placed(open, `MANY-${i}`, `Item ${i}`, 1000 + i));
    await upsertProducts(database.db, products);
    await upsertProducts(database.db, products.map((p) => ({ ...p, price: p.price - 500 })));
    const [alert] = (await claimDueAlerts(database.db, later())).filter((c) => c.influencerId === follower);
    expect(alert!.items).toHaveLength(8);
    expect(alert!.more).toBe(4);
    // New and then cheaper within one alert: told as new, at the price now.
    expect(alert!.items.every((i) => i.kind === 'new_product' && i.price < 1000)).toBe(true);
    expect(await claimDueAlerts(database.db, later())).toEqual([]);
  });
});

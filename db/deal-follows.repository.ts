import { sql, type Kysely } from 'kysely';
import type { AlertFrequency } from '../core/alerts/deal-alerts.ts';
import { DEFAULT_ALERT_FREQUENCY } from '../core/alerts/deal-alerts.ts';
import type { Follow, FollowableBrand, FollowStore, FollowSummary } from '../core/alerts/deal-alerts.ports.ts';
import type { Database } from './schema.ts';

// What influencers follow for deal alerts (`/follow`, `/unfollow`, `/alerts`) and how often they
// hear. The (influencer, brand) and (influencer, keyword) unique indexes make a repeated follow a
// no-op; the limit is counted under a lock of the influencer's settings row.

type Target = { brandId: string } | { keyword: string };

/** A brand by slug or by name, any case. */
export async function findFollowableBrand(db: Kysely<Database>, ref: string): Promise<FollowableBrand | undefined> {
  const wanted = ref.trim().toLowerCase();
  return db.selectFrom('brands').select(['id', 'name', 'slug'])
    .where((eb) => eb.or([eb(eb.fn('lower', ['slug']), '=', wanted), eb(eb.fn('lower', ['name']), '=', wanted)]))
    .orderBy(sql`lower(slug) = ${wanted}`, 'desc').orderBy('id')
    .limit(1).executeTakeFirst();
}

export async function listFollows(db: Kysely<Database>, influencerId: string): Promise<FollowSummary> {
  const [settings, rows] = await Promise.all([
    db.selectFrom('deal_alert_settings').select('frequency').where('influencer_id', '=', influencerId).executeTakeFirst(),
    db.selectFrom('deal_follows as f').leftJoin('brands as b', 'b.id', 'f.brand_id')
      .select(['f.id', 'f.brand_id', 'f.keyword', 'f.created_at', 'b.name', 'b.slug'])
      .where('f.influencer_id', '=', influencerId).orderBy('f.created_at').orderBy('f.id').execute(),
  ]);
  const follows = rows.map((r): Follow => (r.brand_id !== null
    ? { id: r.id, kind: 'brand', brandId: r.brand_id, name: r.name ?? '', slug: r.slug ?? '', createdAt: r.created_at }
    : { id: r.id, kind: 'keyword', keyword: r.keyword ?? '', createdAt: r.created_at }));
  return { frequency: settings?.frequency ?? DEFAULT_ALERT_FREQUENCY, follows };
}

export async function addFollow(db: Kysely<Database>, influencerId: string, target: Target, max: number): Promise<'added' | 'already' | 'full'> {
  const work = async (trx: Kysely<Database>) => {
    // The settings row is the influencer's lock: two follows at once count one after the other.
    await trx.insertInto('deal_alert_settings').values({ influencer_id: influencerId })
      .onConflict((oc) => oc.column('influencer_id').doUpdateSet({ influencer_id: (eb) => eb.ref('excluded.influencer_id') }))
      .execute();
    const existing = await trx.selectFrom('deal_follows').select(['brand_id', 'keyword']).where('influencer_id', '=', influencerId).execute();
    if (existing.some((f) => ('brandId' in target ? f.brand_id === target.brandId : f.keyword === target.keyword))) return 'already';
    if (existing.length >= max) return 'full';
    await trx.insertInto('deal_follows').values({
      influencer_id: influencerId, brand_id: 'brandId' in target ? target.brandId : null, keyword: 'keyword' in target ? target.keyword : null,
    }).onConflict((oc) => oc.doNothing()).execute();
    return 'added';
  };
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}

export async function removeFollow(db: Kysely<Database>, influencerId: string, target: Target): Promise<boolean> {
  const removed = await db.deleteFrom('deal_follows').where('influencer_id', '=', influencerId)
    .$if('brandId' in target, (q) => q.where('brand_id', '=', (target as { brandId: string }).brandId))
    .$if('keyword' in target, (q) => q.where('keyword', '=', (target as { keyword: string }).keyword))
    .executeTakeFirst();
  return Number(removed.numDeletedRows) > 0;
}

export async function setAlertFrequency(db: Kysely<Database>, influencerId: string, frequency: AlertFrequency): Promise<void> {
  await db.insertInto('deal_alert_settings').values({ influencer_id: influencerId, frequency })
    .onConflict((oc) => oc.column('influencer_id').doUpdateSet({ frequency, updated_at: sql<Date>`now()` }))
    .execute();
}

/** Followers per brand, for the console's brand pages. */
export async function countBrandFollowers(db: Kysely<Database>, brandId: string): Promise<number> {
  const row = await db.selectFrom('deal_follows').select((eb) => eb.fn.countAll<string>().as('n')).where('brand_id', '=', brandId).executeTakeFirst();
  return Number(row?.n ?? 0);
}

export function followStore(db: Kysely<Database>): FollowStore {
  return {
    findBrand: (ref) => findFollowableBrand(db, ref),
    listFollows: (influencerId) => listFollows(db, influencerId),
    addFollow: (influencerId, target, max) => addFollow(db, influencerId, target, max),
    removeFollow: (influencerId, target) => removeFollow(db, influencerId, target),
    setFrequency: (influencerId, frequency) => setAlertFrequency(db, influencerId, frequency),
  };
}

import type { Kysely } from 'kysely';
import type { Influencer, InfluencerFilter, InfluencerReads, InfluencerWrites, NewInfluencer } from '../core/influencers/influencers.ports.ts';
import type { Page, PageQuery } from '../core/shared/paging.ts';
import { listPage } from './paging.ts';
import type { Database, InfluencerRow } from './schema.ts';

type Db = Kysely<Database>;

function toInfluencer(row: InfluencerRow): Influencer {
  return {
    id: row.id, displayName: row.display_name, language: row.language, country: row.country, status: row.status,
    recruitCode: row.recruit_code, recruitedBy: row.recruited_by, tierId: row.tier_id, payoutCurrency: row.payout_currency.trim(),
    createdAt: row.created_at,
  };
}

/**
 * Inserts an influencer unless its recruit code is taken. `ON CONFLICT DO NOTHING` rather than
 * a caught unique violation, so that the transaction stays usable for the retry.
 */
export async function insertInfluencerIfCodeFree(db: Db, influencer: NewInfluencer): Promise<Influencer | undefined> {
  const row = await db.insertInto('influencers').values({
    display_name: influencer.displayName, language: influencer.language, country: influencer.country, recruit_code: influencer.recruitCode,
  }).onConflict((oc) => oc.column('recruit_code').doNothing()).returningAll().executeTakeFirst();
  return row && toInfluencer(row);
}

export async function findInfluencerById(db: Db, id: string): Promise<Influencer | undefined> {
  const row = await db.selectFrom('influencers').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toInfluencer(row);
}

export async function listInfluencers(db: Db, filter: InfluencerFilter, page: PageQuery): Promise<Page<Influencer>> {
  return listPage(db.selectFrom('influencers').selectAll(), {
    id: 'id', equal: { status: filter.status, country: filter.country, language: filter.language },
  }, page, toInfluencer);
}

/** The influencer writes of the admin API on this database or transaction. */
export function influencerWrites(db: Db): InfluencerWrites {
  return { insertInfluencerIfCodeFree: (influencer) => insertInfluencerIfCodeFree(db, influencer) };
}

/** The influencer reads of the admin API on this database. */
export function influencerReads(db: Db): InfluencerReads {
  return {
    findInfluencer: (id) => findInfluencerById(db, id),
    listInfluencers: (filter, page) => listInfluencers(db, filter, page),
  };
}

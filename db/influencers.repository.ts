import type { Kysely } from 'kysely';
import type { Page, PageQuery } from '../core/shared/paging.ts';
import { toPage } from './paging.ts';
import type { Database, InfluencerRow } from './schema.ts';

export interface NewInfluencer {
  displayName: string;
  language: string;
  country: string | null;
  recruitCode: string;
}

/** Inserts an influencer; a taken recruit code is a unique violation the caller retries. */
export async function insertInfluencer(db: Kysely<Database>, influencer: NewInfluencer): Promise<InfluencerRow> {
  return db.insertInto('influencers').values({
    display_name: influencer.displayName, language: influencer.language, country: influencer.country, recruit_code: influencer.recruitCode,
  }).returningAll().executeTakeFirstOrThrow();
}

export async function findInfluencerById(db: Kysely<Database>, id: string): Promise<InfluencerRow | undefined> {
  return db.selectFrom('influencers').selectAll().where('id', '=', id).executeTakeFirst();
}

export interface InfluencerFilter {
  status?: InfluencerRow['status'];
  country?: string;
  language?: string;
}

export async function listInfluencers(db: Kysely<Database>, filter: InfluencerFilter, page: PageQuery): Promise<Page<InfluencerRow>> {
  let query = db.selectFrom('influencers').selectAll();
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.country) query = query.where('country', '=', filter.country);
  if (filter.language) query = query.where('language', '=', filter.language);
  if (page.after) query = query.where('id', '<', page.after);
  return toPage(await query.orderBy('id', 'desc').limit(page.limit + 1).execute(), page.limit);
}

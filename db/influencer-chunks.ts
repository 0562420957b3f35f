import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.ts';

/** A range of influencer ids, `after < id <= upTo`: one chunk of a settlement run. */
export interface InfluencerRange {
  after: string;
  upTo: string;
}

/** The next `limit` influencers by id after `afterId` (null: from the first); null when there are none. */
export async function nextInfluencerChunk(db: Kysely<Database>, afterId: string | null, limit: number): Promise<InfluencerRange | null> {
  const after = afterId ?? '0';
  const { rows } = await sql<{ up_to: string | null }>`
    SELECT max(id)::text AS up_to FROM (SELECT id FROM influencers WHERE id > ${after} ORDER BY id LIMIT ${limit}) chunk
  `.execute(db);
  const upTo = rows[0]?.up_to ?? null;
  return upTo === null ? null : { after, upTo };
}

/** The range holding exactly one influencer. */
export function singleInfluencer(id: string): InfluencerRange {
  return { after: String(BigInt(id) - 1n), upTo: id };
}

import { sql, type Kysely } from 'kysely';
import type { PlaygroundPersonaReads } from '../core/playground/playground.ts';
import { PLAYGROUND_CHANNEL } from '../core/playground/playground.ts';
import type { InfluencerStatus } from '../core/influencers/influencer-accounts.service.ts';
import type { Database } from './schema.ts';

/** The console's test influencers: identities on the `playground` channel, found by the admin's prefix. */
export function playgroundPersonaReads(db: Kysely<Database>): PlaygroundPersonaReads {
  const personas = () => db.selectFrom('influencer_identities')
    .innerJoin('influencers', 'influencers.id', 'influencer_identities.influencer_id')
    .select([
      'influencer_identities.external_id', 'influencers.id', 'influencers.display_name', 'influencers.language',
      'influencers.country', 'influencers.status', 'influencers.created_at',
    ])
    .where('influencer_identities.channel', '=', PLAYGROUND_CHANNEL);
  return {
    async listByExternalIdPrefix(prefix) {
      // (channel, external_id) is unique: the channel narrows by the index, starts_with does the rest.
      const rows = await personas().where(sql<boolean>`starts_with(influencer_identities.external_id, ${prefix})`)
        .orderBy('influencers.created_at', 'desc').limit(200).execute();
      return rows.map(toRow);
    },
    async findByExternalId(externalId) {
      const row = await personas().where('influencer_identities.external_id', '=', externalId).executeTakeFirst();
      return row && toRow(row);
    },
  };
}

function toRow(row: { external_id: string; id: string; display_name: string; language: string; country: string | null; status: InfluencerStatus; created_at: Date }) {
  return {
    externalId: row.external_id, influencerId: row.id, name: row.display_name, language: row.language,
    country: row.country?.trim() ?? null, status: row.status, createdAt: row.created_at,
  };
}

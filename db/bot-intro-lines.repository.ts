import type { Kysely } from 'kysely';
import type { IntroLineStore } from '../core/influencers/intro-line.ts';
import type { Database } from './schema.ts';

/** `/intro`: the line kept on the influencer's row. */
export function botIntroLineStore(db: Kysely<Database>): IntroLineStore {
  return {
    async findIntroLine(influencerId) {
      const row = await db.selectFrom('influencers').select('intro_line').where('id', '=', influencerId).executeTakeFirst();
      return row?.intro_line ?? null;
    },
    async saveIntroLine(influencerId, line) {
      await db.updateTable('influencers').set({ intro_line: line }).where('id', '=', influencerId).execute();
    },
  };
}

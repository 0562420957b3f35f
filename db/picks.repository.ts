import { sql, type Kysely } from 'kysely';
import type { PickStore } from '../core/pages/pages.ports.ts';
import { isUniqueViolation } from './pg-errors.ts';
import type { Database } from './schema.ts';

type Db = Kysely<Database>;

/** The storefront writes of /pick, /unpick and /handle on this database. */
export function pickStore(db: Db): PickStore {
  return {
    async findHandle(influencerId) {
      return (await db.selectFrom('influencers').select('handle').where('id', '=', influencerId).executeTakeFirst())?.handle ?? null;
    },

    async claimHandle(influencerId, handle, replace) {
      try {
        const result = await db.updateTable('influencers').set({ handle })
          .where('id', '=', influencerId)
          .$if(!replace, (qb) => qb.where('handle', 'is', null))
          .executeTakeFirst();
        // Nothing updated without `replace`: a concurrent first /pick already gave them one (findHandle reads it).
        return replace ? Number(result.numUpdatedRows) === 1 : true;
      } catch (error) {
        if (isUniqueViolation(error, 'influencers_handle_key')) return false;
        throw error;
      }
    },

    async savePick({ influencerId, productId, linkId, note, at }) {
      await db.insertInto('picks')
        .values({ influencer_id: influencerId, product_id: productId, link_id: linkId, note, picked_at: at })
        .onConflict((oc) => oc.columns(['influencer_id', 'product_id']).doUpdateSet({
          link_id: sql`excluded.link_id`, note: sql`excluded.note`, picked_at: sql`excluded.picked_at`,
        }))
        .execute();
    },

    async removePick(influencerId, productId) {
      const result = await db.deleteFrom('picks').where('influencer_id', '=', influencerId).where('product_id', '=', productId).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    async isPicked(influencerId, productId) {
      const row = await db.selectFrom('picks').select('link_id').where('influencer_id', '=', influencerId).where('product_id', '=', productId).executeTakeFirst();
      return row !== undefined;
    },

    async countPicks(influencerId) {
      const row = await db.selectFrom('picks').select(sql<string>`count(*)`.as('n')).where('influencer_id', '=', influencerId).executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}

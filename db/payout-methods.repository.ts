import type { Kysely } from 'kysely';
import type { PayoutMethodStore } from '../core/payouts/payout-methods.service.ts';
import type { Database } from './schema.ts';

/** The influencers' payout methods, one row each, the account still sealed. */
export function payoutMethodStore(db: Kysely<Database>): PayoutMethodStore {
  return {
    async find(influencerId) {
      const row = await db.selectFrom('payout_methods').select(['kind', 'account_sealed']).where('influencer_id', '=', influencerId).executeTakeFirst();
      return row && { kind: row.kind, accountSealed: row.account_sealed };
    },
    async save(influencerId, method, at) {
      await db.insertInto('payout_methods')
        .values({ influencer_id: influencerId, kind: method.kind, account_sealed: method.accountSealed, updated_at: at })
        .onConflict((oc) => oc.column('influencer_id').doUpdateSet({ kind: method.kind, account_sealed: method.accountSealed, updated_at: at }))
        .execute();
    },
  };
}

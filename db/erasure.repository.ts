import { sql, type Kysely, type RawBuilder } from 'kysely';
import { ERASED_DISPLAY_NAME, ERASED_VALUE, type ErasureWrites } from '../core/privacy/erasure.service.ts';
import type { Database } from './schema.ts';

type Db = Kysely<Database>;

/** `column` with the values of `fields` replaced by the erased marker, when it is a JSON object holding them. */
function redacted(column: 'before' | 'after', fields: readonly string[]): RawBuilder<string | null> {
  const ref = sql.ref(column);
  return sql<string | null>`CASE WHEN jsonb_typeof(${ref}) = 'object' AND ${ref} ?| ${sql.val(fields)}::text[] THEN (
    SELECT jsonb_object_agg(key, CASE WHEN key = ANY(${sql.val(fields)}::text[]) AND value <> 'null'::jsonb THEN to_jsonb(${ERASED_VALUE}::text) ELSE value END)
    FROM jsonb_each(${ref})
  ) ELSE ${ref} END`;
}

/** The audit row holds one of `fields` in its before or after. */
function holdsAny(fields: readonly string[]): RawBuilder<boolean> {
  const keys = sql`${sql.val(fields)}::text[]`;
  return sql<boolean>`((jsonb_typeof(before) = 'object' AND before ?| ${keys}) OR (jsonb_typeof(after) = 'object' AND after ?| ${keys}))`;
}

/**
 * The erasure of core/privacy/erasure.service.ts on `db` (the unit of work's transaction).
 * Chat accounts keep their row (the unique (channel, external_id) stays unique by carrying the
 * identity's own id after the tombstone), so the same person can register again as a stranger.
 * The audit rows rewritten are found by index: the influencer's own, and those of their join requests.
 */
export function erasureWrites(db: Db): ErasureWrites {
  return {
    async lockStatus(influencerId) {
      const row = await db.selectFrom('influencers').select('status').where('id', '=', influencerId).forUpdate().executeTakeFirst();
      return row?.status;
    },

    async erase({ influencerId, at, by, tombstone, personalAuditFields }) {
      await db.updateTable('influencers').set({
        display_name: ERASED_DISPLAY_NAME, recruit_code: tombstone, country: null, intro_line: null, handle: null, status: 'deleted', deleted_at: at,
        status_reason: null, status_changed_at: at, status_changed_by: by,
      }).where('id', '=', influencerId).execute();
      const identities = await db.updateTable('influencer_identities').set({
        external_id: sql<string>`${tombstone} || ':' || id::text`, chat_id: '', active: false, username: null, last_seen_at: null,
      }).where('influencer_id', '=', influencerId).executeTakeFirst();
      // Where their money went is theirs alone: the method goes with the rest (the payouts keep their amounts).
      await db.deleteFrom('payout_methods').where('influencer_id', '=', influencerId).execute();
      // The chats the bot posted in for them (titles, Telegram ids) go too, with their posts: nothing posts there any more.
      await db.deleteFrom('autopost_chats').where('influencer_id', '=', influencerId).execute();
      // What they followed for deal alerts (their own words, too) says who they are; nothing is sent to them any more.
      await db.deleteFrom('deal_follows').where('influencer_id', '=', influencerId).execute();
      await db.deleteFrom('deal_alert_settings').where('influencer_id', '=', influencerId).execute();
      // Their storefront goes (its handle above, derived from their name, and their notes in their own words); the links stay.
      await db.deleteFrom('picks').where('influencer_id', '=', influencerId).execute();
      const memberships = db.selectFrom('brand_memberships').select(sql<string>`id::text`.as('id')).where('influencer_id', '=', influencerId);
      const audit = await db.updateTable('audit_log')
        .set({ before: redacted('before', personalAuditFields), after: redacted('after', personalAuditFields) })
        .where((eb) => eb.or([
          eb.and([eb('entity', '=', 'influencer'), eb('entity_id', '=', influencerId)]),
          eb.and([eb('entity', '=', 'membership'), eb('entity_id', 'in', memberships)]),
        ]))
        .where(holdsAny(personalAuditFields))
        .executeTakeFirst();
      return { identities: Number(identities.numUpdatedRows), auditRowsRedacted: Number(audit.numUpdatedRows) };
    },
  };
}

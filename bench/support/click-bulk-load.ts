import { sql, type Kysely } from 'kysely';
import type { ClickEvent } from '../../core/clicks/clicks.ports.ts';
import type { Database } from '../../db/schema.ts';

export const BULK_ROWS_PER_STATEMENT = 20_000;

/**
 * The floor of storing clicks: the same rows and columns straight into the table, set-based, in
 * one transaction, nothing decided (no duplicate check, no rollups, no velocity rules). The
 * click-ingest bench's baseline, and the store stage of the redirect bench's all-in-one ceiling.
 */
export async function bulkLoadClicks(db: Kysely<Database>, clicks: readonly ClickEvent[]): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < clicks.length; i += BULK_ROWS_PER_STATEMENT) {
      const part = clicks.slice(i, i + BULK_ROWS_PER_STATEMENT);
      await sql`
        INSERT INTO clicks (id, link_id, influencer_id, product_id, clicked_at, visitor_id, ip_hash, user_agent, referer, counted, duplicate, bot)
        SELECT id, link_id, influencer_id, product_id, clicked_at, visitor_id, ip_hash, user_agent, referer, true, false, false
        FROM unnest(${part.map((c) => c.id)}::uuid[], ${part.map((c) => c.linkId)}::bigint[], ${part.map((c) => c.influencerId)}::bigint[],
          ${part.map((c) => c.productId)}::bigint[], ${part.map((c) => c.clickedAt)}::timestamptz[], ${part.map((c) => c.visitorId)}::text[],
          ${part.map((c) => c.ipHash)}::text[], ${part.map((c) => c.userAgent)}::text[], ${part.map((c) => c.referer)}::text[])
          AS t(id, link_id, influencer_id, product_id, clicked_at, visitor_id, ip_hash, user_agent, referer)
      `.execute(trx);
    }
  });
}

import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { Database } from '../../db/schema.ts';

/**
 * Stores a click the way the click worker leaves it (counted unless told otherwise), for tests
 * that start after the redirect. Returns the click id, the `dc_click` a vendor would send back.
 */
export async function storeClick(
  db: Kysely<Database>,
  link: { id: string; influencer_id: string; product_id: string },
  overrides: Partial<{ clickedAt: Date; visitorId: string; counted: boolean; duplicate: boolean; bot: boolean; selfClick: boolean }> = {},
): Promise<string> {
  const clickedAt = overrides.clickedAt ?? new Date(Date.now() - 60 * 60 * 1000);
  const id = uuidv7({ msecs: clickedAt.getTime() });
  await db.insertInto('clicks').values({
    id, link_id: link.id, influencer_id: link.influencer_id, product_id: link.product_id, clicked_at: clickedAt,
    visitor_id: overrides.visitorId ?? `v_${crypto.randomBytes(8).toString('hex')}`, ip_hash: null,
    user_agent: 'Mozilla/5.0 (test)', referer: null,
    counted: overrides.counted ?? true, duplicate: overrides.duplicate ?? false, bot: overrides.bot ?? false,
    self_click: overrides.selfClick ?? false,
  }).execute();
  return id;
}

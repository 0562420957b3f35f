import type { Kysely } from 'kysely';
import type { RedirectTarget, RedirectTargetStore } from '../core/clicks/clicks.ports.ts';
import type { Database } from './schema.ts';

/** The redirect's PostgreSQL layer: one indexed lookup per code the caches do not know. */
export function redirectTargetStore(db: Kysely<Database>): RedirectTargetStore {
  return { findRedirectTarget: (code) => findRedirectTarget(db, code) };
}

/** Resolves a short code to its redirect target by the unique index on `links.code`. */
async function findRedirectTarget(db: Kysely<Database>, code: string): Promise<RedirectTarget | undefined> {
  const row = await db
    .selectFrom('links')
    .innerJoin('products', 'products.id', 'links.product_id')
    .select([
      'links.id as linkId',
      'links.influencer_id as influencerId',
      'links.product_id as productId',
      'products.url as url',
      'products.title as title',
      'products.description as description',
      'products.image_url as imageUrl',
      'products.price as price',
      'products.currency as currency',
    ])
    .where('links.code', '=', code)
    .executeTakeFirst();
  // bigint arrives as a string; catalog writes keep prices within Number.MAX_SAFE_INTEGER.
  return row ? { ...row, price: Number(row.price), currency: row.currency.trim() } : undefined;
}

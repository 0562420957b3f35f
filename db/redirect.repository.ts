import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

/** What a short link leads to: the ids a click records and the product a preview shows. */
export interface RedirectTarget {
  linkId: string;
  influencerId: string;
  productId: string;
  url: string;
  title: string;
  description: string | null;
  imageUrl: string | null;
  /** Minor units, as a string (bigint). */
  price: string;
  currency: string;
}

/** Resolves a short code to its redirect target by the unique index on `links.code`. */
export async function findRedirectTarget(db: Kysely<Database>, code: string): Promise<RedirectTarget | undefined> {
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
  return row ? { ...row, price: String(row.price), currency: row.currency.trim() } : undefined;
}

import type { Kysely } from 'kysely';
import type { Scope } from '../core/access/access.ts';
import type { LinkForMedia, LinkMediaReads } from '../core/links/links.ports.ts';
import { toLink } from './links.repository.ts';
import type { Database } from './schema.ts';

/**
 * One query for the admin API's QR code and poster of a link: the link with its product,
 * brand and influencer's language, among the links `scope` may see (a vendor: links to its
 * own products).
 */
export async function findLinkForMedia(db: Kysely<Database>, scope: Scope, linkId: string): Promise<LinkForMedia | undefined> {
  let query = db.selectFrom('links as l')
    .innerJoin('products as p', 'p.id', 'l.product_id')
    .innerJoin('brands as b', 'b.id', 'p.brand_id')
    .innerJoin('influencers as i', 'i.id', 'l.influencer_id')
    .selectAll('l')
    .select([
      'p.title', 'p.price', 'p.list_price', 'p.currency', 'p.image_url', 'p.category',
      'b.name as brand_name', 'b.slug as brand_slug', 'b.erid', 'i.language as influencer_language',
    ])
    .where('l.id', '=', linkId);
  if (scope.vendorId !== null) query = query.where('p.vendor_id', '=', scope.vendorId);
  const row = await query.executeTakeFirst();
  if (!row) return undefined;
  return {
    link: toLink(row),
    influencerLanguage: row.influencer_language,
    product: {
      title: row.title, price: Number(row.price), listPrice: row.list_price === null ? null : Number(row.list_price),
      currency: row.currency.trim(), imageUrl: row.image_url, category: row.category,
      brand: { name: row.brand_name, slug: row.brand_slug, erid: row.erid },
    },
  };
}

/** The printable forms' link lookup on this database. */
export function linkMediaReads(db: Kysely<Database>): LinkMediaReads {
  return { findLinkForMedia: (scope, linkId) => findLinkForMedia(db, scope, linkId) };
}

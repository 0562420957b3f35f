import type { Kysely } from 'kysely';
import type { ChannelProduct } from '../core/channels/channel-content.ts';
import type { Database, LinkRow } from './schema.ts';

/** A link with what its QR code and poster show: its product and brand, the product's vendor and the influencer's language. */
export interface LinkForMedia {
  link: LinkRow;
  vendorId: string;
  influencerLanguage: string;
  product: ChannelProduct;
}

/** One query for the admin API's QR code and poster of a link. */
export async function findLinkForMedia(db: Kysely<Database>, linkId: string): Promise<LinkForMedia | undefined> {
  const row = await db.selectFrom('links as l')
    .innerJoin('products as p', 'p.id', 'l.product_id')
    .innerJoin('brands as b', 'b.id', 'p.brand_id')
    .innerJoin('influencers as i', 'i.id', 'l.influencer_id')
    .selectAll('l')
    .select([
      'p.vendor_id', 'p.title', 'p.price', 'p.list_price', 'p.currency', 'p.image_url', 'p.category',
      'b.name as brand_name', 'b.slug as brand_slug', 'b.erid', 'i.language as influencer_language',
    ])
    .where('l.id', '=', linkId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    link: { id: row.id, code: row.code, influencer_id: row.influencer_id, product_id: row.product_id, channel: row.channel, group_label: row.group_label, created_at: row.created_at },
    vendorId: row.vendor_id,
    influencerLanguage: row.influencer_language,
    product: {
      title: row.title, price: Number(row.price), listPrice: row.list_price === null ? null : Number(row.list_price),
      currency: row.currency.trim(), imageUrl: row.image_url, category: row.category,
      brand: { name: row.brand_name, slug: row.brand_slug, erid: row.erid },
    },
  };
}

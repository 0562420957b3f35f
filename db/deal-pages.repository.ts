import { sql, type Kysely } from 'kysely';
import type { PageReads, StorefrontPick } from '../core/pages/pages.ports.ts';
import type { Database } from './schema.ts';

type Db = Kysely<Database>;

const CURSOR = /^(\d{1,15})\.(\d{1,18})$/;

/** The public pages' reads: a deal page by its link's code, a storefront by its handle, each one indexed query. */
export function pageReads(db: Db): PageReads {
  return {
    async findDealPage(code) {
      const row = await db.selectFrom('links as l')
        .innerJoin('products as p', 'p.id', 'l.product_id')
        .innerJoin('brands as b', 'b.id', 'p.brand_id')
        .innerJoin('influencers as i', 'i.id', 'l.influencer_id')
        .leftJoin('picks as k', (join) => join.onRef('k.influencer_id', '=', 'l.influencer_id').onRef('k.product_id', '=', 'l.product_id'))
        .select([
          'l.id as linkId', 'l.code', 'l.influencer_id as influencerId', 'l.product_id as productId',
          'i.display_name', 'i.status', 'i.handle',
          'p.title', 'p.description', 'p.image_url as imageUrl', 'p.price', 'p.list_price', 'p.currency', 'k.note',
          'b.name as brandName', 'b.erid',
        ])
        .where('l.code', '=', code)
        .executeTakeFirst();
      if (!row) return undefined;
      const active = row.status === 'active';
      return {
        linkId: row.linkId, code: row.code, influencerId: row.influencerId, productId: row.productId,
        influencerName: row.status === 'deleted' ? null : row.display_name,
        // Only an active influencer's storefront answers; the deal page does not lead to a 404.
        handle: active ? row.handle : null,
        title: row.title, description: row.description, imageUrl: row.imageUrl,
        price: Number(row.price), listPrice: row.list_price === null ? null : Number(row.list_price), currency: row.currency.trim(),
        note: active ? row.note : null,
        brand: { name: row.brandName, erid: row.erid },
      };
    },

    async findStorefront(handle, page) {
      const owner = await db.selectFrom('influencers').select(['id', 'display_name', 'handle'])
        .where('handle', '=', handle).where('status', '=', 'active').executeTakeFirst();
      if (!owner?.handle) return undefined;
      const total = await db.selectFrom('picks as k').innerJoin('products as p', 'p.id', 'k.product_id')
        .select(sql<string>`count(*)`.as('n')).where('k.influencer_id', '=', owner.id).where('p.active', '=', true).executeTakeFirstOrThrow();
      const after = page.cursor === undefined ? undefined : CURSOR.exec(page.cursor);
      const rows = await db.selectFrom('picks as k')
        .innerJoin('links as l', 'l.id', 'k.link_id')
        .innerJoin('products as p', 'p.id', 'k.product_id')
        .select([
          'l.code', 'k.product_id as productId', 'p.title', 'p.image_url as imageUrl', 'p.price', 'p.list_price', 'p.currency', 'k.note',
          'k.picked_at as pickedAt',
        ])
        .where('k.influencer_id', '=', owner.id)
        .where('p.active', '=', true)
        .$if(after !== undefined && after !== null, (qb) => qb.where(
          sql<boolean>`(k.picked_at, k.product_id) < (to_timestamp(${Number(after![1]) / 1000}), ${after![2]}::bigint)`,
        ))
        .orderBy('k.picked_at', 'desc').orderBy('k.product_id', 'desc')
        .limit(page.limit + 1)
        .execute();
      const picks: StorefrontPick[] = rows.slice(0, page.limit).map((r) => ({
        code: r.code, productId: r.productId, title: r.title, imageUrl: r.imageUrl, note: r.note, pickedAt: r.pickedAt,
        price: Number(r.price), listPrice: r.list_price === null ? null : Number(r.list_price), currency: r.currency.trim(),
      }));
      const last = picks[picks.length - 1];
      const nextCursor = rows.length > page.limit && last ? `${last.pickedAt.getTime()}.${last.productId}` : null;
      return { influencerId: owner.id, handle: owner.handle, displayName: owner.display_name, picks, totalPicks: Number(total.n), nextCursor };
    },
  };
}

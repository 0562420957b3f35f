import type { Kysely } from 'kysely';
import type { LinkKey, LinkStore } from '../core/links/links.service.ts';
import type { Page, PageQuery } from '../core/shared/paging.ts';
import { toPage } from './paging.ts';
import type { LinkChannel } from '../core/links/links.service.ts';
import type { Database, LinkRow } from './schema.ts';

/**
 * Inserts a link unless its (influencer, product, channel, group label) or its code exists
 * already: `ON CONFLICT DO NOTHING` covers both unique constraints, so concurrent requests
 * for the same link end with one row.
 */
export async function insertLinkIfAbsent(db: Kysely<Database>, key: LinkKey, code: string): Promise<LinkRow | undefined> {
  return db.insertInto('links')
    .values({ code, influencer_id: key.influencerId, product_id: key.productId, channel: key.channel, group_label: key.groupLabel })
    .onConflict((oc) => oc.doNothing())
    .returningAll()
    .executeTakeFirst();
}

export async function findLinkByKey(db: Kysely<Database>, key: LinkKey): Promise<LinkRow | undefined> {
  return db.selectFrom('links').selectAll()
    .where('influencer_id', '=', key.influencerId)
    .where('product_id', '=', key.productId)
    .where('channel', '=', key.channel)
    .where('group_label', '=', key.groupLabel)
    .executeTakeFirst();
}

export async function findLinkById(db: Kysely<Database>, id: string): Promise<LinkRow | undefined> {
  return db.selectFrom('links').selectAll().where('id', '=', id).executeTakeFirst();
}

export interface LinkFilter {
  influencerId?: string;
  productId?: string;
  channel?: LinkChannel;
  /** Only links to this vendor's products (vendor-role admins). */
  vendorId?: string;
}

export async function listLinks(db: Kysely<Database>, filter: LinkFilter, page: PageQuery): Promise<Page<LinkRow>> {
  let query = db.selectFrom('links').selectAll();
  if (filter.influencerId) query = query.where('influencer_id', '=', filter.influencerId);
  if (filter.productId) query = query.where('product_id', '=', filter.productId);
  if (filter.channel) query = query.where('channel', '=', filter.channel);
  if (filter.vendorId) {
    const vendorId = filter.vendorId;
    query = query.where('product_id', 'in', (eb) => eb.selectFrom('products').select('products.id').where('products.vendor_id', '=', vendorId));
  }
  if (page.after) query = query.where('id', '<', page.after);
  return toPage(await query.orderBy('id', 'desc').limit(page.limit + 1).execute(), page.limit);
}

/** The link rules' storage port, on this database or transaction. */
export function linkStore(db: Kysely<Database>): LinkStore<LinkRow> {
  return {
    insertLinkIfAbsent: (key, code) => insertLinkIfAbsent(db, key, code),
    findLinkByKey: (key) => findLinkByKey(db, key),
  };
}

import { sql, type Kysely } from 'kysely';
import type { Scope } from '../core/access/access.ts';
import type { InfluencerStatus } from '../core/influencers/influencer-accounts.service.ts';
import type { Link, LinkDetails, LinkFilter, LinkKey, LinkLandings, LinkReads, LinkStore, LinkSubjects } from '../core/links/links.ports.ts';
import { initialLandingOf, type LinkLanding } from '../core/links/links.service.ts';
import type { Page, PageQuery } from '../core/shared/paging.ts';
import { listPage } from './paging.ts';
import { PREPARED } from './prepared-statements.ts';
import type { Database, LinkRow } from './schema.ts';

type Db = Kysely<Database>;

export function toLink(row: LinkRow): Link {
  return {
    id: row.id, code: row.code, influencerId: row.influencer_id, productId: row.product_id, channel: row.channel,
    groupLabel: row.group_label, landing: row.landing, createdAt: row.created_at,
  };
}

/**
 * The link of `key`, or a new one with `code`, in one statement (prepared: it runs on every
 * `/link`). The lookup and the insert share the statement's snapshot; `ON CONFLICT DO
 * NOTHING` covers both unique constraints, so when a concurrent request inserts the same key
 * (or `code` is taken) nothing comes back and the caller asks again, and concurrent requests
 * for the same link end with one row.
 */
export async function findOrInsertLink(db: Db, key: LinkKey, code: string): Promise<{ link: Link; created: boolean } | undefined> {
  const { rows } = await sql<LinkRow & { created: boolean }>`${sql.raw(PREPARED)}
    WITH found AS (
      SELECT id, code, influencer_id, product_id, channel, group_label, landing, created_at FROM links
      WHERE influencer_id = ${key.influencerId} AND product_id = ${key.productId} AND channel = ${key.channel} AND group_label = ${key.groupLabel}
    ), inserted AS (
      INSERT INTO links (code, influencer_id, product_id, channel, group_label, landing)
      SELECT ${code}::text, ${key.influencerId}::bigint, ${key.productId}::bigint, ${key.channel}::text, ${key.groupLabel}::text,
        ${initialLandingOf(key.channel)}::text
      WHERE NOT EXISTS (SELECT FROM found)
      ON CONFLICT DO NOTHING
      RETURNING id, code, influencer_id, product_id, channel, group_label, landing, created_at
    )
    SELECT *, false AS created FROM found
    UNION ALL
    SELECT *, true AS created FROM inserted
  `.execute(db);
  const row = rows[0];
  return row && { link: toLink(row), created: row.created };
}

/**
 * The links `scope` may see, with the names shown beside them: a vendor's are those to its
 * own products (joined in the query, never checked after).
 */
function scopedLinks(db: Db, { vendorId }: Scope) {
  return db.selectFrom('links')
    .innerJoin('products', 'products.id', 'links.product_id')
    .innerJoin('brands', 'brands.id', 'products.brand_id')
    .innerJoin('influencers', 'influencers.id', 'links.influencer_id')
    .selectAll('links')
    .select(['influencers.display_name as influencer_name', 'products.title as product_title', 'brands.name as brand_name'])
    .$if(vendorId !== null, (qb) => qb.where('products.vendor_id', '=', vendorId as string));
}

function toLinkDetails(row: LinkRow & { influencer_name: string; product_title: string; brand_name: string }): LinkDetails {
  return { ...toLink(row), influencerName: row.influencer_name, productTitle: row.product_title, brandName: row.brand_name };
}

export async function findLinkById(db: Db, scope: Scope, id: string): Promise<LinkDetails | undefined> {
  const row = await scopedLinks(db, scope).where('links.id', '=', id).executeTakeFirst();
  return row && toLinkDetails(row);
}

/** Sets a link's landing within `scope` (a vendor's: links to its own products); run in the caller's transaction, with the row locked. */
export async function setLinkLanding(db: Db, scope: Scope, id: string, landing: LinkLanding): Promise<{ before: LinkDetails; after: LinkDetails } | undefined> {
  const row = await scopedLinks(db, scope).where('links.id', '=', id).forUpdate('links').executeTakeFirst();
  if (!row) return undefined;
  const before = toLinkDetails(row);
  await db.updateTable('links').set({ landing }).where('id', '=', id).execute();
  return { before, after: { ...before, landing } };
}

/** Sets the landing of the influencer's own link with `code`; undefined when they have no such link. */
export async function setOwnLinkLanding(db: Db, influencerId: string, code: string, landing: LinkLanding): Promise<Link | undefined> {
  const row = await db.updateTable('links').set({ landing })
    .where('code', '=', code).where('influencer_id', '=', influencerId)
    .returningAll().executeTakeFirst();
  return row && toLink(row);
}

/** The landing writes on this database or transaction. */
export function linkLandings(db: Db): LinkLandings {
  return {
    setLanding: (scope, id, landing) => setLinkLanding(db, scope, id, landing),
    setOwnLanding: (influencerId, code, landing) => setOwnLinkLanding(db, influencerId, code, landing),
  };
}

export async function listLinks(db: Db, scope: Scope, filter: LinkFilter, page: PageQuery): Promise<Page<LinkDetails>> {
  return listPage(scopedLinks(db, scope), {
    id: 'links.id',
    equal: {
      'links.influencer_id': filter.influencerId, 'links.product_id': filter.productId, 'links.channel': filter.channel,
      'links.group_label': filter.groupLabel, 'links.code': filter.code,
    },
  }, page, toLinkDetails);
}

export async function findInfluencerStatus(db: Db, influencerId: string): Promise<InfluencerStatus | undefined> {
  return (await db.selectFrom('influencers').select('status').where('id', '=', influencerId).executeTakeFirst())?.status;
}

/** Whether a product within `scope` is active; undefined when there is no such product there. */
export async function findProductActive(db: Db, scope: Scope, productId: string): Promise<boolean | undefined> {
  let query = db.selectFrom('products').select('active').where('id', '=', productId);
  if (scope.vendorId !== null) query = query.where('vendor_id', '=', scope.vendorId);
  return (await query.executeTakeFirst())?.active;
}

/** The link rules' storage port, on this database or transaction (the bots' links and the admin API's). */
export function linkStore(db: Db): LinkStore<Link> {
  return {
    findOrInsertLink: (key, code) => findOrInsertLink(db, key, code),
  };
}

/** What a link request checks of its influencer and product, on this database or transaction. */
export function linkSubjects(db: Db): LinkSubjects {
  return {
    findInfluencerStatus: (influencerId) => findInfluencerStatus(db, influencerId),
    findProductActive: (scope, productId) => findProductActive(db, scope, productId),
  };
}

/** The admin API's scoped link reads on this database. */
export function linkReads(db: Db): LinkReads {
  return {
    findLink: (scope, id) => findLinkById(db, scope, id),
    listLinks: (scope, filter, page) => listLinks(db, scope, filter, page),
  };
}

import { sql, type Kysely } from 'kysely';
import type { Scope } from '../core/access/access.ts';
import type { JoinRequest, JoinRequestFilter, JoinRequestStore } from '../core/catalog/join-requests.ports.ts';
import type { MembershipStatus } from '../core/influencers/influencer-deals.service.ts';
import type { Page, PageQuery } from '../core/shared/paging.ts';
import type { Database } from './schema.ts';
import { listPage } from './paging.ts';

// Influencers' requests to join brands (brand_memberships). The brand carries the vendor, so a
// vendor's scope is one condition on the joined brand in every query.

function joinRequests(db: Kysely<Database>, scope: Scope) {
  return db.selectFrom('brand_memberships as m')
    .innerJoin('brands as b', 'b.id', 'm.brand_id')
    .innerJoin('influencers as i', 'i.id', 'm.influencer_id')
    .select([
      'm.id', 'm.brand_id', 'b.name as brand_name', 'b.slug as brand_slug', 'm.influencer_id', 'i.display_name', 'i.country',
      'm.status', 'm.created_at', 'm.decided_at',
    ])
    .$if(scope.vendorId !== null, (q) => q.where('b.vendor_id', '=', scope.vendorId!));
}

type JoinRequestRow = {
  id: string; brand_id: string; brand_name: string; brand_slug: string; influencer_id: string; display_name: string;
  country: string | null; status: MembershipStatus; created_at: Date; decided_at: Date | null;
};

export async function listJoinRequests(db: Kysely<Database>, scope: Scope, brandId: string, filter: JoinRequestFilter, page: PageQuery): Promise<Page<JoinRequest>> {
  const query = joinRequests(db, scope).where('m.brand_id', '=', brandId);
  return listPage(query, { id: 'm.id', equal: { 'm.status': filter.status } }, page, toJoinRequest);
}

export async function findJoinRequest(db: Kysely<Database>, scope: Scope, id: string, lock = false): Promise<JoinRequest | undefined> {
  const row = await joinRequests(db, scope).where('m.id', '=', id).$if(lock, (q) => q.forUpdate('m')).executeTakeFirst();
  return row && toJoinRequest(row);
}

/** Records a decision; the scope is checked through the brand, as in the reads. */
export async function decideJoinRequest(db: Kysely<Database>, scope: Scope, id: string, status: Exclude<MembershipStatus, 'pending'>): Promise<JoinRequest | undefined> {
  const updated = await db.updateTable('brand_memberships as m').set({ status, decided_at: sql<Date>`now()` })
    .where('m.id', '=', id)
    .$if(scope.vendorId !== null, (q) => q.where((eb) => eb.exists(
      eb.selectFrom('brands as b').select('b.id').whereRef('b.id', '=', 'm.brand_id').where('b.vendor_id', '=', scope.vendorId!),
    )))
    .returning('m.id').executeTakeFirst();
  return updated && findJoinRequest(db, scope, id);
}

/** The join requests' storage port, on this database or transaction. */
export function joinRequestStore(db: Kysely<Database>): JoinRequestStore {
  return {
    listJoinRequests: (scope, brandId, filter, page) => listJoinRequests(db, scope, brandId, filter, page),
    lockJoinRequest: (scope, id) => findJoinRequest(db, scope, id, true),
    decideJoinRequest: (scope, id, status) => decideJoinRequest(db, scope, id, status),
  };
}

function toJoinRequest(row: JoinRequestRow): JoinRequest {
  return {
    id: row.id, brandId: row.brand_id, brandName: row.brand_name, brandSlug: row.brand_slug, influencerId: row.influencer_id,
    influencerName: row.display_name, influencerCountry: row.country?.trim() ?? null, status: row.status,
    createdAt: row.created_at, decidedAt: row.decided_at,
  };
}

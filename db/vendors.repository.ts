import { sql, type Kysely, type Updateable } from 'kysely';
import type { Scope } from '../core/access/access.ts';
import type { Page, PageQuery } from '../core/shared/paging.ts';
import type { NewVendor, SecretReplacement, Vendor, VendorChanges, VendorStore } from '../core/vendors/vendors.ports.ts';
import type { Database, VendorRow, VendorsTable } from './schema.ts';
import { listPage } from './paging.ts';

// Vendors. A vendor account's scope is its own vendor id, so every query below puts
// `id = scope.vendorId` in its WHERE clause when the scope names one.

/** The vendor's row (with its sealed secret) when `scope` may see it. */
export function scopedVendorRow(db: Kysely<Database>, scope: Scope, id: string) {
  return db.selectFrom('vendors').selectAll().where('id', '=', id)
    .$if(scope.vendorId !== null, (q) => q.where('id', '=', scope.vendorId!));
}

export async function findVendor(db: Kysely<Database>, scope: Scope, id: string, lock = false): Promise<Vendor | undefined> {
  const row = await scopedVendorRow(db, scope, id)
    .$if(lock, (q) => q.forUpdate())
    .executeTakeFirst();
  return row && toVendor(row);
}

export async function listVendors(db: Kysely<Database>, scope: Scope, page: PageQuery): Promise<Page<Vendor>> {
  return listPage(db.selectFrom('vendors').selectAll(), { id: 'id', equal: { id: scope.vendorId ?? undefined } }, page, toVendor);
}

export async function insertVendor(db: Kysely<Database>, vendor: NewVendor): Promise<Vendor> {
  const row = await db.insertInto('vendors')
    .values({ name: vendor.name, key_id: vendor.keyId, secret_encrypted: vendor.secretSealed })
    .returningAll().executeTakeFirstOrThrow();
  return toVendor(row);
}

/**
 * Replaces a vendor's signing secret (and notes when). The replaced secret moves to
 * `previous_secret_*` until `previousValidUntil`, or is dropped at once when that is null; a
 * secret still in an earlier grace period is dropped either way (one previous secret at most).
 */
export async function replaceVendorSecret(db: Kysely<Database>, scope: Scope, id: string, change: SecretReplacement): Promise<Vendor | undefined> {
  const keepPrevious = change.previousValidUntil !== null;
  const row = await db.updateTable('vendors')
    .set({
      // The right-hand sides read the row as it was before this UPDATE.
      previous_secret_encrypted: keepPrevious ? sql<string>`secret_encrypted` : null,
      previous_secret_expires_at: change.previousValidUntil,
      secret_encrypted: change.secretSealed,
      secret_rotated_at: change.at,
    })
    .where('id', '=', id)
    .$if(scope.vendorId !== null, (q) => q.where('id', '=', scope.vendorId!))
    .returningAll().executeTakeFirst();
  return row && toVendor(row);
}

/** Renames a vendor or sets its rate limits (the table's check keeps minimum ≤ maximum). */
export async function updateVendor(db: Kysely<Database>, scope: Scope, id: string, changes: VendorChanges): Promise<Vendor | undefined> {
  const set: Updateable<VendorsTable> = {};
  if (changes.name !== undefined) set.name = changes.name;
  if (changes.minRateBps !== undefined) set.min_rate_bps = changes.minRateBps;
  if (changes.maxRateBps !== undefined) set.max_rate_bps = changes.maxRateBps;
  if (Object.keys(set).length === 0) return findVendor(db, scope, id);
  const row = await db.updateTable('vendors').set(set).where('id', '=', id)
    .$if(scope.vendorId !== null, (q) => q.where('id', '=', scope.vendorId!))
    .returningAll().executeTakeFirst();
  return row && toVendor(row);
}

/** The vendors' storage port, on this database or transaction. */
export function vendorStore(db: Kysely<Database>): VendorStore {
  return {
    findVendor: (scope, id) => findVendor(db, scope, id),
    listVendors: (scope, page) => listVendors(db, scope, page),
    insertVendor: (vendor) => insertVendor(db, vendor),
    replaceVendorSecret: (scope, id, change) => replaceVendorSecret(db, scope, id, change),
    lockVendor: (scope, id) => findVendor(db, scope, id, true),
    updateVendor: (scope, id, changes) => updateVendor(db, scope, id, changes),
  };
}

// The sealed secret stays here: no core type carries it.
export function toVendor(row: VendorRow): Vendor {
  return { id: row.id, name: row.name, keyId: row.key_id, minRateBps: row.min_rate_bps, maxRateBps: row.max_rate_bps, createdAt: row.created_at };
}

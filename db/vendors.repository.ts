import type { Kysely } from 'kysely';
import type { Scope } from '../core/access/access.ts';
import type { Page, PageQuery } from '../core/shared/paging.ts';
import type { NewVendor, Vendor, VendorStore } from '../core/vendors/vendors.ports.ts';
import type { Database, VendorRow } from './schema.ts';
import { listPage } from './paging.ts';

// Vendors. A vendor account's scope is its own vendor id, so every query below puts
// `id = scope.vendorId` in its WHERE clause when the scope names one.

/** The vendor behind an X-Dealcast-Key, with its sealed secret, for the signature check. */
export async function findVendorByKeyId(db: Kysely<Database>, keyId: string): Promise<VendorRow | undefined> {
  return db.selectFrom('vendors').selectAll().where('key_id', '=', keyId).executeTakeFirst();
}

export async function findVendor(db: Kysely<Database>, scope: Scope, id: string): Promise<Vendor | undefined> {
  const row = await db.selectFrom('vendors').selectAll().where('id', '=', id)
    .$if(scope.vendorId !== null, (q) => q.where('id', '=', scope.vendorId!))
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

/** Replaces a vendor's signing secret; the old one stops working at once. */
export async function replaceVendorSecret(db: Kysely<Database>, scope: Scope, id: string, secretSealed: string): Promise<Vendor | undefined> {
  const row = await db.updateTable('vendors').set({ secret_encrypted: secretSealed }).where('id', '=', id)
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
    replaceVendorSecret: (scope, id, secretSealed) => replaceVendorSecret(db, scope, id, secretSealed),
  };
}

// The sealed secret stays here: no core type carries it.
function toVendor(row: VendorRow): Vendor {
  return { id: row.id, name: row.name, keyId: row.key_id, createdAt: row.created_at };
}

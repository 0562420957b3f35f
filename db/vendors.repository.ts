import type { Kysely } from 'kysely';
import type { Database, VendorRow } from './schema.ts';
import type { Page, PageQuery } from '../core/shared/paging.ts';
import { toPage } from './paging.ts';

export async function insertVendor(db: Kysely<Database>, values: { name: string; keyId: string; secretEncrypted: string }): Promise<VendorRow> {
  return db.insertInto('vendors')
    .values({ name: values.name, key_id: values.keyId, secret_encrypted: values.secretEncrypted })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findVendorByKeyId(db: Kysely<Database>, keyId: string): Promise<VendorRow | undefined> {
  return db.selectFrom('vendors').selectAll().where('key_id', '=', keyId).executeTakeFirst();
}

export async function findVendorById(db: Kysely<Database>, id: string): Promise<VendorRow | undefined> {
  return db.selectFrom('vendors').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listVendors(db: Kysely<Database>, filter: { id?: string }, page: PageQuery): Promise<Page<VendorRow>> {
  let query = db.selectFrom('vendors').selectAll();
  if (filter.id) query = query.where('id', '=', filter.id);
  if (page.after) query = query.where('id', '<', page.after);
  return toPage(await query.orderBy('id', 'desc').limit(page.limit + 1).execute(), page.limit);
}

/** Replaces a vendor's signing secret; the old one stops working at once. */
export async function updateVendorSecret(db: Kysely<Database>, id: string, secretEncrypted: string): Promise<VendorRow | undefined> {
  return db.updateTable('vendors').set({ secret_encrypted: secretEncrypted }).where('id', '=', id).returningAll().executeTakeFirst();
}

import type { Kysely } from 'kysely';
import type { Database, VendorRow } from './schema.ts';

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

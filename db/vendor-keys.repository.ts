import type { Kysely } from 'kysely';
import type { VendorKeyStore } from '../core/vendors/vendor-keys.ports.ts';
import type { Database } from './schema.ts';

/** The vendor API's key lookup: one row by the unique `vendors.key_id`, on every signed request. */
export function vendorKeyStore(db: Kysely<Database>): VendorKeyStore {
  return {
    async findVendorKey(keyId) {
      const row = await db.selectFrom('vendors')
        .select(['id', 'name', 'secret_encrypted', 'previous_secret_encrypted', 'previous_secret_expires_at'])
        .where('key_id', '=', keyId)
        .executeTakeFirst();
      return row && {
        vendorId: row.id, vendorName: row.name, secretSealed: row.secret_encrypted,
        previousSecretSealed: row.previous_secret_encrypted, previousSecretExpiresAt: row.previous_secret_expires_at,
      };
    },
  };
}

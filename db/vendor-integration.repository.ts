import type { Kysely } from 'kysely';
import type { VendorIntegrationReader } from '../core/vendors/test-order.ports.ts';
import type { Database } from './schema.ts';
import { findVendor } from './vendors.repository.ts';

/** A vendor's key, secret (sealed) and its last rotation, within the caller's scope (its own vendor id for a vendor account). */
export function vendorIntegrationReader(db: Kysely<Database>): VendorIntegrationReader {
  return {
    async findVendorIntegration(scope, vendorId) {
      // The scope is checked by findVendor's WHERE; the second read is of that very row.
      const vendor = await findVendor(db, scope, vendorId);
      if (!vendor) return undefined;
      const row = await db.selectFrom('vendors').select(['secret_encrypted', 'secret_rotated_at']).where('id', '=', vendor.id).executeTakeFirstOrThrow();
      return { vendor, secretRotatedAt: row.secret_rotated_at, secretSealed: row.secret_encrypted };
    },
  };
}

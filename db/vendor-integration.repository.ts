import type { Kysely } from 'kysely';
import type { VendorIntegrationReader } from '../core/vendors/test-order.ports.ts';
import type { Database } from './schema.ts';
import { scopedVendorRow, toVendor } from './vendors.repository.ts';

/** A vendor's key, secret (sealed) and its last rotation, within the caller's scope (its own vendor id for a vendor account). */
export function vendorIntegrationReader(db: Kysely<Database>): VendorIntegrationReader {
  return {
    async findVendorIntegration(scope, vendorId) {
      const row = await scopedVendorRow(db, scope, vendorId).executeTakeFirst();
      return row && {
        vendor: toVendor(row), secretRotatedAt: row.secret_rotated_at, previousSecretExpiresAt: row.previous_secret_expires_at, secretSealed: row.secret_encrypted,
      };
    },
  };
}

import type { Scope } from '../access/access.ts';
import type { Vendor } from './vendors.ports.ts';

/** What the integration page needs of a vendor: the vendor, when its secret last changed, and the secret (sealed). */
export interface VendorIntegrationRecord {
  vendor: Vendor;
  /** Null while the secret is still the one issued with the vendor. */
  secretRotatedAt: Date | null;
  /** Until when the secret the last rotation replaced still verifies; null when none does. */
  previousSecretExpiresAt: Date | null;
  /** Sealed by the SecretBox; only a test order opens it, to sign with it. */
  secretSealed: string;
}

/** A vendor's integration record as a caller may see it (db/vendor-integration.repository.ts). */
export interface VendorIntegrationReader {
  findVendorIntegration(scope: Scope, vendorId: string): Promise<VendorIntegrationRecord | undefined>;
}

/** A signed request of the vendor API, exactly as it goes out: raw body, key and signature headers. */
export interface SignedPostback {
  method: 'POST';
  /** Path under the platform's origin, e.g. `/api/v1/conversions`. */
  path: string;
  headers: Record<string, string>;
  body: string;
}

/** What the vendor API answered. */
export interface PostbackAnswer {
  status: number;
  body: unknown;
}

/**
 * Delivers a signed postback to the platform's own vendor API, through the same route and
 * signature check a vendor's server reaches (the api implements it with an in-process request).
 */
export interface PostbackTransport {
  send(request: SignedPostback): Promise<PostbackAnswer>;
}

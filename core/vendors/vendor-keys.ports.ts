/** A vendor as its API key names it, with the signing secrets still sealed by the `SecretBox`. */
export interface VendorKey {
  vendorId: string;
  vendorName: string;
  /** The vendor's HMAC secret, sealed; only the authentication step opens it. */
  secretSealed: string;
  /** The secret the last rotation replaced, sealed, and until when it still verifies; both null without one (core/vendors/secret-rotation.ts). */
  previousSecretSealed: string | null;
  previousSecretExpiresAt: Date | null;
}

/** Looks up the vendor behind an `X-Dealcast-Key` (implemented in db/vendor-keys.repository.ts). */
export interface VendorKeyStore {
  findVendorKey(keyId: string): Promise<VendorKey | undefined>;
}

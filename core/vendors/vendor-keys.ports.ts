/** A vendor as its API key names it, with the signing secret still sealed by the `SecretBox`. */
export interface VendorKey {
  vendorId: string;
  vendorName: string;
  /** The vendor's HMAC secret, sealed; only the authentication step opens it. */
  secretSealed: string;
}

/** Looks up the vendor behind an `X-Dealcast-Key` (implemented in db/vendor-keys.repository.ts). */
export interface VendorKeyStore {
  findVendorKey(keyId: string): Promise<VendorKey | undefined>;
}

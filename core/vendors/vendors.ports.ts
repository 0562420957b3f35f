import type { Scope } from '../access/access.ts';
import type { AuditLog } from '../audit/audit.ports.ts';
import type { Page, PageQuery } from '../shared/paging.ts';

/** A seller whose server pushes its catalog and reports orders, as everyone may see it: never its secret. */
export interface Vendor {
  id: string;
  name: string;
  /** Sent by the vendor as X-Dealcast-Key. */
  keyId: string;
  /** The commission rates its vendor accounts may set (core/vendors/rate-limits.ts). */
  minRateBps: number;
  maxRateBps: number;
  createdAt: Date;
}

/** What staff change on a vendor: its name and its rate limits. */
export type VendorChanges = Partial<Pick<Vendor, 'name' | 'minRateBps' | 'maxRateBps'>>;

export interface NewVendor {
  name: string;
  keyId: string;
  /** The signing secret sealed by the SecretBox; the plaintext is never stored. */
  secretSealed: string;
}

/** A rotation as the store writes it. */
export interface SecretReplacement {
  secretSealed: string;
  at: Date;
  previousValidUntil: Date | null;
}

/** Vendors as a caller may see them: the scope is part of every query. */
export interface VendorReader {
  findVendor(scope: Scope, id: string): Promise<Vendor | undefined>;
  listVendors(scope: Scope, page: PageQuery): Promise<Page<Vendor>>;
}

/** The vendors' storage; db/vendors.repository.ts implements it. */
export interface VendorStore extends VendorReader {
  insertVendor(vendor: NewVendor): Promise<Vendor>;
  /**
   * Replaces the sealed signing secret of a vendor in `scope` at `at`; the replaced one keeps
   * verifying until `previousValidUntil` (null: refused at once). Undefined when there is no such vendor.
   */
  replaceVendorSecret(scope: Scope, id: string, change: SecretReplacement): Promise<Vendor | undefined>;
  /** The vendor, locked until the end of the transaction so that its "before" stays true. */
  lockVendor(scope: Scope, id: string): Promise<Vendor | undefined>;
  updateVendor(scope: Scope, id: string, changes: VendorChanges): Promise<Vendor | undefined>;
}

/** What a vendor write needs inside its unit of work. */
export interface VendorStores {
  vendors: VendorStore;
  audit: AuditLog;
}

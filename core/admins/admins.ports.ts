import type { AdminRole } from '../access/access.ts';
import type { AuditLog } from '../audit/audit.ports.ts';
import type { UnitOfWork } from '../shared/unit-of-work.ts';

/** A console user or API token holder; never carries its password hash. */
export interface AdminAccount {
  id: string;
  email: string;
  role: AdminRole;
  /** The vendor a `vendor`-role account belongs to; null for every other role. */
  vendorId: string | null;
  createdAt: Date;
}

/** An API token as stored: never its plaintext nor its hash. */
export interface ApiTokenRecord {
  id: string;
  adminId: string;
  label: string | null;
  createdAt: Date;
}

/** Reads and writes of admin accounts and their tokens (implemented in db/admins.repository.ts). */
export interface AdminAccountStore {
  vendorExists(vendorId: string): Promise<boolean>;
  /** Inserts the account; undefined when its email is taken already (the unique constraint decides). */
  insertAdmin(row: { email: string; passwordHash: string; role: AdminRole; vendorId: string | null }): Promise<AdminAccount | undefined>;
  /** By normalised email. */
  findAdminByEmail(email: string): Promise<AdminAccount | undefined>;
  findAdminById(id: string): Promise<AdminAccount | undefined>;
  insertApiToken(row: { adminId: string; tokenHash: string; label: string | null }): Promise<ApiTokenRecord>;
}

/** The stores an account change works with, bound to one transaction. */
export interface AdminAccountStores {
  readonly admins: AdminAccountStore;
  readonly audit: AuditLog;
}

/** One-way password hashing (argon2id in db/admins.repository.ts). */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /** True when `password` matches; a malformed hash never matches. */
  verify(passwordHash: string, password: string): Promise<boolean>;
}

/** Everything the admin account service needs, built once by the caller. */
export interface AdminAccountsDeps {
  readonly work: UnitOfWork<AdminAccountStores>;
  readonly passwords: PasswordHasher;
}

/** A live (not revoked) token and the account holding it. */
export interface TokenHolder {
  tokenId: string;
  lastUsedAt: Date | null;
  admin: AdminAccount;
}

/** API token authentication's storage (implemented in db/admins.repository.ts). */
export interface AdminTokenStore {
  /** The holder of the unrevoked token with this sha256 hash. */
  findLiveToken(tokenHash: string): Promise<TokenHolder | undefined>;
  markTokenUsed(tokenId: string, at: Date): Promise<void>;
}

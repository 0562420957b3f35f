import crypto from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { Kysely } from 'kysely';
import { DomainError, ValidationError } from '../core/shared/errors.ts';
import { hashToken } from '../core/shared/ids.ts';
import { ADMIN_ROLES } from '../core/access/access.ts';
import type { AuditEntry } from '../core/audit/audit.ports.ts';
import { auditLog } from './audit.repository.ts';
import { isUniqueViolation } from './pg-errors.ts';
import type { AdminRole, AdminRow, Database } from './schema.ts';

// Admins, their API tokens and the audit trail of what they do. Passwords are stored as
// argon2id hashes and tokens as sha256 hashes: neither can be read back.

export { ADMIN_ROLES } from '../core/access/access.ts';
export const MIN_PASSWORD_LENGTH = 10;
/** Plaintext tokens start with this, so that a leaked one is recognisable by secret scanners. */
export const API_TOKEN_PREFIX = 'dct_';

// OWASP's argon2id baseline: 19 MiB, 2 passes, 1 lane.
const ARGON2_OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export interface NewAdmin {
  email: string;
  password: string;
  role: AdminRole;
  /** Required for the `vendor` role (the vendor whose data it sees), refused otherwise. */
  vendorId?: string;
}

/** Creates an admin with an argon2id password hash; a taken email is a `conflict`. */
export async function createAdmin(db: Kysely<Database>, input: NewAdmin): Promise<AdminRow> {
  const email = normalizeEmail(input.email);
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw new ValidationError(`${JSON.stringify(input.email)} is not an email address`, { field: 'email' });
  if (input.password.length < MIN_PASSWORD_LENGTH) {
    throw new ValidationError(`The password must have at least ${MIN_PASSWORD_LENGTH} characters`, { field: 'password' });
  }
  if (!ADMIN_ROLES.includes(input.role)) throw new ValidationError(`Unknown role ${JSON.stringify(input.role)}; use ${ADMIN_ROLES.join(', ')}`, { field: 'role' });
  if (input.role === 'vendor' && !input.vendorId) throw new ValidationError('A vendor admin needs the id of its vendor', { field: 'vendorId' });
  if (input.role !== 'vendor' && input.vendorId) throw new ValidationError('Only a vendor admin belongs to a vendor', { field: 'vendorId' });
  if (input.vendorId) {
    const vendor = /^\d{1,18}$/.test(input.vendorId)
      ? await db.selectFrom('vendors').select('id').where('id', '=', input.vendorId).executeTakeFirst()
      : undefined;
    if (!vendor) throw new DomainError('not_found', `Vendor ${JSON.stringify(input.vendorId)} does not exist`, { entity: 'vendor', id: input.vendorId });
  }
  const passwordHash = await hash(input.password, ARGON2_OPTIONS);
  try {
    return await db.insertInto('admins')
      .values({ email, password_hash: passwordHash, role: input.role, vendor_id: input.vendorId ?? null })
      .returningAll()
      .executeTakeFirstOrThrow();
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError('conflict', `An admin with email ${email} already exists`, { field: 'email' });
    throw error;
  }
}

/** True when `password` matches the stored argon2 hash; a malformed hash never matches. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

export async function findAdminByEmail(db: Kysely<Database>, email: string): Promise<AdminRow | undefined> {
  return db.selectFrom('admins').selectAll().where('email', '=', normalizeEmail(email)).executeTakeFirst();
}

export async function findAdminById(db: Kysely<Database>, id: string): Promise<AdminRow | undefined> {
  return db.selectFrom('admins').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Issues a new API token for an admin and returns the plaintext, which exists only in this answer. */
export async function createApiToken(db: Kysely<Database>, adminId: string, label?: string): Promise<string> {
  const token = `${API_TOKEN_PREFIX}${crypto.randomBytes(32).toString('base64url')}`;
  await db.insertInto('api_tokens').values({ admin_id: adminId, token_hash: hashToken(token), label: label ?? null }).execute();
  return token;
}

/** The admin holding a token that is not revoked; records when the token was last used (at most once a minute). */
export async function findAdminByApiToken(db: Kysely<Database>, token: string): Promise<AdminRow | undefined> {
  const tokenHash = hashToken(token);
  const row = await db.selectFrom('api_tokens')
    .innerJoin('admins', 'admins.id', 'api_tokens.admin_id')
    .selectAll('admins')
    .select(['api_tokens.id as token_id', 'api_tokens.last_used_at'])
    .where('api_tokens.token_hash', '=', tokenHash)
    .where('api_tokens.revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row) return undefined;
  const { token_id: tokenId, last_used_at: lastUsedAt, ...admin } = row;
  if (!lastUsedAt || Date.now() - lastUsedAt.getTime() > 60_000) {
    await db.updateTable('api_tokens').set({ last_used_at: new Date() }).where('id', '=', tokenId).execute();
  }
  return admin;
}

export async function revokeApiToken(db: Kysely<Database>, token: string): Promise<boolean> {
  const result = await db.updateTable('api_tokens').set({ revoked_at: new Date() })
    .where('token_hash', '=', hashToken(token)).where('revoked_at', 'is', null).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Appends to the audit log; pass the transaction of the write it records. Prefer the `AuditLog` port of db/audit.repository.ts. */
export async function recordAudit(db: Kysely<Database>, entry: AuditEntry): Promise<void> {
  await auditLog(db).record(entry);
}

function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

import { hash, verify } from '@node-rs/argon2';
import type { Kysely, Selectable } from 'kysely';
import { normalizeAdminEmail } from '../core/admins/admin-account.ts';
import type {
  AdminAccount, AdminAccountsDeps, AdminAccountStore, AdminTokenStore, ApiTokenRecord, PasswordHasher,
} from '../core/admins/admins.ports.ts';
import { hashToken } from '../core/shared/ids.ts';
import { auditLog } from './audit.repository.ts';
import type { AdminRow, AdminsTable, ApiTokensTable, Database } from './schema.ts';
import { unitOfWork } from './unit-of-work.ts';

// Admins and their API tokens. The rules live in core/admins/; this file stores what they decide.

export { ADMIN_ROLES } from '../core/access/access.ts';
export { API_TOKEN_PREFIX, MIN_PASSWORD_LENGTH } from '../core/admins/admin-account.ts';

// OWASP's argon2id baseline: 19 MiB, 2 passes, 1 lane.
const ARGON2_OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** argon2id password hashes. */
export const argon2Passwords: PasswordHasher = {
  hash: (password) => hash(password, ARGON2_OPTIONS),
  async verify(passwordHash, password) {
    try {
      return await verify(passwordHash, password);
    } catch {
      return false;
    }
  },
};

/** True when `password` matches the stored argon2 hash; a malformed hash never matches. */
export function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  return argon2Passwords.verify(passwordHash, password);
}

/** What core/admins/admin-accounts.service.ts needs, on `db`: each call is one transaction with its audit row. */
export function adminAccounts(db: Kysely<Database>): AdminAccountsDeps {
  return {
    work: unitOfWork(db, (trx) => ({ admins: adminAccountStore(trx), audit: auditLog(trx) })),
    passwords: argon2Passwords,
  };
}

/** The admin account store on `db` (pass the transaction of the change). */
export function adminAccountStore(db: Kysely<Database>): AdminAccountStore {
  return {
    async vendorExists(vendorId) {
      // Ids are bigints: anything else names no vendor (and must not reach the cast).
      if (!/^\d{1,18}$/.test(vendorId)) return false;
      return (await db.selectFrom('vendors').select('id').where('id', '=', vendorId).executeTakeFirst()) !== undefined;
    },
    async insertAdmin(row) {
      const inserted = await db.insertInto('admins')
        .values({ email: row.email, password_hash: row.passwordHash, role: row.role, vendor_id: row.vendorId })
        .onConflict((oc) => oc.column('email').doNothing())
        .returning(ADMIN_COLUMNS)
        .executeTakeFirst();
      return inserted && toAdminAccount(inserted);
    },
    async findAdminByEmail(email) {
      const row = await db.selectFrom('admins').select(ADMIN_COLUMNS).where('email', '=', normalizeAdminEmail(email)).executeTakeFirst();
      return row && toAdminAccount(row);
    },
    async findAdminById(id) {
      if (!/^\d{1,18}$/.test(id)) return undefined;
      const row = await db.selectFrom('admins').select(ADMIN_COLUMNS).where('id', '=', id).executeTakeFirst();
      return row && toAdminAccount(row);
    },
    async insertApiToken(row) {
      const inserted = await db.insertInto('api_tokens')
        .values({ admin_id: row.adminId, token_hash: row.tokenHash, label: row.label })
        .returning(['id', 'admin_id', 'label', 'created_at'])
        .executeTakeFirstOrThrow();
      return toApiTokenRecord(inserted);
    },
  };
}

/** API token authentication's store on `db`: one indexed lookup by hash per request. */
export function adminTokenStore(db: Kysely<Database>): AdminTokenStore {
  return {
    async findLiveToken(tokenHash) {
      const row = await db.selectFrom('api_tokens')
        .innerJoin('admins', 'admins.id', 'api_tokens.admin_id')
        .select(['admins.id', 'admins.email', 'admins.role', 'admins.vendor_id', 'admins.created_at'])
        .select(['api_tokens.id as token_id', 'api_tokens.last_used_at'])
        .where('api_tokens.token_hash', '=', tokenHash)
        .where('api_tokens.revoked_at', 'is', null)
        .executeTakeFirst();
      return row && { tokenId: row.token_id, lastUsedAt: row.last_used_at, admin: toAdminAccount(row) };
    },
    async markTokenUsed(tokenId, at) {
      await db.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', tokenId).execute();
    },
  };
}

/** The stored row of an admin, hash included (the CLI's login check and tests read it). */
export async function findAdminByEmail(db: Kysely<Database>, email: string): Promise<AdminRow | undefined> {
  return db.selectFrom('admins').selectAll().where('email', '=', normalizeAdminEmail(email)).executeTakeFirst();
}

export async function revokeApiToken(db: Kysely<Database>, token: string): Promise<boolean> {
  const result = await db.updateTable('api_tokens').set({ revoked_at: new Date() })
    .where('token_hash', '=', hashToken(token)).where('revoked_at', 'is', null).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

// Every column but the password hash, which never leaves this file as part of an account.
const ADMIN_COLUMNS = ['id', 'email', 'role', 'vendor_id', 'created_at'] as const;

function toAdminAccount(row: Pick<Selectable<AdminsTable>, (typeof ADMIN_COLUMNS)[number]>): AdminAccount {
  return { id: row.id, email: row.email, role: row.role, vendorId: row.vendor_id, createdAt: row.created_at };
}

function toApiTokenRecord(row: Pick<Selectable<ApiTokensTable>, 'id' | 'admin_id' | 'label' | 'created_at'>): ApiTokenRecord {
  return { id: row.id, adminId: row.admin_id, label: row.label, createdAt: row.created_at };
}

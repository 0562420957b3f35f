import type { Kysely, Selectable } from 'kysely';
import { normalizeAdminEmail } from '../core/admins/admin-account.ts';
import type { AdminAccount } from '../core/admins/admins.ports.ts';
import type { AdminCredentialStore, AdminSession, AdminSessionStore } from '../core/admins/sessions.ports.ts';
import type { AdminSessionsTable, AdminsTable, Database } from './schema.ts';

// Console sessions and password credentials. The rules live in core/admins/sessions.service.ts.

const SESSION_COLUMNS = [
  'admin_sessions.id', 'admin_sessions.admin_id', 'admin_sessions.created_at', 'admin_sessions.last_seen_at',
  'admin_sessions.expires_at', 'admin_sessions.absolute_expires_at', 'admin_sessions.revoked_at', 'admin_sessions.user_agent',
] as const;

const isId = (id: string) => /^\d{1,18}$/.test(id);

/** The session store on `db` (pass the transaction of the change). */
export function adminSessionStore(db: Kysely<Database>): AdminSessionStore {
  return {
    async insertSession(row) {
      const inserted = await db.insertInto('admin_sessions')
        .values({
          admin_id: row.adminId, token_hash: row.tokenHash, created_at: row.createdAt, last_seen_at: row.createdAt,
          expires_at: row.expiresAt, absolute_expires_at: row.absoluteExpiresAt, user_agent: row.userAgent,
        })
        .returning(SESSION_COLUMNS)
        .executeTakeFirstOrThrow();
      return toAdminSession(inserted);
    },
    async findLiveSession(tokenHash, now) {
      const row = await db.selectFrom('admin_sessions')
        .innerJoin('admins', 'admins.id', 'admin_sessions.admin_id')
        .select(SESSION_COLUMNS)
        .select(['admins.email', 'admins.role', 'admins.vendor_id', 'admins.created_at as admin_created_at'])
        .where('admin_sessions.token_hash', '=', tokenHash)
        .where('admin_sessions.revoked_at', 'is', null)
        .where('admin_sessions.expires_at', '>', now)
        .executeTakeFirst();
      if (!row) return undefined;
      const admin: AdminAccount = { id: row.admin_id, email: row.email, role: row.role, vendorId: row.vendor_id, createdAt: row.admin_created_at };
      return { session: toAdminSession(row), admin };
    },
    async touchSession(sessionId, lastSeenAt, expiresAt) {
      await db.updateTable('admin_sessions').set({ last_seen_at: lastSeenAt, expires_at: expiresAt })
        .where('id', '=', sessionId).where('revoked_at', 'is', null).execute();
    },
    async revokeSession(adminId, sessionId, at) {
      if (!isId(adminId) || !isId(sessionId)) return undefined;
      const row = await db.updateTable('admin_sessions').set({ revoked_at: at })
        .where('id', '=', sessionId).where('admin_id', '=', adminId).where('revoked_at', 'is', null)
        .returning(SESSION_COLUMNS)
        .executeTakeFirst();
      return row && toAdminSession(row);
    },
    async revokeSessions(adminId, at, exceptSessionId) {
      if (!isId(adminId)) return 0;
      let query = db.updateTable('admin_sessions').set({ revoked_at: at })
        .where('admin_id', '=', adminId).where('revoked_at', 'is', null);
      if (exceptSessionId !== undefined) query = query.where('id', '<>', exceptSessionId);
      const result = await query.executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
  };
}

/** Password credentials on `db`: the only reader of `password_hash` besides the CLI's login check. */
export function adminCredentialStore(db: Kysely<Database>): AdminCredentialStore {
  const select = () => db.selectFrom('admins').select(['id', 'email', 'role', 'vendor_id', 'created_at', 'password_hash']);
  return {
    async findCredentialsByEmail(email) {
      const row = await select().where('email', '=', normalizeAdminEmail(email)).executeTakeFirst();
      return row && toCredentials(row);
    },
    async findCredentialsById(adminId) {
      if (!isId(adminId)) return undefined;
      const row = await select().where('id', '=', adminId).executeTakeFirst();
      return row && toCredentials(row);
    },
    async setPasswordHash(adminId, passwordHash) {
      await db.updateTable('admins').set({ password_hash: passwordHash }).where('id', '=', adminId).execute();
    },
  };
}

function toCredentials(row: Selectable<AdminsTable>) {
  return {
    admin: { id: row.id, email: row.email, role: row.role, vendorId: row.vendor_id, createdAt: row.created_at },
    passwordHash: row.password_hash,
  };
}

type SessionColumns = Pick<Selectable<AdminSessionsTable>,
  'id' | 'admin_id' | 'created_at' | 'last_seen_at' | 'expires_at' | 'absolute_expires_at' | 'revoked_at' | 'user_agent'>;

function toAdminSession(row: SessionColumns): AdminSession {
  return {
    id: row.id, adminId: row.admin_id, createdAt: row.created_at, lastSeenAt: row.last_seen_at,
    expiresAt: row.expires_at, absoluteExpiresAt: row.absolute_expires_at, revokedAt: row.revoked_at, userAgent: row.user_agent,
  };
}

import type { AuditLog } from '../audit/audit.ports.ts';
import type { Clock } from '../shared/clock.ts';
import type { UnitOfWork } from '../shared/unit-of-work.ts';
import type { AdminAccount, PasswordHasher } from './admins.ports.ts';

/** A console session as stored: never its cookie value nor that value's hash. */
export interface AdminSession {
  id: string;
  adminId: string;
  createdAt: Date;
  lastSeenAt: Date;
  /** The sliding (idle) end; never after `absoluteExpiresAt`. */
  expiresAt: Date;
  absoluteExpiresAt: Date;
  revokedAt: Date | null;
  userAgent: string | null;
}

/** A live session and the account it signs in. */
export interface SessionHolder {
  session: AdminSession;
  admin: AdminAccount;
}

/** Console sessions (implemented in db/admin-sessions.repository.ts). */
export interface AdminSessionStore {
  insertSession(row: { adminId: string; tokenHash: string; createdAt: Date; expiresAt: Date; absoluteExpiresAt: Date; userAgent: string | null }): Promise<AdminSession>;
  /** The unrevoked session with this token hash that has not expired at `now`. */
  findLiveSession(tokenHash: string, now: Date): Promise<SessionHolder | undefined>;
  touchSession(sessionId: string, lastSeenAt: Date, expiresAt: Date): Promise<void>;
  /** Revokes one of the admin's live sessions; answers it as revoked, or undefined when it was not live. */
  revokeSession(adminId: string, sessionId: string, at: Date): Promise<AdminSession | undefined>;
  /** Revokes every live session of the admin but `exceptSessionId`; answers how many. */
  revokeSessions(adminId: string, at: Date, exceptSessionId?: string): Promise<number>;
}

/** An account with the hash its password is checked against. */
export interface AdminCredentials {
  admin: AdminAccount;
  passwordHash: string;
}

/** Reading and changing passwords (implemented in db/admin-sessions.repository.ts). */
export interface AdminCredentialStore {
  /** By normalised email. */
  findCredentialsByEmail(email: string): Promise<AdminCredentials | undefined>;
  findCredentialsById(adminId: string): Promise<AdminCredentials | undefined>;
  setPasswordHash(adminId: string, passwordHash: string): Promise<void>;
}

/** The stores a session change works with, bound to one transaction. */
export interface SessionStores {
  readonly sessions: AdminSessionStore;
  readonly credentials: AdminCredentialStore;
  readonly audit: AuditLog;
}

/** Who is trying to sign in, as the rate limit counts them. */
export interface SignInAttempt {
  /** Normalised email. */
  email: string;
  /** The client address; undefined when the transport does not tell. */
  address: string | undefined;
}

/**
 * Failed sign-in counters (a Redis adapter in queue/): a fixed window per email and per client
 * address. Kept outside the database so that a flood of wrong passwords writes nothing there.
 */
export interface SignInThrottle {
  /** Seconds until the attempt may be made, 0 when it may be made now. */
  blockedFor(attempt: SignInAttempt): Promise<number>;
  recordFailure(attempt: SignInAttempt): Promise<void>;
  /** A successful sign-in forgives the email's failures (the address keeps its count). */
  clearEmail(email: string): Promise<void>;
}

/** Everything the session service needs, built once by the caller. */
export interface SessionServiceDeps {
  readonly work: UnitOfWork<SessionStores>;
  /** Reads outside any transaction (every request resolves its session here). */
  readonly sessions: AdminSessionStore;
  readonly credentials: AdminCredentialStore;
  readonly passwords: PasswordHasher;
  readonly throttle: SignInThrottle;
  readonly clock: Clock;
  /** The key CSRF tokens are derived under (SESSION_SECRET, else derived from the secret key). */
  readonly csrfSecret: string;
}

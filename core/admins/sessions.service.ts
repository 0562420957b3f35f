import type { Caller } from '../access/access.ts';
import { DomainError } from '../shared/errors.ts';
import { generateToken, hashToken } from '../shared/ids.ts';
import { checkPassword, normalizeAdminEmail } from './admin-account.ts';
import {
  SESSION_TOKEN_BYTES, SESSION_TOUCH_RESOLUTION_MS, absoluteExpiry, csrfTokenFor, csrfTokenMatches, slidingExpiry, truncateUserAgent,
} from './admin-session.ts';
import type { AdminAccount } from './admins.ports.ts';
import type { AdminSession, SessionServiceDeps, SignInAttempt } from './sessions.ports.ts';

/** What a person types on the sign-in page, and where it comes from. */
export interface SignInInput {
  email: string;
  password: string;
  /** The client address, for the rate limit. */
  address?: string;
  userAgent?: string;
}

/** A live session as a request resolves it. */
export interface ActiveSession {
  admin: AdminAccount;
  sessionId: string;
  /** What state-changing requests of this session send as `X-CSRF-Token`. */
  csrfToken: string;
  expiresAt: Date;
  absoluteExpiresAt: Date;
}

/** A session just opened: the cookie value exists only in this answer. */
export interface OpenedSession extends ActiveSession {
  token: string;
}

/** The session a request runs in, as the caller's own. */
export interface SessionRef {
  adminId: string;
  sessionId: string;
}

/** What changing one's password takes. */
export interface PasswordChange {
  currentPassword: string;
  newPassword: string;
}

export interface AdminSessionService {
  /** Checks the password (rate-limited) and opens a session; writes `session.create`. */
  signIn(input: SignInInput): Promise<OpenedSession>;
  /** The live session of a cookie value, or undefined; slides its expiry at most once a minute. */
  resolve(token: string): Promise<ActiveSession | undefined>;
  /** True when `given` is the session's CSRF token (constant time). */
  csrfTokenMatches(sessionId: string, given: string | undefined): boolean;
  /** Revokes the session; writes `session.revoke`. */
  signOut(caller: Caller, session: SessionRef): Promise<void>;
  /** Revokes every session of the admin (API tokens stay); writes `session.revoke_all`. Answers how many. */
  signOutEverywhere(caller: Caller, adminId: string): Promise<number>;
  /** Sets a new password and revokes every other session; writes `admin.password_change`. */
  changePassword(caller: Caller, session: SessionRef, change: PasswordChange): Promise<void>;
}

const WRONG_CREDENTIALS = 'The email or password is wrong';

/**
 * Console sign-in on its ports. An unknown email and a wrong password answer the same
 * `unauthorized` after the same argon2 work (a dummy hash is verified for unknown emails), so
 * neither the answer nor its timing tells which accounts exist. Failed attempts are counted per
 * email and per address; past the limit every attempt, right or wrong, is `rate_limited`.
 */
export function adminSessionService(deps: SessionServiceDeps): AdminSessionService {
  const { work, sessions, credentials, passwords, throttle, clock, csrfSecret } = deps;
  // Hashed once, on first use: argon2 deliberately takes tens of milliseconds.
  let dummyHash: Promise<string> | undefined;
  const dummy = () => (dummyHash ??= passwords.hash(generateToken(16)));

  const active = (admin: AdminAccount, session: AdminSession): ActiveSession => ({
    admin, sessionId: session.id, csrfToken: csrfTokenFor(csrfSecret, session.id),
    expiresAt: session.expiresAt, absoluteExpiresAt: session.absoluteExpiresAt,
  });

  async function refuseWhileLimited(attempt: SignInAttempt): Promise<void> {
    const seconds = await throttle.blockedFor(attempt);
    if (seconds > 0) {
      throw new DomainError('rate_limited', `Too many sign-in attempts; try again in ${Math.ceil(seconds / 60)} minutes`, { retryAfterSeconds: seconds });
    }
  }

  return {
    async signIn(input) {
      const attempt: SignInAttempt = { email: normalizeAdminEmail(input.email), address: input.address };
      await refuseWhileLimited(attempt);
      const found = await credentials.findCredentialsByEmail(attempt.email);
      // An unknown email costs the same argon2 verify as a known one.
      const matches = await passwords.verify(found?.passwordHash ?? (await dummy()), input.password);
      if (!found || !matches) {
        await throttle.recordFailure(attempt);
        throw new DomainError('unauthorized', WRONG_CREDENTIALS);
      }
      await throttle.clearEmail(attempt.email);
      const token = generateToken(SESSION_TOKEN_BYTES);
      const now = clock.now();
      const absoluteExpiresAt = absoluteExpiry(now);
      return work(async ({ sessions: store, audit }) => {
        const session = await store.insertSession({
          adminId: found.admin.id, tokenHash: hashToken(token), createdAt: now,
          expiresAt: slidingExpiry(now, absoluteExpiresAt), absoluteExpiresAt, userAgent: truncateUserAgent(input.userAgent),
        });
        await audit.record({ actor: `admin:${found.admin.id}`, action: 'session.create', entity: 'admin_session', entityId: session.id, after: session });
        return { ...active(found.admin, session), token };
      });
    },

    async resolve(token) {
      const now = clock.now();
      const holder = await sessions.findLiveSession(hashToken(token), now);
      if (!holder) return undefined;
      let { session } = holder;
      if (now.getTime() - session.lastSeenAt.getTime() > SESSION_TOUCH_RESOLUTION_MS) {
        session = { ...session, lastSeenAt: now, expiresAt: slidingExpiry(now, session.absoluteExpiresAt) };
        await sessions.touchSession(session.id, session.lastSeenAt, session.expiresAt);
      }
      return active(holder.admin, session);
    },

    csrfTokenMatches: (sessionId, given) => csrfTokenMatches(csrfSecret, sessionId, given),

    async signOut(caller, { adminId, sessionId }) {
      await work(async ({ sessions: store, audit }) => {
        const revoked = await store.revokeSession(adminId, sessionId, clock.now());
        if (!revoked) throw new DomainError('unauthorized', 'The session has expired or was signed out');
        await audit.record({
          actor: caller.actor, action: 'session.revoke', entity: 'admin_session', entityId: sessionId,
          before: { ...revoked, revokedAt: null }, after: revoked,
        });
      });
    },

    async signOutEverywhere(caller, adminId) {
      return work(async ({ sessions: store, audit }) => {
        const revoked = await store.revokeSessions(adminId, clock.now());
        await audit.record({ actor: caller.actor, action: 'session.revoke_all', entity: 'admin_session', entityId: null, details: { adminId, revoked } });
        return revoked;
      });
    },

    async changePassword(caller, { adminId, sessionId }, change) {
      const found = await credentials.findCredentialsById(adminId);
      if (!found) throw new DomainError('unauthorized', 'The session has expired or was signed out');
      // A stolen session must not become a way to guess the password: the sign-in limit applies.
      const attempt: SignInAttempt = { email: found.admin.email, address: undefined };
      await refuseWhileLimited(attempt);
      if (!(await passwords.verify(found.passwordHash, change.currentPassword))) {
        await throttle.recordFailure(attempt);
        throw new DomainError('validation_failed', 'The current password is wrong', { field: 'currentPassword' });
      }
      checkPassword(change.newPassword, 'newPassword');
      const passwordHash = await passwords.hash(change.newPassword);
      await work(async ({ credentials: store, sessions: sessionStore, audit }) => {
        await store.setPasswordHash(adminId, passwordHash);
        const revokedSessions = await sessionStore.revokeSessions(adminId, clock.now(), sessionId);
        await audit.record({
          actor: caller.actor, action: 'admin.password_change', entity: 'admin', entityId: adminId,
          before: found.admin, after: found.admin, details: { revokedSessions },
        });
      });
    },
  };
}

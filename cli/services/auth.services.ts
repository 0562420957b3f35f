import type { AuthApi } from '../../api/services/auth.ts';
import { adminSessionService } from '../../core/admins/sessions.service.ts';
import { adminCredentialStore, adminSessionStore } from '../../db/admin-sessions.repository.ts';
import { argon2Passwords } from '../../db/admins.repository.ts';
import { auditLog } from '../../db/audit.repository.ts';
import { unitOfWork } from '../../db/unit-of-work.ts';
import { createRedisSignInThrottle } from '../../queue/sign-in-throttle.store.ts';
import type { ServiceInfrastructure } from '../app-services.ts';

/** Console sign-in on the database (sessions, passwords) and Redis (the sign-in rate limit). */
export function buildAuthApi({ db, redis, redisPrefix, clock, sessionSecret }: ServiceInfrastructure): AuthApi {
  return {
    sessions: adminSessionService({
      work: unitOfWork(db, (trx) => ({ sessions: adminSessionStore(trx), credentials: adminCredentialStore(trx), audit: auditLog(trx) })),
      sessions: adminSessionStore(db),
      credentials: adminCredentialStore(db),
      passwords: argon2Passwords,
      throttle: createRedisSignInThrottle(redis, redisPrefix),
      clock,
      csrfSecret: sessionSecret,
    }),
  };
}

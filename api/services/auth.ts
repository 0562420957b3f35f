import type { AdminSessionService } from '../../core/admins/sessions.service.ts';

/**
 * What the HTTP app needs for console sign-in (api/auth/ and the admin API's session
 * authenticator): core's session service, built by cli/services/auth.services.ts.
 */
export interface AuthApi {
  readonly sessions: AdminSessionService;
}

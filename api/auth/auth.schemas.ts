import { Type } from 'typebox';
import { ADMIN_ROLES } from '../../core/access/access.ts';
import { ErrorResponse, Id, Nullable, StringEnum } from '../admin/schemas.ts';

// Schemas of the console sign-in routes.

export const SignInBody = Type.Object({
  email: Type.String({ minLength: 1, maxLength: 254 }),
  password: Type.String({ minLength: 1, maxLength: 1024 }),
}, { additionalProperties: false });

export const PasswordChangeBody = Type.Object({
  currentPassword: Type.String({ minLength: 1, maxLength: 1024 }),
  newPassword: Type.String({ minLength: 1, maxLength: 1024, description: 'At least 10 characters' }),
}, { additionalProperties: false });

export const SessionBody = Type.Object({
  admin: Type.Object({ id: Id, email: Type.String(), role: StringEnum(ADMIN_ROLES), vendorId: Nullable(Id) }),
  csrfToken: Type.String({ description: 'Send as X-CSRF-Token with every state-changing request of this session' }),
});

/** Security requirements in the OpenAPI document. */
export const SESSION_COOKIE_SECURITY = [{ sessionCookie: [] }];
export const SESSION_WRITE_SECURITY = [{ sessionCookie: [], csrfToken: [] }];

/** Error answers of a session route: the given codes plus 401 (no live session) and 403 (CSRF). */
export function sessionErrors<const C extends readonly (400 | 429)[]>(...codes: C) {
  const out: Record<number, typeof ErrorResponse> = { 401: ErrorResponse, 403: ErrorResponse };
  for (const code of codes) out[code] = ErrorResponse;
  return out as Record<401 | 403 | C[number], typeof ErrorResponse>;
}

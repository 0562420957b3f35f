import crypto from 'node:crypto';
import { ADMIN_ROLES, type AdminRole } from '../access/access.ts';
import { ValidationError } from '../shared/errors.ts';
import { hashToken } from '../shared/ids.ts';

// The rules of admin accounts and API tokens. Passwords are kept as argon2id hashes and tokens
// as sha256 hashes (both by the adapters): neither can be read back.

export const MIN_PASSWORD_LENGTH = 10;
/** Plaintext tokens start with this, so that a leaked one is recognisable by secret scanners. */
export const API_TOKEN_PREFIX = 'dct_';

/** An admin account as asked for, before any check. */
export interface NewAdminInput {
  email: string;
  password: string;
  role: AdminRole;
  /** Required for the `vendor` role (the vendor whose data it sees), refused otherwise. */
  vendorId?: string;
}

/** A new account that passed every rule: email normalised, the vendor link consistent with the role. */
export interface CheckedNewAdmin {
  email: string;
  password: string;
  role: AdminRole;
  vendorId: string | null;
}

/** Emails compare case-insensitively and without surrounding blanks. */
export function normalizeAdminEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * Checks a new account in the order a person fixes it (email, password, role, vendor link)
 * and answers it normalised; throws `validation_failed` naming the field.
 */
export function checkNewAdmin(input: NewAdminInput): CheckedNewAdmin {
  const email = normalizeAdminEmail(input.email);
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw new ValidationError(`${JSON.stringify(input.email)} is not an email address`, { field: 'email' });
  checkPassword(input.password, 'password');
  if (!ADMIN_ROLES.includes(input.role)) throw new ValidationError(`Unknown role ${JSON.stringify(input.role)}; use ${ADMIN_ROLES.join(', ')}`, { field: 'role' });
  if (input.role === 'vendor' && !input.vendorId) throw new ValidationError('A vendor admin needs the id of its vendor', { field: 'vendorId' });
  if (input.role !== 'vendor' && input.vendorId) throw new ValidationError('Only a vendor admin belongs to a vendor', { field: 'vendorId' });
  return { email, password: input.password, role: input.role, vendorId: input.vendorId ?? null };
}

/** The rule every new password meets (a new account's, a changed one); throws `validation_failed` naming `field`. */
export function checkPassword(password: string, field: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new ValidationError(`The password must have at least ${MIN_PASSWORD_LENGTH} characters`, { field });
  }
}

/** A fresh API token and the hash it is stored under; the plaintext exists only in this answer. */
export function newApiToken(): { token: string; tokenHash: string } {
  const token = `${API_TOKEN_PREFIX}${crypto.randomBytes(32).toString('base64url')}`;
  return { token, tokenHash: hashToken(token) };
}

import type { Caller } from '../access/access.ts';
import { DomainError } from '../shared/errors.ts';
import { checkNewAdmin, newApiToken, normalizeAdminEmail, type NewAdminInput } from './admin-account.ts';
import type { AdminAccount, AdminAccountsDeps, ApiTokenRecord } from './admins.ports.ts';

/** A token just issued: the plaintext is shown once and never stored. */
export interface IssuedApiToken extends ApiTokenRecord {
  token: string;
}

/** Who a new token is for: by email (the CLI) or by id. */
export type TokenHolderRef = { email: string } | { adminId: string };

/**
 * Creates an admin account with a hashed password and writes `admin.create` to the audit log
 * in the same transaction. A vendor account must name an existing vendor (`not_found`); a
 * taken email is a `conflict`. The password is hashed before the transaction opens, since
 * argon2 deliberately takes tens of milliseconds.
 */
export async function createAdminAccount(deps: AdminAccountsDeps, caller: Caller, input: NewAdminInput): Promise<AdminAccount> {
  const admin = checkNewAdmin(input);
  const passwordHash = await deps.passwords.hash(admin.password);
  return deps.work(async ({ admins, audit }) => {
    if (admin.vendorId !== null && !(await admins.vendorExists(admin.vendorId))) {
      throw new DomainError('not_found', `Vendor ${JSON.stringify(admin.vendorId)} does not exist`, { entity: 'vendor', id: admin.vendorId });
    }
    const created = await admins.insertAdmin({ email: admin.email, passwordHash, role: admin.role, vendorId: admin.vendorId });
    if (!created) throw new DomainError('conflict', `An admin with email ${admin.email} already exists`, { field: 'email' });
    await audit.record({ actor: caller.actor, action: 'admin.create', entity: 'admin', entityId: created.id, after: created });
    return created;
  });
}

/**
 * Issues a new API token for an admin and writes `api_token.create` to the audit log (the
 * token's id and label, never the token or its hash). Throws `not_found` for an unknown admin.
 */
export async function issueApiToken(deps: AdminAccountsDeps, caller: Caller, holder: TokenHolderRef, label?: string): Promise<IssuedApiToken> {
  return deps.work(async ({ admins, audit }) => {
    const admin = 'email' in holder ? await admins.findAdminByEmail(normalizeAdminEmail(holder.email)) : await admins.findAdminById(holder.adminId);
    if (!admin) {
      const id = 'email' in holder ? holder.email : holder.adminId;
      throw new DomainError('not_found', `No admin ${JSON.stringify(id)}`, { entity: 'admin', id });
    }
    const { token, tokenHash } = newApiToken();
    const record = await admins.insertApiToken({ adminId: admin.id, tokenHash, label: label ?? null });
    await audit.record({ actor: caller.actor, action: 'api_token.create', entity: 'api_token', entityId: record.id, after: record });
    return { ...record, token };
  });
}

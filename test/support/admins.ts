import type { Kysely } from 'kysely';
import { systemCaller } from '../../core/access/access.ts';
import type { NewAdminInput } from '../../core/admins/admin-account.ts';
import { createAdminAccount, issueApiToken } from '../../core/admins/admin-accounts.service.ts';
import { adminAccounts } from '../../db/admins.repository.ts';
import type { AdminRow, Database } from '../../db/schema.ts';

// Test fixtures for admin accounts: the core service as the CLI runs it (actor `cli`, audited).

/** Creates an admin through core's `createAdminAccount` and answers its stored row (hash included). */
export async function createAdmin(db: Kysely<Database>, input: NewAdminInput): Promise<AdminRow> {
  const account = await createAdminAccount(adminAccounts(db), systemCaller('cli'), input);
  return db.selectFrom('admins').selectAll().where('id', '=', account.id).executeTakeFirstOrThrow();
}

/** Issues an API token for the admin through core's `issueApiToken`; answers the plaintext. */
export async function createApiToken(db: Kysely<Database>, adminId: string, label?: string): Promise<string> {
  return (await issueApiToken(adminAccounts(db), systemCaller('cli'), { adminId }, label)).token;
}

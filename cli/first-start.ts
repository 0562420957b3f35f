import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import { systemCaller } from '../core/access/access.ts';
import { createAdminAccount, issueApiToken } from '../core/admins/admin-accounts.service.ts';
import { shortLinkUrl } from '../core/links/short-link.ts';
import type { SecretBox } from '../core/shared/secret-box.ts';
import { adminAccounts } from '../db/admins.repository.ts';
import type { Database } from '../db/schema.ts';
import { isUniqueViolation } from '../db/pg-errors.ts';
import { isDatabaseEmpty, seedDemoCatalog, type DemoSeed } from '../db/seed.ts';

export const FIRST_ADMIN_EMAIL = 'admin@dealcast.local';

/**
 * On an empty database: seeds the demo catalog and creates the first admin, and returns the
 * one-time credentials to print. Returns undefined when the database already has data, or
 * when another process starting at the same time seeded it first.
 */
export async function prepareFirstStart(db: Kysely<Database>, secretBox: SecretBox, publicUrl: string): Promise<string | undefined> {
  if (!(await isDatabaseEmpty(db))) return undefined;
  let seed: DemoSeed;
  try {
    seed = await seedDemoCatalog(db, secretBox);
  } catch (error) {
    // Processes starting together on an empty database (api and worker roles): the demo brands'
    // unique slugs let one of them seed; the others find the database no longer empty and go on.
    if (isUniqueViolation(error) && !(await isDatabaseEmpty(db))) return undefined;
    throw error;
  }
  const password = crypto.randomBytes(12).toString('base64url');
  const accounts = adminAccounts(db);
  const cli = systemCaller('cli');
  const admin = await createAdminAccount(accounts, cli, { email: FIRST_ADMIN_EMAIL, password, role: 'admin' });
  const { token } = await issueApiToken(accounts, cli, { adminId: admin.id }, 'first start');
  return [
    '',
    '  dealcast: first start on an empty database — demo catalog seeded.',
    '  These credentials are shown ONCE; keep them somewhere safe.',
    '',
    `    Console             ${publicUrl}/console/   (sign in with the admin login below)`,
    `    Admin login         ${FIRST_ADMIN_EMAIL}  /  ${password}`,
    `    Admin API token     ${token}`,
    `    Demo vendor key     ${seed.vendorKeyId}`,
    `    Demo vendor secret  ${seed.vendorSecret}`,
    `    Demo link           ${shortLinkUrl(publicUrl, { code: seed.linkCode, landing: 'vendor' })}`,
    `    API docs            ${publicUrl}/docs`,
    '',
  ].join('\n');
}

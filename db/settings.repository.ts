import type { Kysely } from 'kysely';
import { REGISTRATION_APPROVALS, type RegistrationApproval } from '../core/influencers/influencer-standing.ts';
import type { Database } from './schema.ts';

// Settings admins change at run time, one JSON value per key in `platform_settings`. Every role
// reads them from the database (no restart, no cache to go stale).

const INFLUENCER_APPROVAL = 'influencer_approval';

/** Whether chat registrations wait for an admin's approval; `automatic` until an admin says otherwise. */
export async function readRegistrationApproval(db: Kysely<Database>): Promise<{ approval: RegistrationApproval; updatedAt: Date | null; updatedBy: string | null }> {
  const row = await db.selectFrom('platform_settings').select(['value', 'updated_at', 'updated_by']).where('key', '=', INFLUENCER_APPROVAL).executeTakeFirst();
  const value = row?.value;
  const approval = typeof value === 'string' && (REGISTRATION_APPROVALS as readonly string[]).includes(value) ? (value as RegistrationApproval) : 'automatic';
  return { approval, updatedAt: row?.updated_at ?? null, updatedBy: row?.updated_by ?? null };
}

/** Sets the approval of chat registrations; pass the transaction that audits it. */
export async function writeRegistrationApproval(db: Kysely<Database>, approval: RegistrationApproval, at: Date, by: string): Promise<void> {
  await db.insertInto('platform_settings')
    .values({ key: INFLUENCER_APPROVAL, value: JSON.stringify(approval), updated_at: at, updated_by: by })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(approval), updated_at: at, updated_by: by }))
    .execute();
}

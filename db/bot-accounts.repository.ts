import { sql, type Kysely } from 'kysely';
import type { RecipientStore } from '../core/notifications/chat-delivery.ts';
import { storedLanguage, type ChatChannel, type InfluencerAccount, type InfluencerAccountStore, type Sighting } from '../core/influencers/influencer-accounts.service.ts';
import { isUniqueViolation } from './pg-errors.ts';
import { preparedQuery } from './prepared-statements.ts';
import { readRegistrationApproval } from './settings.repository.ts';
import type { Database } from './schema.ts';

type Db = Kysely<Database>;

interface AccountRow {
  id: string;
  display_name: string;
  language: string;
  country: string | null;
  status: InfluencerAccount['status'];
  recruit_code: string;
  payout_currency: string;
  multiplier_bps: number | null;
}

function toAccount(row: AccountRow): InfluencerAccount {
  return {
    id: row.id, displayName: row.display_name, language: storedLanguage(row.language), country: row.country?.trim() ?? null,
    status: row.status, recruitCode: row.recruit_code, tierMultiplierBps: row.multiplier_bps, payoutCurrency: row.payout_currency.trim(),
  };
}

const accountColumns = [
  'influencers.id', 'influencers.display_name', 'influencers.language', 'influencers.country', 'influencers.status',
  'influencers.recruit_code', 'influencers.payout_currency', 'tiers.multiplier_bps',
] as const;

// Every message the bots answer starts with it.
const accountByIdentity = preparedQuery(['channel', 'externalId'], (db, v: { channel: ChatChannel; externalId: string }) => db.selectFrom('influencer_identities')
  .innerJoin('influencers', 'influencers.id', 'influencer_identities.influencer_id')
  .leftJoin('tiers', 'tiers.id', 'influencers.tier_id')
  .select([
    ...accountColumns, 'influencer_identities.active as identity_active', 'influencer_identities.chat_id',
    'influencer_identities.last_seen_at', 'influencer_identities.username',
  ])
  .where('influencer_identities.channel', '=', v.channel)
  .where('influencer_identities.external_id', '=', v.externalId));

/** The influencer behind a chat account, with their tier's multiplier, by the unique (channel, external_id). */
export async function findAccountByIdentity(
  db: Db, channel: ChatChannel, externalId: string,
): Promise<(InfluencerAccount & { identityActive: boolean; chatId: string; lastSeen: Sighting }) | undefined> {
  const [row] = await accountByIdentity(db, { channel, externalId });
  return row && {
    ...toAccount(row), identityActive: row.identity_active, chatId: row.chat_id, lastSeen: { at: row.last_seen_at, username: row.username },
  };
}

export async function findRecruiter(db: Db, recruitCode: string): Promise<{ id: string; displayName: string } | undefined> {
  const row = await db.selectFrom('influencers').select(['id', 'display_name'])
    .where('recruit_code', '=', recruitCode).where('status', '=', 'active').executeTakeFirst();
  return row && { id: row.id, displayName: row.display_name };
}

class IdentityTaken extends Error {}

/**
 * The influencer and its first identity, in one transaction. The identity's unique
 * (channel, external_id) decides between two concurrent registrations of one chat account.
 */
export async function insertRegistration(
  db: Db,
  r: Parameters<InfluencerAccountStore['insertRegistration']>[0],
): Promise<InfluencerAccount | 'identity_taken' | 'code_taken'> {
  try {
    return await db.transaction().execute(async (trx) => {
      const influencer = await trx.insertInto('influencers').values({
        display_name: r.displayName, language: r.language, country: r.country, recruit_code: r.recruitCode,
        recruited_by: r.recruitedBy, terms_accepted_at: r.termsAcceptedAt, status: r.status, payout_currency: r.payoutCurrency,
      }).returning(['id']).executeTakeFirstOrThrow();
      const identity = await trx.insertInto('influencer_identities').values({
        influencer_id: influencer.id, channel: r.identity.channel, external_id: r.identity.externalId, chat_id: r.identity.chatId,
        username: r.identity.username ?? null, last_seen_at: r.termsAcceptedAt,
      }).onConflict((oc) => oc.columns(['channel', 'external_id']).doNothing()).returning('id').executeTakeFirst();
      if (!identity) throw new IdentityTaken();
      const row = await trx.selectFrom('influencers').leftJoin('tiers', 'tiers.id', 'influencers.tier_id')
        .select(accountColumns).where('influencers.id', '=', influencer.id).executeTakeFirstOrThrow();
      return toAccount(row);
    });
  } catch (error) {
    if (error instanceof IdentityTaken) return 'identity_taken';
    if (isUniqueViolation(error, 'influencers_recruit_code_key')) return 'code_taken';
    if (isUniqueViolation(error, 'influencer_identities_channel_external_id_key')) return 'identity_taken';
    throw error;
  }
}

export async function updateInfluencerLanguage(db: Db, influencerId: string, language: string): Promise<void> {
  await db.updateTable('influencers').set({ language }).where('id', '=', influencerId).execute();
}

export async function reactivateIdentity(db: Db, identity: { channel: ChatChannel; externalId: string; chatId: string }): Promise<void> {
  await db.updateTable('influencer_identities').set({ active: true, chat_id: identity.chatId })
    .where('channel', '=', identity.channel).where('external_id', '=', identity.externalId).execute();
}

/** How often a chat account's last sighting is written when nothing else about it changes. */
const SEEN_RESOLUTION_MS = 5 * 60 * 1000;

/**
 * The account's last sighting and handle; a no-op (no row written) within a few minutes of the
 * last one, and no round trip either when `lastSeen` (as just read) says so. The WHERE keeps
 * the same rule for writers that raced.
 */
export async function recordIdentitySeen(
  db: Db, identity: { channel: ChatChannel; externalId: string; username: string | null }, at: Date, lastSeen?: Sighting,
): Promise<void> {
  if (lastSeen?.at && lastSeen.at.getTime() >= at.getTime() - SEEN_RESOLUTION_MS && lastSeen.username === identity.username) return;
  await db.updateTable('influencer_identities').set({ last_seen_at: at, username: identity.username })
    .where('channel', '=', identity.channel).where('external_id', '=', identity.externalId)
    .where((eb) => eb.or([
      eb('last_seen_at', 'is', null),
      eb('last_seen_at', '<', new Date(at.getTime() - SEEN_RESOLUTION_MS)),
      eb(sql<string | null>`username`, 'is distinct from', identity.username),
    ]))
    .execute();
}

export async function deactivateIdentity(db: Db, identityId: string): Promise<void> {
  await db.updateTable('influencer_identities').set({ active: false }).where('id', '=', identityId).execute();
}

export async function findRecipient(db: Db, influencerId: string): ReturnType<RecipientStore['findRecipient']> {
  const influencer = await db.selectFrom('influencers').select(['id', 'language', 'status']).where('id', '=', influencerId).executeTakeFirst();
  if (!influencer) return undefined;
  const identities = await db.selectFrom('influencer_identities').select(['id', 'channel', 'chat_id'])
    .where('influencer_id', '=', influencerId).where('active', '=', true).orderBy('id').execute();
  return {
    influencerId: influencer.id, language: influencer.language, status: influencer.status,
    identities: identities.map((i) => ({ id: i.id, channel: i.channel, chatId: i.chat_id })),
  };
}

/** The account store of core/influencers/influencer-accounts.service.ts on this database. */
export function botAccountStore(db: Db): InfluencerAccountStore {
  return {
    findAccountByIdentity: (channel, externalId) => findAccountByIdentity(db, channel, externalId),
    findRecruiter: (code) => findRecruiter(db, code),
    insertRegistration: (registration) => insertRegistration(db, registration),
    updateLanguage: (influencerId, language) => updateInfluencerLanguage(db, influencerId, language),
    reactivateIdentity: (identity) => reactivateIdentity(db, identity),
    registrationApproval: async () => (await readRegistrationApproval(db)).approval,
    recordSeen: (identity, at, lastSeen) => recordIdentitySeen(db, identity, at, lastSeen),
  };
}

/** The recipient store of core/notifications/chat-delivery.ts on this database. */
export function recipientStore(db: Db): RecipientStore {
  return {
    findRecipient: (influencerId) => findRecipient(db, influencerId),
    deactivateIdentity: (identityId) => deactivateIdentity(db, identityId),
  };
}

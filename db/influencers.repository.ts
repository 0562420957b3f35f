import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import type {
  Influencer, InfluencerFilter, InfluencerIdentity, InfluencerReads, InfluencerWrites, NewInfluencer, RegistrationApprovalSetting,
} from '../core/influencers/influencers.ports.ts';
import type { Page, PageQuery } from '../core/shared/paging.ts';
import { listPage } from './paging.ts';
import { likePrefix } from './like-patterns.ts';
import type { Database, InfluencerRow } from './schema.ts';
import { readRegistrationApproval, writeRegistrationApproval } from './settings.repository.ts';

type Db = Kysely<Database>;

function toInfluencer(row: InfluencerRow): Influencer {
  return {
    id: row.id, displayName: row.display_name, language: row.language, country: row.country, status: row.status,
    statusReason: row.status_reason, statusChangedAt: row.status_changed_at, statusChangedBy: row.status_changed_by,
    recruitCode: row.recruit_code, recruitedBy: row.recruited_by, tierId: row.tier_id, tierPinned: row.tier_pinned,
    payoutCurrency: row.payout_currency.trim(), storefrontHandle: row.handle, createdAt: row.created_at,
  };
}

/**
 * Inserts an influencer unless its recruit code is taken. `ON CONFLICT DO NOTHING` rather than
 * a caught unique violation, so that the transaction stays usable for the retry.
 */
export async function insertInfluencerIfCodeFree(db: Db, influencer: NewInfluencer): Promise<Influencer | undefined> {
  const row = await db.insertInto('influencers').values({
    display_name: influencer.displayName, language: influencer.language, country: influencer.country, recruit_code: influencer.recruitCode,
  }).onConflict((oc) => oc.column('recruit_code').doNothing()).returningAll().executeTakeFirst();
  return row && toInfluencer(row);
}

export async function findInfluencerById(db: Db, id: string): Promise<Influencer | undefined> {
  const row = await db.selectFrom('influencers').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toInfluencer(row);
}


/**
 * The influencers a support query names: its id (digits), a chat account's user id or phone
 * number (exact), a handle's start (`@anna`, any case), a display name's start (any case).
 * Each branch is an index lookup (id, identities by external id or handle, the name index).
 */
export function matchingQuery(db: Db, q: string) {
  const handle = q.replace(/^@/, '');
  const byIdentity = db.selectFrom('influencer_identities').select('influencer_id')
    .where((eb) => eb.or([
      eb('external_id', '=', q),
      ...(/^\+?\d{5,}$/.test(q) ? [eb('external_id', '=', q.replace(/^\+/, ''))] : []),
      eb(sql<string>`lower(username)`, 'like', likePrefix(handle)),
    ]));
  return (eb: ExpressionBuilder<Database, 'influencers'>) => eb.or([
    ...(/^\d{1,18}$/.test(q) ? [eb('influencers.id', '=', q)] : []),
    eb('influencers.id', 'in', byIdentity),
    ...(q.startsWith('@') ? [] : [eb(sql<string>`lower(influencers.display_name)`, 'like', likePrefix(q))]),
  ]);
}

export async function listInfluencers(db: Db, filter: InfluencerFilter, page: PageQuery): Promise<Page<Influencer>> {
  let query = db.selectFrom('influencers').selectAll('influencers');
  if (filter.q) query = query.where(matchingQuery(db, filter.q));
  return listPage(query, {
    id: 'influencers.id',
    equal: { 'influencers.status': filter.status, 'influencers.country': filter.country, 'influencers.language': filter.language, 'influencers.tier_id': filter.tierId },
  }, page, toInfluencer);
}

export async function listIdentities(db: Db, influencerId: string): Promise<InfluencerIdentity[]> {
  const rows = await db.selectFrom('influencer_identities')
    .select(['id', 'channel', 'external_id', 'username', 'active', 'created_at', 'last_seen_at'])
    .where('influencer_id', '=', influencerId).orderBy('id').execute();
  return rows.map((r) => ({
    id: r.id, channel: r.channel, externalId: r.external_id, username: r.username, active: r.active, firstSeenAt: r.created_at, lastSeenAt: r.last_seen_at,
  }));
}

async function registrationApproval(db: Db): Promise<RegistrationApprovalSetting> {
  const [setting, pending] = await Promise.all([
    readRegistrationApproval(db),
    db.selectFrom('influencers').select(sql<string>`count(*)`.as('n')).where('status', '=', 'pending').executeTakeFirstOrThrow(),
  ]);
  return { ...setting, pending: Number(pending.n) };
}

/** The influencer writes of the admin API on this database or transaction. */
export function influencerWrites(db: Db): InfluencerWrites {
  return {
    insertInfluencerIfCodeFree: (influencer) => insertInfluencerIfCodeFree(db, influencer),
    async lockInfluencer(id) {
      const row = await db.selectFrom('influencers').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
      return row && toInfluencer(row);
    },
    async updateStanding(id, change) {
      const row = await db.updateTable('influencers')
        .set({ status: change.status, status_reason: change.reason, status_changed_at: change.at, status_changed_by: change.by })
        .where('id', '=', id).returningAll().executeTakeFirstOrThrow();
      return toInfluencer(row);
    },
    setRegistrationApproval: (approval, at, by) => writeRegistrationApproval(db, approval, at, by),
  };
}

/** The influencer reads of the admin API on this database. */
export function influencerReads(db: Db): InfluencerReads {
  return {
    findInfluencer: (id) => findInfluencerById(db, id),
    listInfluencers: (filter, page) => listInfluencers(db, filter, page),
    identities: (influencerId) => listIdentities(db, influencerId),
    registrationApproval: () => registrationApproval(db),
  };
}

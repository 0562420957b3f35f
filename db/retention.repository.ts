import { sql, type Kysely } from 'kysely';
import { CLICK_ID_TIME_MARGIN_MS, clickIdTime } from '../core/clicks/click-id.ts';
import type { RetentionStore } from '../core/privacy/retention.service.ts';
import { clickPartitionName } from './clicks.repository.ts';
import type { Database } from './schema.ts';

type Db = Kysely<Database>;

/** Click details are cleared an hour of clicks per statement: short transactions beside the ingest. */
const CLICK_SLICE_MS = 60 * 60 * 1000;
/** Audit rows are deleted this many per statement. */
const AUDIT_BATCH = 5_000;
/** A retention statement waits this long for a lock, then fails (and the job retries later) rather than hold up clicks. */
const LOCK_TIMEOUT = '5s';

/** The smallest UUIDv7 minted at `ms` (a click id's first 48 bits are its milliseconds). */
function firstIdAt(ms: number): string {
  const hex = Math.max(0, ms).toString(16).padStart(12, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-0000-0000-000000000000`;
}

/** When the oldest stored click was made, read from the primary key's first id (no scan), or undefined without clicks. */
async function oldestClickTime(db: Db): Promise<Date | undefined> {
  const { rows } = await sql<{ id: string }>`SELECT id::text AS id FROM clicks ORDER BY id LIMIT 1`.execute(db);
  const id = rows[0]?.id;
  if (!id) return undefined;
  const minted = clickIdTime(id);
  if (minted) return new Date(minted.getTime() - CLICK_ID_TIME_MARGIN_MS);
  const { rows: [oldest] } = await sql<{ at: Date | null }>`SELECT min(clicked_at) AS at FROM clicks`.execute(db);
  return oldest?.at ?? undefined;
}

/**
 * Clears browser string, referrer and address hash of the clicks made in [since, before), an
 * hour at a time. Each statement bounds the id by the time it carries (UUIDv7, within
 * CLICK_ID_TIME_MARGIN_MS of clicked_at), so it walks one partition's primary key instead of
 * scanning months; rows already cleared are left alone.
 */
export async function clearClickDetails(db: Db, range: { since: Date | null; before: Date }, sliceMs = CLICK_SLICE_MS): Promise<number> {
  const start = range.since ?? (await oldestClickTime(db));
  if (!start) return 0;
  const end = range.before.getTime();
  let cleared = 0;
  for (let from = start.getTime(); from < end;) {
    const to = Math.min(from + sliceMs, end);
    const result = await sql`
      UPDATE clicks SET user_agent = NULL, referer = NULL, ip_hash = NULL
      WHERE id >= ${firstIdAt(from - CLICK_ID_TIME_MARGIN_MS)}::uuid AND id < ${firstIdAt(to + CLICK_ID_TIME_MARGIN_MS)}::uuid
        AND clicked_at >= ${new Date(from)} AND clicked_at < ${new Date(to)}
        AND (user_agent IS NOT NULL OR referer IS NOT NULL OR ip_hash IS NOT NULL)
    `.execute(db);
    const changed = Number(result.numAffectedRows ?? 0);
    cleared += changed;
    from = changed > 0 ? to : await nextClickFrom(db, to);
  }
  return cleared;
}

/**
 * Where the next click made at or after `at` can lie, from the next id in the primary key:
 * an empty stretch (a quiet night, months before the first click) is stepped over in one
 * lookup instead of hour by hour. Any click made from `at` on carries an id minted no earlier
 * than `at` minus the margin, so none is skipped.
 */
async function nextClickFrom(db: Db, at: number): Promise<number> {
  const { rows } = await sql<{ id: string }>`SELECT id::text AS id FROM clicks WHERE id >= ${firstIdAt(at - CLICK_ID_TIME_MARGIN_MS)}::uuid ORDER BY id LIMIT 1`.execute(db);
  const id = rows[0]?.id;
  if (!id) return Number.POSITIVE_INFINITY;
  const minted = clickIdTime(id);
  return minted ? Math.max(at, minted.getTime() - CLICK_ID_TIME_MARGIN_MS) : at;
}

/**
 * Drops every monthly partition of `clicks` (`clicks_YYYY_MM`, made by ensureClickPartitions)
 * whose month ends by `before`, and deletes the default partition's rows older than it. The
 * daily rollups stay: they count clicks and identify no one.
 */
export async function dropClicksBefore(db: Db, before: Date): Promise<{ partitions: string[]; defaultPartitionRows: number }> {
  const { rows } = await sql<{ name: string }>`
    SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
    WHERE i.inhparent = 'clicks'::regclass ORDER BY c.relname`.execute(db);
  const dropped: string[] = [];
  for (const { name } of rows) {
    const month = /^clicks_(\d{4})_(\d{2})$/.exec(name);
    if (!month) continue;
    const start = new Date(Date.UTC(Number(month[1]), Number(month[2]) - 1, 1));
    const end = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
    if (clickPartitionName(start) !== name || end > before) continue;
    await db.transaction().execute(async (trx) => {
      await sql`SET LOCAL lock_timeout = ${sql.lit(LOCK_TIMEOUT)}`.execute(trx);
      await sql`DROP TABLE IF EXISTS ${sql.id(name)}`.execute(trx);
    });
    dropped.push(name);
  }
  const deleted = await sql`DELETE FROM clicks_default WHERE clicked_at < ${before}`.execute(db);
  return { partitions: dropped, defaultPartitionRows: Number(deleted.numAffectedRows ?? 0) };
}

/** Deletes console sessions that ended (idle or absolute expiry, or signed out) before `endedBefore`. */
export async function deleteEndedAdminSessions(db: Db, endedBefore: Date): Promise<number> {
  const result = await db.deleteFrom('admin_sessions').where(sql<Date>`least(revoked_at, expires_at)`, '<', endedBefore).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Deletes audit rows written before `before`, except those about the `kept` entities, a batch at a time (by audit_log_created_idx). */
export async function deleteAuditRows(db: Db, before: Date, kept: readonly string[]): Promise<number> {
  let deleted = 0;
  for (;;) {
    const result = await db.deleteFrom('audit_log').where('id', 'in', (eb) => {
      const old = eb.selectFrom('audit_log').select('id').where('created_at', '<', before).orderBy('created_at').limit(AUDIT_BATCH);
      return kept.length > 0 ? old.where('entity', 'not in', kept) : old;
    }).executeTakeFirst();
    const n = Number(result.numDeletedRows);
    deleted += n;
    if (n < AUDIT_BATCH) return deleted;
  }
}

/**
 * Clears the buyer reference hash of orders placed before `before`. The rows that still hold
 * one are the last couple of months' (conversions_buyer_idx holds only those), so a night's
 * run reads that index, not every order.
 */
export async function clearBuyerRefs(db: Db, before: Date): Promise<number> {
  const result = await db.updateTable('conversions').set({ buyer_hash: null })
    .where('buyer_hash', 'is not', null).where('occurred_at', '<', before).executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** The retention store of core/privacy/retention.service.ts on this database. */
export function retentionStore(db: Db): RetentionStore {
  return {
    clearClickDetails: (range) => clearClickDetails(db, range),
    dropClicksBefore: (before) => dropClicksBefore(db, before),
    deleteEndedAdminSessions: (endedBefore) => deleteEndedAdminSessions(db, endedBefore),
    deleteAuditRows: (before, kept) => deleteAuditRows(db, before, kept),
    clearBuyerRefs: (before) => clearBuyerRefs(db, before),
  };
}

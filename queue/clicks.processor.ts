import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { ClickEvent } from '../core/clicks/clicks.ports.ts';
import { REQUEST_FLAGS, VELOCITY_LIMITS } from '../core/clicks/click-flags.ts';
import { classifyClicks, DUPLICATE_WINDOW_MS, type ClickToClassify } from '../core/clicks/click-rules.ts';
import { findClickHistory, type HistoryProbe } from '../db/click-history.repository.ts';
import {
  distinctVisitorLinks, insertClicksWithRollups, insertNewClicksWithRollups, isAlreadyStored, lockVisitorLinks, type NewClick,
} from '../db/clicks.repository.ts';
import type { Database } from '../db/schema.ts';

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ID_PATTERN = /^[1-9][0-9]{0,18}$/;
const MAX_VISITOR_ID = 64;
const MAX_USER_AGENT = 512;
const MAX_REFERER = 1024;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const NEEDS_CLEANING = /[\u0000\uD800-\uDFFF]/;
const KNOWN_REQUEST_FLAGS: ReadonlySet<unknown> = new Set(REQUEST_FLAGS);
const VELOCITY_WINDOW_MS = Math.max(VELOCITY_LIMITS.visitor.windowMs, VELOCITY_LIMITS.address.windowMs);
const VELOCITY_READ = Math.max(VELOCITY_LIMITS.visitor.maxClicks, VELOCITY_LIMITS.address.maxClicks);

export interface IngestResult {
  inserted: number;
  counted: number;
}

/**
 * Ingests clicks in one transaction: lock their (visitor, link) pairs, read what the rules need
 * in one statement (the pairs' recent counted clicks, the visitors' and addresses' recent fresh
 * clicks), classify the clicks (core rules), then store them with their flags and rollups.
 * Replaying clicks stores nothing twice: the usual plain insert fails on a click already
 * stored, and the transaction then runs again with the insert that skips stored clicks.
 */
export async function ingestClicks(db: Kysely<Database>, events: readonly ClickEvent[]): Promise<IngestResult> {
  const ids = new Set<string>();
  const unique: ClickEvent[] = [];
  const clicks: ClickToClassify[] = [];
  let earliest = Infinity;
  let latest = -Infinity;
  for (const c of events) {
    if (ids.has(c.id)) continue;
    ids.add(c.id);
    const clickedAt = new Date(c.clickedAt);
    const t = clickedAt.getTime();
    if (t < earliest) earliest = t;
    if (t > latest) latest = t;
    unique.push(c);
    clicks.push({ id: c.id, linkId: c.linkId, visitorId: c.visitorId, clickedAt, userAgent: c.userAgent, ipHash: c.ipHash, requestFlag: c.requestFlag });
  }
  if (unique.length === 0) return { inserted: 0, counted: 0 };
  const pairs = distinctVisitorLinks(clicks);
  const probe: HistoryProbe = {
    pairs,
    countedFrom: new Date(earliest - DUPLICATE_WINDOW_MS),
    countedTo: new Date(latest + DUPLICATE_WINDOW_MS),
    ipHashes: [...new Set(clicks.flatMap((c) => (c.ipHash === null ? [] : [c.ipHash])))],
    freshFrom: new Date(earliest - VELOCITY_WINDOW_MS),
    freshTo: new Date(latest),
    freshLimit: VELOCITY_READ,
  };

  const attempt = (insert: typeof insertNewClicksWithRollups) => db.transaction().execute(async (trx) => {
    await lockVisitorLinks(trx, pairs);
    const verdicts = classifyClicks(clicks, await findClickHistory(trx, probe));
    const rows: NewClick[] = new Array(clicks.length);
    for (let i = 0; i < clicks.length; i++) {
      const e = unique[i]!;
      const v = verdicts[i]!;
      rows[i] = {
        id: e.id, linkId: e.linkId, influencerId: e.influencerId, productId: e.productId,
        // Normalised: a replay stores the same instant under the same key, and the rollup day is read off it.
        clickedAt: clicks[i]!.clickedAt.toISOString(),
        visitorId: e.visitorId, ipHash: e.ipHash, userAgent: e.userAgent, referer: e.referer,
        duplicate: v.duplicate, bot: v.bot, counted: v.counted, selfClick: v.selfClick, flag: v.flag,
      };
    }
    return insert(trx, rows);
  });
  try {
    return await attempt(insertNewClicksWithRollups);
  } catch (error) {
    if (!isAlreadyStored(error)) throw error;
    return attempt(insertClicksWithRollups);
  }
}

/**
 * The valid clicks of a job payload, cleaned for PostgreSQL (no NUL, no lone surrogate,
 * bounded lengths). What can never be stored is dropped with a log line rather than failing,
 * and so blocking, the rest of its batch forever.
 */
export function storableClicks(events: readonly unknown[], logger: Logger): ClickEvent[] {
  const valid: ClickEvent[] = [];
  for (const event of events) {
    if (isClickShaped(event)) {
      // Cleaned in place: the event is the job's own freshly parsed copy, and a copy per click is garbage the worker pays for.
      event.visitorId = text(event.visitorId, MAX_VISITOR_ID)!;
      event.ipHash = text(event.ipHash, 128);
      event.userAgent = text(event.userAgent, MAX_USER_AGENT);
      event.referer = text(event.referer, MAX_REFERER);
      // Anything else (a newer producer's flag, a forged value) is no flag: the database accepts only known ones.
      event.requestFlag = KNOWN_REQUEST_FLAGS.has(event.requestFlag) ? event.requestFlag : null;
      valid.push(event);
    } else {
      logger.error({ event }, 'dropping a malformed click event');
    }
  }
  return valid;
}

export interface ClickIngester {
  /** Resolves once these clicks are committed, together with whatever else was submitted meanwhile. */
  submit(clicks: readonly ClickEvent[]): Promise<IngestResult>;
}

/**
 * Consumer-side group commit: clicks of every job submitted while a transaction runs go into
 * the next transaction together (up to `maxClicks`), so that many small jobs cost one
 * transaction instead of one each. A transaction starts at once when none runs, so that a lone
 * click waits for nothing; a further one starts only with a full group, so that under a backlog
 * the clicks go in few large transactions: every transaction rewrites the rollup row of each
 * (day, link) it touches, and that, with its statements and its commit, is paid per transaction,
 * not per click. If a merged transaction fails, each job is retried alone at once, so that one
 * poisonous job cannot fail the others.
 */
export function createClickIngester(db: Kysely<Database>, logger: Logger, options: { maxClicks?: number; maxTransactions?: number } = {}): ClickIngester {
  // Also bounds the advisory locks one transaction holds (one per visitor and link).
  const maxClicks = options.maxClicks ?? 1000;
  const maxTransactions = options.maxTransactions ?? 2;
  type Submission = { clicks: readonly ClickEvent[]; resolve: (r: IngestResult) => void; reject: (e: unknown) => void };
  const waiting: Submission[] = [];
  let waitingClicks = 0;
  let running = 0;

  const startNext = (): void => {
    while (running < maxTransactions && waiting.length > 0 && (running === 0 || waitingClicks >= maxClicks)) {
      const group: Submission[] = [];
      let size = 0;
      while (waiting.length > 0 && (group.length === 0 || size + waiting[0]!.clicks.length <= maxClicks)) {
        const next = waiting.shift()!;
        group.push(next);
        size += next.clicks.length;
      }
      waitingClicks -= size;
      running += 1;
      void runGroup(group).finally(() => {
        running -= 1;
        startNext();
      });
    }
  };

  const runGroup = async (group: Submission[]): Promise<void> => {
    try {
      const result = await ingestClicks(db, group.flatMap((s) => s.clicks));
      for (const s of group) s.resolve(result);
      return;
    } catch (error) {
      if (group.length === 1) {
        group[0]!.reject(error);
        return;
      }
      logger.warn({ err: error, jobs: group.length }, 'merged click transaction failed; ingesting its jobs one by one');
    }
    for (const s of group) {
      try {
        s.resolve(await ingestClicks(db, s.clicks));
      } catch (error) {
        s.reject(error);
      }
    }
  };

  return {
    submit(clicks) {
      if (clicks.length === 0) return Promise.resolve({ inserted: 0, counted: 0 });
      return new Promise<IngestResult>((resolve, reject) => {
        waiting.push({ clicks, resolve, reject });
        waitingClicks += clicks.length;
        startNext();
      });
    },
  };
}

function isClickShaped(value: unknown): value is ClickEvent {
  if (typeof value !== 'object' || value === null) return false;
  const c = value as Record<string, unknown>;
  return typeof c.id === 'string' && UUID_PATTERN.test(c.id)
    && isBigintId(c.linkId) && isBigintId(c.influencerId) && isBigintId(c.productId)
    && typeof c.clickedAt === 'string' && !Number.isNaN(Date.parse(c.clickedAt))
    && typeof c.visitorId === 'string' && c.visitorId.length > 0
    && (c.ipHash === null || typeof c.ipHash === 'string')
    && (c.userAgent === null || c.userAgent === undefined || typeof c.userAgent === 'string')
    && (c.referer === null || c.referer === undefined || typeof c.referer === 'string');
}

const MAX_BIGINT = '9223372036854775807';

/** A positive id that fits PostgreSQL's bigint (compared as digit strings of equal length). */
function isBigintId(value: unknown): value is string {
  return typeof value === 'string' && ID_PATTERN.test(value) && (value.length < MAX_BIGINT.length || value <= MAX_BIGINT);
}

/** PostgreSQL's "data exception" class: the same rows will fail the same way on every retry. */
export function isDataError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('22');
}

/** PostgreSQL text holds neither NUL nor unpaired surrogates; both would fail the whole batch. */
function text(value: string | null | undefined, max: number): string | null {
  if (value === null || value === undefined) return null;
  // Nearly every value is clean and short: one scan instead of two replaces and a copy.
  if (value.length <= max && !NEEDS_CLEANING.test(value)) return value;
  // Cut first: a cut may split a surrogate pair, which the second replace then repairs.
  return value.replace(/\u0000/g, '').slice(0, max).replace(LONE_SURROGATE, '\uFFFD');
}

import { sql, type Transaction } from 'kysely';
import type { ClickHistory } from '../core/clicks/click-rules.ts';
import { arrayLiteral, type VisitorLinks } from './clicks.repository.ts';
import { PREPARED } from './prepared-statements.ts';
import type { Database } from './schema.ts';

/** What a batch is classified against: its pairs for the duplicate rule, its visitors and addresses for the velocity limits. */
export interface HistoryProbe {
  pairs: VisitorLinks;
  /** The duplicate window around the batch. */
  countedFrom: Date;
  countedTo: Date;
  visitorIds: readonly string[];
  ipHashes: readonly string[];
  /** The velocity window before the batch's first click, to its last. */
  freshFrom: Date;
  freshTo: Date;
  /** Newest fresh clicks read per visitor and per address: the larger limit is enough (see `classifyClicks`). */
  freshLimit: number;
}

/**
 * Everything the click rules need from the store, in one statement, each part a fenced LATERAL
 * probe of an index per key (OFFSET 0 or LIMIT keeps the planner from turning it into a join,
 * which on a partition without statistics yet hashed every click of the window):
 * - the counted clicks of each (link, visitor) pair within the duplicate window, on
 *   (link_id, visitor_id, clicked_at);
 * - the newest fresh clicks (counted, or flagged by velocity) of each visitor and of each
 *   address within the velocity window, at most `freshLimit` each, on the partial indexes of
 *   migration 2026-12-04-0003: a flood reads its limit's worth of entries per key, not the
 *   flood, and ordinary traffic finds nothing and reads one index page per key.
 * The planner estimates every key at the average (one daily address hash has a few clicks),
 * and for a few rows a bitmap scan and a sort look cheaper than walking the index backwards:
 * for a flooding key that reads the whole flood. Bitmap scans are therefore off for the rest of
 * the ingest transaction (its other statements insert and upsert, and scan nothing).
 */
/**
 * The newest fresh clicks of each key in `column` (from a fixed list, never input), at most
 * `freshLimit` each, as rows of `kind`.
 */
function freshProbe(kind: 1 | 2, column: 'visitor_id' | 'ip_hash', keys: readonly string[], probe: HistoryProbe) {
  return sql`
    SELECT ${sql.lit(kind)}, NULL, k.key, c.clicked_at
    FROM unnest(${arrayLiteral(keys)}::text[]) AS k(key)
    CROSS JOIN LATERAL (
      SELECT c.clicked_at FROM clicks c
      WHERE c.${sql.raw(column)} = k.key AND (counted OR flag IN ('velocity_visitor', 'velocity_address'))
        AND c.clicked_at >= ${probe.freshFrom}::timestamptz AND c.clicked_at <= ${probe.freshTo}::timestamptz
      ORDER BY c.clicked_at DESC LIMIT ${probe.freshLimit}::int
    ) c`;
}

export async function findClickHistory(db: Transaction<Database>, probe: HistoryProbe): Promise<ClickHistory> {
  await sql`SET LOCAL enable_bitmapscan = off`.execute(db);
  const { rows } = await sql<{ kind: number; link_id: string | null; key: string; clicked_at: Date }>`${sql.raw(PREPARED)}
    SELECT 0 AS kind, p.link_id::text AS link_id, p.visitor_id AS key, c.clicked_at
    FROM unnest(${arrayLiteral(probe.pairs.linkIds)}::bigint[], ${arrayLiteral(probe.pairs.visitorIds)}::text[]) AS p(link_id, visitor_id)
    CROSS JOIN LATERAL (
      SELECT c.clicked_at FROM clicks c
      WHERE c.link_id = p.link_id AND c.visitor_id = p.visitor_id AND c.counted
        AND c.clicked_at >= ${probe.countedFrom}::timestamptz AND c.clicked_at <= ${probe.countedTo}::timestamptz
      OFFSET 0
    ) c
    UNION ALL
    ${freshProbe(1, 'visitor_id', probe.visitorIds, probe)}
    UNION ALL
    ${freshProbe(2, 'ip_hash', probe.ipHashes, probe)}
  `.execute(db);
  const history: { counted: ClickHistory['counted'][number][]; freshByVisitor: ClickHistory['freshByVisitor'][number][]; freshByAddress: ClickHistory['freshByAddress'][number][] } = {
    counted: [], freshByVisitor: [], freshByAddress: [],
  };
  for (const r of rows) {
    if (r.kind === 0) history.counted.push({ linkId: r.link_id!, visitorId: r.key, clickedAt: r.clicked_at });
    else (r.kind === 1 ? history.freshByVisitor : history.freshByAddress).push({ key: r.key, clickedAt: r.clicked_at });
  }
  return history;
}

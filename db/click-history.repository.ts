import { sql, type Transaction } from 'kysely';
import type { ClickHistory } from '../core/clicks/click-rules.ts';
import { arrayLiteral, type VisitorLinks } from './clicks.repository.ts';
import { PREPARED } from './prepared-statements.ts';
import type { Database } from './schema.ts';

/** What a batch is classified against: its pairs for the duplicate rule, their visitors and the addresses for the velocity limits. */
export interface HistoryProbe {
  pairs: VisitorLinks;
  /** The duplicate window around the batch. */
  countedFrom: Date;
  countedTo: Date;
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
 * - per visitor of the batch, one walk of its fresh clicks (counted, or flagged by velocity) on
 *   the partial index (visitor_id, clicked_at) of migration 2026-12-04-0003, over the duplicate
 *   window: it gives both the counted clicks of the visitor's pairs of the batch (the duplicate
 *   rule) and the newest `freshLimit` of the velocity window (the visitor's limit). One descent
 *   per visitor, where a probe per pair and another per visitor took two: every counted click
 *   is fresh, so the same entries answer both. The walk reads what the pair probe read before
 *   (the planner already ran it on this smaller index, filtering the link): for ordinary
 *   traffic a handful of entries; for a visitor flooding many links, its fresh clicks of the
 *   two days, of which only the pairs' counted ones and the limit's newest come back;
 * - the newest fresh clicks of each address within the velocity window, at most `freshLimit`,
 *   on the partial (ip_hash, clicked_at) index: a flood reads its limit's worth of entries, not
 *   the flood, and ordinary traffic finds nothing and reads one index path per key.
 * The planner estimates every key at the average (one daily address hash has a few clicks),
 * and for a few rows a bitmap scan and a sort look cheaper than walking the index backwards:
 * for a flooding key that reads the whole flood. Bitmap scans are therefore off for the rest of
 * the ingest transaction (its other statements insert and upsert, and scan nothing).
 */
export async function findClickHistory(db: Transaction<Database>, probe: HistoryProbe): Promise<ClickHistory> {
  const linksByVisitor = new Map<string, string[]>();
  for (let i = 0; i < probe.pairs.visitorIds.length; i++) {
    const visitorId = probe.pairs.visitorIds[i]!;
    const links = linksByVisitor.get(visitorId);
    if (links) links.push(probe.pairs.linkIds[i]!);
    else linksByVisitor.set(visitorId, [probe.pairs.linkIds[i]!]);
  }
  const visitors = [...linksByVisitor.keys()];
  // Each visitor's links of the batch as one bigint[] literal, cast per row in the probe.
  const visitorLinks = visitors.map((v) => `{${linksByVisitor.get(v)!.join(',')}}`);
  await sql`SET LOCAL enable_bitmapscan = off`.execute(db);
  const { rows } = await sql<{ kind: number; link_id: string | null; key: string; clicked_at: Date }>`${sql.raw(PREPARED)}
    SELECT v.kind, v.link_id, v.key, v.clicked_at FROM (
      SELECT CASE WHEN c.pair_counted THEN 0 ELSE 1 END AS kind, c.link_id::text AS link_id, k.key, c.clicked_at,
        c.pair_counted, c.recent,
        count(*) FILTER (WHERE c.recent) OVER (PARTITION BY k.key ORDER BY c.clicked_at DESC ROWS UNBOUNDED PRECEDING) AS nth
      FROM unnest(${arrayLiteral(visitors)}::text[], ${arrayLiteral(visitorLinks)}::text[]) AS k(key, links)
      CROSS JOIN LATERAL (
        SELECT c.link_id, c.clicked_at,
          c.counted AND c.link_id = ANY(k.links::bigint[]) AS pair_counted,
          c.clicked_at >= ${probe.freshFrom}::timestamptz AND c.clicked_at <= ${probe.freshTo}::timestamptz AS recent
        FROM clicks c
        WHERE c.visitor_id = k.key AND (c.counted OR c.flag IN ('velocity_visitor', 'velocity_address'))
          AND c.clicked_at >= ${probe.countedFrom}::timestamptz AND c.clicked_at <= ${probe.countedTo}::timestamptz
        OFFSET 0
      ) c
    ) v
    WHERE v.pair_counted OR (v.recent AND v.nth <= ${probe.freshLimit}::int)
    UNION ALL
    SELECT 2, NULL, k.key, c.clicked_at
    FROM unnest(${arrayLiteral(probe.ipHashes)}::text[]) AS k(key)
    CROSS JOIN LATERAL (
      SELECT c.clicked_at FROM clicks c
      WHERE c.ip_hash = k.key AND (counted OR flag IN ('velocity_visitor', 'velocity_address'))
        AND c.clicked_at >= ${probe.freshFrom}::timestamptz AND c.clicked_at <= ${probe.freshTo}::timestamptz
      ORDER BY c.clicked_at DESC LIMIT ${probe.freshLimit}::int
    ) c
  `.execute(db);
  const history: { counted: ClickHistory['counted'][number][]; freshByVisitor: ClickHistory['freshByVisitor'][number][]; freshByAddress: ClickHistory['freshByAddress'][number][] } = {
    counted: [], freshByVisitor: [], freshByAddress: [],
  };
  for (const r of rows) {
    if (r.kind === 2) {
      history.freshByAddress.push({ key: r.key, clickedAt: r.clicked_at });
      continue;
    }
    if (r.kind === 0) history.counted.push({ linkId: r.link_id!, visitorId: r.key, clickedAt: r.clicked_at });
    // A counted click of a pair may also lie in the velocity window: it is fresh there too.
    if (r.clicked_at >= probe.freshFrom && r.clicked_at <= probe.freshTo) history.freshByVisitor.push({ key: r.key, clickedAt: r.clicked_at });
  }
  return history;
}

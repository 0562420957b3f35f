import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Scope } from '../core/access/access.ts';
import type {
  DailyRows, DayRange, LeaderRow, LeaderSort, MoneyAmount, Owed, SparkPoint, StatsDimension, StatsFilter, StatsReads,
} from '../core/reports/stats.ports.ts';
import type { Database } from './schema.ts';

// The dashboard's figures. Clicks come from the daily rollups (one row per link and UTC day,
// written by the click worker), never from the clicks table, so a 30-day view costs one index
// range on (day, link) whatever the traffic. Conversions and their commissions count on the day
// of the order (so the sales and commission series line up); both are attributed sales only. Each source is one subquery with
// the same columns, so that one filter (and the caller's scope) applies to all three alike.

type Db = Kysely<Database>;

/** A day as its UTC midnight, for the timestamp columns. */
const midnight = (day: string) => sql`(${day}::timestamp AT TIME ZONE 'UTC')`;

/** The columns a filter, the scope or a leader dimension reads from a source. */
type Column = 'brand_id' | 'vendor_id' | 'channel' | 'group_label' | 'country';

const FILTER_COLUMNS: Record<keyof StatsFilter, Column | null> = {
  brandId: 'brand_id', channel: 'channel', country: 'country', influencerId: null, groupLabel: 'group_label',
};
const DIMENSION_COLUMNS: Record<StatsDimension, Column | null> = {
  influencer: null, product: null, brand: 'brand_id', groupLabel: 'group_label', channel: 'channel', country: 'country',
};

/**
 * What a query reads beyond the source tables' own columns. A source joins links, products or
 * influencers only for these: with no filter the dashboard reads the rollups and the orders
 * alone, instead of hash-joining a million links and influencers it does not look at.
 */
function columnsRead(scope: Scope, filter: StatsFilter, by?: StatsDimension): ReadonlySet<Column> {
  const columns = new Set<Column>();
  if (scope.vendorId !== null) columns.add('vendor_id');
  for (const [name, column] of Object.entries(FILTER_COLUMNS) as [keyof StatsFilter, Column | null][]) {
    if (filter[name] !== undefined && column) columns.add(column);
  }
  const byColumn = by ? DIMENSION_COLUMNS[by] : null;
  if (byColumn) columns.add(byColumn);
  return columns;
}

/** A join and the columns it brings, kept only when one of them is read. */
function joined(read: ReadonlySet<Column>, columns: Partial<Record<Column, string>>, join: string): { select: string; join: string } {
  const used = (Object.keys(columns) as Column[]).filter((c) => read.has(c));
  if (used.length === 0) return { select: '', join: '' };
  return { select: used.map((c) => `, ${columns[c]} AS ${c}`).join(''), join: ` ${join}` };
}

/** The select list's tail and the joins of the optional parts. */
function assemble(parts: { select: string; join: string }[]): { select: RawBuilder<unknown>; joins: RawBuilder<unknown> } {
  return { select: sql.raw(parts.map((p) => p.select).join('')), joins: sql.raw(parts.map((p) => p.join).join('')) };
}

function clickSource({ fromDay, toDay }: DayRange, read: ReadonlySet<Column>) {
  const { select, joins } = assemble([
    joined(read, { channel: 'l.channel', group_label: 'l.group_label' }, 'JOIN links l ON l.id = r.link_id'),
    joined(read, { brand_id: 'p.brand_id', vendor_id: 'p.vendor_id' }, 'JOIN products p ON p.id = r.product_id'),
    joined(read, { country: 'i.country' }, 'JOIN influencers i ON i.id = r.influencer_id'),
  ]);
  return sql`
    SELECT r.day, r.clicks_total AS total, r.clicks_counted AS counted, r.influencer_id, r.product_id${select}
    FROM click_rollups_daily r${joins}
    WHERE r.day >= ${fromDay}::date AND r.day < ${toDay}::date`;
}

function conversionSource({ fromDay, toDay }: DayRange, read: ReadonlySet<Column>) {
  const { select, joins } = assemble([
    joined(read, { channel: 'l.channel', group_label: 'l.group_label' }, 'JOIN links l ON l.id = c.link_id'),
    joined(read, { brand_id: 'p.brand_id' }, 'JOIN products p ON p.id = c.product_id'),
    joined(read, { country: 'i.country' }, 'JOIN influencers i ON i.id = c.influencer_id'),
  ]);
  // Attributed sales only: an unattributed order has no link (the inner join to links said so before).
  return sql`
    SELECT (c.occurred_at AT TIME ZONE 'UTC')::date AS day, c.amount - c.refunded_amount AS amount, c.currency,
      c.influencer_id, c.product_id, c.vendor_id${select}
    FROM conversions c${joins}
    WHERE c.link_id IS NOT NULL AND c.occurred_at >= ${midnight(fromDay)} AND c.occurred_at < ${midnight(toDay)}`;
}

function commissionSource({ fromDay, toDay }: DayRange, read: ReadonlySet<Column>) {
  const { select, joins } = assemble([
    joined(read, { vendor_id: 'b.vendor_id' }, 'JOIN brands b ON b.id = cm.brand_id'),
    joined(read, { channel: 'l.channel', group_label: 'l.group_label' }, 'JOIN links l ON l.id = c.link_id'),
    joined(read, { country: 'i.country' }, 'JOIN influencers i ON i.id = cm.influencer_id'),
  ]);
  return sql`
    SELECT (c.occurred_at AT TIME ZONE 'UTC')::date AS day, cm.amount - cm.reversed_amount AS amount, cm.currency,
      cm.influencer_id, c.product_id, cm.brand_id${select}
    FROM commissions cm
    JOIN conversions c ON c.id = cm.conversion_id${joins}
    WHERE cm.kind = 'sale' AND c.link_id IS NOT NULL AND c.occurred_at >= ${midnight(fromDay)} AND c.occurred_at < ${midnight(toDay)}`;
}

/** The WHERE of a source `s`: the caller's scope, then each filter given. */
function where(scope: Scope, filter: StatsFilter): RawBuilder<unknown> {
  const conditions: RawBuilder<unknown>[] = [sql`true`];
  if (scope.vendorId !== null) conditions.push(sql`s.vendor_id = ${scope.vendorId}`);
  if (filter.brandId !== undefined) conditions.push(sql`s.brand_id = ${filter.brandId}`);
  if (filter.channel !== undefined) conditions.push(sql`s.channel = ${filter.channel}`);
  if (filter.country !== undefined) conditions.push(sql`s.country = ${filter.country}`);
  if (filter.influencerId !== undefined) conditions.push(sql`s.influencer_id = ${filter.influencerId}`);
  if (filter.groupLabel !== undefined) conditions.push(sql`s.group_label = ${filter.groupLabel}`);
  return sql.join(conditions, sql` AND `);
}

/** The leader key of a source row, as text (from a fixed list: never from input). */
const KEYS: Record<StatsDimension, string> = {
  influencer: 's.influencer_id::text', product: 's.product_id::text', brand: 's.brand_id::text',
  groupLabel: 's.group_label', channel: 's.channel', country: "coalesce(s.country::text, '')",
};

/** What a person reads for a key: a name for ids (an influencer's display name and nothing else), the key itself otherwise. */
const LABELS: Record<StatsDimension, string> = {
  influencer: '(SELECT display_name FROM influencers WHERE id = ranked.key::bigint)',
  product: '(SELECT title FROM products WHERE id = ranked.key::bigint)',
  brand: '(SELECT name FROM brands WHERE id = ranked.key::bigint)',
  groupLabel: 'ranked.key', channel: 'ranked.key', country: 'ranked.key',
};

const ORDERS: Record<LeaderSort, string> = {
  conversions: 'conversions DESC, clicks DESC, key',
  clicks: 'clicks DESC, conversions DESC, key',
};

const money = (list: unknown): MoneyAmount[] =>
  ((list ?? []) as { currency: string; amount: number | string }[]).map((m) => ({ currency: m.currency, amount: Number(m.amount) }));

export async function readDaily(db: Db, scope: Scope, range: DayRange, filter: StatsFilter): Promise<DailyRows> {
  const filters = where(scope, filter);
  const read = columnsRead(scope, filter);
  const [clicks, conversions, commissions] = await Promise.all([
    sql<{ day: string; total: string; counted: string }>`
      SELECT to_char(s.day, 'YYYY-MM-DD') AS day, sum(s.total) AS total, sum(s.counted) AS counted
      FROM (${clickSource(range, read)}) s WHERE ${filters} GROUP BY s.day`.execute(db),
    sql<{ day: string; currency: string; count: string; amount: string }>`
      SELECT to_char(s.day, 'YYYY-MM-DD') AS day, s.currency, count(*) AS count, sum(s.amount) AS amount
      FROM (${conversionSource(range, read)}) s WHERE ${filters} GROUP BY s.day, s.currency`.execute(db),
    sql<{ day: string; currency: string; amount: string }>`
      SELECT to_char(s.day, 'YYYY-MM-DD') AS day, s.currency, sum(s.amount) AS amount
      FROM (${commissionSource(range, read)}) s WHERE ${filters} GROUP BY s.day, s.currency`.execute(db),
  ]);
  return {
    clicks: clicks.rows.map((r) => ({ day: r.day, total: Number(r.total), counted: Number(r.counted) })),
    conversions: conversions.rows.map((r) => ({ day: r.day, currency: r.currency, count: Number(r.count), amount: Number(r.amount) })),
    commissions: commissions.rows.map((r) => ({ day: r.day, currency: r.currency, amount: Number(r.amount) })),
  };
}

/** The top `limit` keys of one dimension, ranked in SQL (a key may have clicks, sales or commission only). */
export async function readLeaders(
  db: Db, scope: Scope, range: DayRange, filter: StatsFilter, by: StatsDimension, sort: LeaderSort, limit: number,
): Promise<LeaderRow[]> {
  const filters = where(scope, filter);
  const read = columnsRead(scope, filter, by);
  const key = sql.raw(KEYS[by]);
  const order = sql.raw(ORDERS[sort]);
  const { rows } = await sql<{ key: string; label: string | null; clicks: string; conversions: string; sales: unknown; commission: unknown }>`
    WITH clk AS (
      SELECT ${key} AS key, sum(s.counted) AS clicks FROM (${clickSource(range, read)}) s WHERE ${filters} GROUP BY 1
    ), conv AS (
      SELECT ${key} AS key, s.currency, count(*) AS n, sum(s.amount) AS amount FROM (${conversionSource(range, read)}) s WHERE ${filters} GROUP BY 1, 2
    ), com AS (
      SELECT ${key} AS key, s.currency, sum(s.amount) AS amount FROM (${commissionSource(range, read)}) s WHERE ${filters} GROUP BY 1, 2
    ), conv_total AS (
      SELECT key, sum(n) AS n FROM conv GROUP BY key
    ), ranked AS (
      SELECT k.key, coalesce(clk.clicks, 0) AS clicks, coalesce(conv_total.n, 0) AS conversions
      FROM (SELECT key FROM clk UNION SELECT key FROM conv UNION SELECT key FROM com) k
      LEFT JOIN clk ON clk.key = k.key
      LEFT JOIN conv_total ON conv_total.key = k.key
      ORDER BY ${order}
      LIMIT ${limit}
    )
    SELECT ranked.key, ${sql.raw(LABELS[by])} AS label, ranked.clicks, ranked.conversions,
      (SELECT json_agg(json_build_object('currency', conv.currency, 'amount', conv.amount) ORDER BY conv.currency) FROM conv WHERE conv.key = ranked.key) AS sales,
      (SELECT json_agg(json_build_object('currency', com.currency, 'amount', com.amount) ORDER BY com.currency) FROM com WHERE com.key = ranked.key) AS commission
    FROM ranked
    ORDER BY ${order}`.execute(db);
  return rows.map((r) => ({
    key: r.key, label: r.label ?? r.key, clicksCounted: Number(r.clicks), conversions: Number(r.conversions),
    sales: money(r.sales), commission: money(r.commission),
  }));
}

export async function readSparklines(
  db: Db, scope: Scope, range: DayRange, filter: StatsFilter, by: StatsDimension, keys: readonly string[],
): Promise<SparkPoint[]> {
  if (keys.length === 0) return [];
  const read = columnsRead(scope, filter, by);
  const key = sql.raw(KEYS[by]);
  const { rows } = await sql<{ key: string; day: string; counted: string }>`
    SELECT ${key} AS key, to_char(s.day, 'YYYY-MM-DD') AS day, sum(s.counted) AS counted
    FROM (${clickSource(range, read)}) s
    WHERE ${where(scope, filter)} AND ${key} IN (${sql.join(keys.map((k) => sql`${k}`))})
    GROUP BY 1, 2`.execute(db);
  return rows.map((r) => ({ key: r.key, day: r.day, counted: Number(r.counted) }));
}

export async function readOwed(db: Db, scope: Scope, range?: DayRange): Promise<Owed> {
  const commissionsDuring = range ? sql`AND c.occurred_at >= ${midnight(range.fromDay)} AND c.occurred_at < ${midnight(range.toDay)}` : sql``;
  const payoutsDuring = range ? sql`AND p.created_at >= ${midnight(range.fromDay)} AND p.created_at < ${midnight(range.toDay)}` : sql``;
  // A vendor owes the commission on its brands' sales; recruiters' overrides are the platform's.
  const commissionScope = scope.vendorId === null ? sql`` : sql`AND cm.kind = 'sale' AND b.vendor_id = ${scope.vendorId}`;
  const [commissions, payouts] = await Promise.all([
    sql<{ currency: string; amount: string }>`
      SELECT cm.currency, sum(cm.amount - cm.reversed_amount) AS amount
      FROM commissions cm JOIN brands b ON b.id = cm.brand_id JOIN conversions c ON c.id = cm.conversion_id
      WHERE cm.status IN ('pending', 'approved') ${commissionScope} ${commissionsDuring}
      GROUP BY cm.currency ORDER BY cm.currency`.execute(db),
    // Payouts are the influencers' money: no vendor's scope holds any.
    scope.vendorId !== null ? Promise.resolve({ rows: [] as { currency: string; amount: string }[] }) : sql<{ currency: string; amount: string }>`
      SELECT p.currency, sum(p.amount) AS amount FROM payouts p
      WHERE p.status IN ('pending', 'approved') ${payoutsDuring}
      GROUP BY p.currency ORDER BY p.currency`.execute(db),
  ]);
  return {
    commissionOwed: money(commissions.rows).filter((m) => m.amount !== 0),
    payoutsDue: money(payouts.rows),
  };
}

export async function readAlertCounts(db: Db, failedSince: Date): Promise<{ heldCommissions: number; failedPayouts: number }> {
  const { rows } = await sql<{ held: number; failed: number }>`
    SELECT (SELECT count(*) FROM commissions WHERE held_at IS NOT NULL)::int AS held,
      (SELECT count(*) FROM payouts WHERE status = 'failed' AND failed_at >= ${failedSince})::int AS failed`.execute(db);
  return { heldCommissions: rows[0]?.held ?? 0, failedPayouts: rows[0]?.failed ?? 0 };
}

/** The dashboard queries of core/reports on this database. */
export function statsReads(db: Db): StatsReads {
  return {
    daily: (scope, range, filter) => readDaily(db, scope, range, filter),
    leaders: (scope, range, filter, by, sort, limit) => readLeaders(db, scope, range, filter, by, sort, limit),
    sparklines: (scope, range, filter, by, keys) => readSparklines(db, scope, range, filter, by, keys),
    owed: (scope, range) => readOwed(db, scope, range),
    alertCounts: (failedSince) => readAlertCounts(db, failedSince),
  };
}

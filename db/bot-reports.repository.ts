import { sql, type Kysely } from 'kysely';
import type { GroupStats, ReportStore, StatsWindow } from '../core/influencers/influencer-reports.service.ts';
import { balanceReader } from './ledger.repository.ts';
import type { Database } from './schema.ts';

type Db = Kysely<Database>;

/**
 * `/stats` per group label: clicks from the daily rollups, sales (attributed orders not fully
 * refunded) and earnings (sale commissions net of reversals, per currency) from the orders and
 * commissions made through the influencer's links. Three grouped queries, merged by label.
 */
export async function groupStats(db: Db, influencerId: string, window: StatsWindow): Promise<GroupStats[]> {
  let clicksQuery = db.selectFrom('click_rollups_daily as r').innerJoin('links as l', 'l.id', 'r.link_id')
    .select([
      'l.group_label',
      sql<string>`sum(r.clicks_total)`.as('total'),
      sql<string>`sum(r.clicks_counted)`.as('counted'),
    ])
    .where('r.influencer_id', '=', influencerId)
    .groupBy('l.group_label');
  if (window.fromDay) clicksQuery = clicksQuery.where('r.day', '>=', window.fromDay);

  let salesQuery = db.selectFrom('conversions as c').leftJoin('links as l', 'l.id', 'c.link_id')
    .select([sql<string>`coalesce(l.group_label, '')`.as('group_label'), sql<string>`count(*)`.as('sales')])
    .where('c.influencer_id', '=', influencerId)
    .where('c.status', 'in', ['attributed', 'partially_refunded'])
    .groupBy(sql`coalesce(l.group_label, '')`);
  if (window.from) salesQuery = salesQuery.where('c.occurred_at', '>=', window.from);

  let earningsQuery = db.selectFrom('commissions as cm')
    .innerJoin('conversions as c', 'c.id', 'cm.conversion_id')
    .leftJoin('links as l', 'l.id', 'c.link_id')
    .select([
      sql<string>`coalesce(l.group_label, '')`.as('group_label'),
      'cm.currency',
      sql<string>`sum(cm.amount - cm.reversed_amount)`.as('amount'),
    ])
    .where('cm.influencer_id', '=', influencerId)
    .where('cm.kind', '=', 'sale')
    .groupBy([sql`coalesce(l.group_label, '')`, 'cm.currency']);
  if (window.from) earningsQuery = earningsQuery.where('cm.created_at', '>=', window.from);

  const [clicks, sales, earnings] = await Promise.all([clicksQuery.execute(), salesQuery.execute(), earningsQuery.execute()]);
  const groups = new Map<string, GroupStats>();
  const group = (label: string): GroupStats => {
    let found = groups.get(label);
    if (!found) {
      found = { groupLabel: label, clicksTotal: 0, clicksCounted: 0, sales: 0, earnings: [] };
      groups.set(label, found);
    }
    return found;
  };
  for (const row of clicks) {
    const g = group(row.group_label);
    g.clicksTotal += Number(row.total);
    g.clicksCounted += Number(row.counted);
  }
  for (const row of sales) group(row.group_label).sales += Number(row.sales);
  for (const row of earnings) {
    const amount = Number(row.amount);
    if (amount !== 0) group(row.group_label).earnings.push({ currency: row.currency.trim(), amount });
  }
  return [...groups.values()].sort((a, b) => b.clicksTotal - a.clicksTotal || a.groupLabel.localeCompare(b.groupLabel));
}

/** The report store of core/influencers/influencer-reports.service.ts on this database; balances are the one balance query. */
export function botReportStore(db: Db): ReportStore {
  return {
    groupStats: (influencerId, window) => groupStats(db, influencerId, window),
    balances: balanceReader(db).influencerBalances,
  };
}

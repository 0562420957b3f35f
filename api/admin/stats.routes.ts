import { Type } from 'typebox';
import { LINK_CHANNELS } from '../../core/links/links.service.ts';
import { ALERT_KINDS, type PeriodStats } from '../../core/reports/stats.service.ts';
import { LEADER_SORTS, STATS_DIMENSIONS, type StatsFilter } from '../../core/reports/stats.ports.ts';
import { MAX_LEADERS, MAX_RANGE_DAYS } from '../../core/reports/stats.ts';
import { ACCESS } from './access.ts';
import { timeRange } from './paging.ts';
import { withIsoDates } from './present.ts';
import { adminRouteGroup } from './route-options.ts';
import { Currency, Id, Nullable, StringEnum, TimeRangeQuery, Timestamp, errors } from './schemas.ts';

const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'A UTC day, YYYY-MM-DD', examples: ['2026-12-01'] });
const Count = Type.Integer({ minimum: 0 });
const MoneyList = (description = 'One amount per currency (never summed across currencies), in currency order') => Type.Array(Type.Object({
  currency: Currency,
  amount: Type.Integer({ description: 'Integer amount in minor units of the currency' }),
}), { description });
const Money = MoneyList();

const StatsQuery = {
  ...TimeRangeQuery,
  brandId: Type.Optional(Id),
  channel: Type.Optional(StringEnum(LINK_CHANNELS, { description: "The link's channel" })),
  country: Type.Optional(Type.String({ pattern: '^[A-Za-z]{2}$', description: "The influencer's country, ISO 3166-1 alpha-2", examples: ['FR'] })),
  influencerId: Type.Optional(Id),
  groupLabel: Type.Optional(Type.String({ maxLength: 100, description: "The link's group label" })),
};
type StatsQueryValues = { brandId?: string; channel?: StatsFilter['channel']; country?: string; influencerId?: string; groupLabel?: string };

const filterOf = (q: StatsQueryValues): StatsFilter => ({
  brandId: q.brandId, channel: q.channel, country: q.country?.toUpperCase(), influencerId: q.influencerId, groupLabel: q.groupLabel,
});

const RANGE_NOTE = `Days are UTC days: from is rounded down and to (exclusive) up to whole days; default the 30 days up to today, at most ${MAX_RANGE_DAYS}.`;

const Figures = {
  clicksCounted: Count,
  clicksFiltered: Type.Integer({ minimum: 0, description: 'Clicks stored but not counted: duplicates, bots, self-clicks' }),
  conversions: Type.Integer({ minimum: 0, description: 'Attributed orders, by the time the order happened' }),
  sales: Money,
  commission: Money,
};

const Daily = Type.Object({
  from: Timestamp, to: Timestamp,
  days: Type.Array(Type.Object({ day: Day, ...Figures })),
  totals: Type.Object(Figures),
});

const LeaderItem = Type.Object({
  key: Type.String({ description: "The row's id (influencer, product, brand) or value (group label, channel, country; '' for none)" }),
  label: Type.String({ description: "What a person reads: the influencer's display name, the product's title, the brand's name, or the key" }),
  clicksCounted: Count, conversions: Count, sales: Money, commission: Money,
  sparkline: Type.Array(Count, { description: 'Counted clicks per day over the range, one value per day of `days`' }),
});
const Leaders = Type.Object({
  by: StringEnum(STATS_DIMENSIONS), from: Timestamp, to: Timestamp, days: Type.Array(Day), items: Type.Array(LeaderItem),
});

const Period = Type.Object({
  from: Timestamp, to: Timestamp, ...Figures,
  commissionOwed: MoneyList("Commission on the period's orders still pending or approved"),
  payoutsDue: Nullable(MoneyList('Payouts created in the period, pending or approved; null for a vendor account')),
});
const Alert = Type.Object({
  kind: StringEnum(ALERT_KINDS),
  raised: Type.Boolean({ description: 'Needs someone now (the console shows it as a red badge)' }),
  count: Nullable(Count),
  state: Nullable(Type.String({ description: "WhatsApp's connection state (not_running when off); unreachable when the queues cannot be read" })),
  path: Type.String({ description: 'The console page that shows the rows or the state behind it' }),
  queues: Type.Optional(Type.Array(Type.Object({ queue: Type.String(), waiting: Count, delayed: Count }))),
});
const Overview = Type.Object({
  today: Period,
  last30Days: Period,
  balances: Type.Object({
    commissionOwed: MoneyList('Every commission still pending or approved'),
    payoutsDue: Nullable(MoneyList('Every payout pending or approved; null for a vendor account')),
  }),
  alerts: Type.Array(Alert, { description: 'Held commissions, failed payouts (last 30 days), queue backlog, WhatsApp; empty for a vendor account' }),
});

const presentPeriod = (p: PeriodStats) => withIsoDates(p);

/** The dashboard's figures: by day, leaderboards, and the overview with its alerts. Reads only. */
export const statsRoutes = adminRouteGroup('admin: stats', (app, route, deps) => {
  const stats = deps.services.stats.stats;

  app.get('/stats/daily', route(ACCESS.read, {
    summary: 'Clicks counted and filtered, conversions, sales and commission per day',
    description: `${RANGE_NOTE} Clicks come from the daily rollups; conversions and their commission count on the day of the order (net of refunds and reversals).`,
    querystring: Type.Object(StatsQuery),
    response: { 200: Daily, ...errors(400) },
  }), async ({ caller, query }) => {
    const daily = await stats.daily(caller, timeRange(query), filterOf(query));
    return { from: daily.from.toISOString(), to: daily.to.toISOString(), days: daily.days, totals: daily.totals };
  });

  app.get('/stats/leaders', route(ACCESS.read, {
    summary: 'Top influencers, products, brands, group labels, channels or countries, with a sparkline each',
    description: `${RANGE_NOTE} A vendor account ranks its own brands' figures only; an influencer row shows the display name and nothing else of the person.`,
    querystring: Type.Object({
      ...StatsQuery,
      by: Type.Optional(StringEnum(STATS_DIMENSIONS, { description: 'What to rank (default influencer)' })),
      sort: Type.Optional(StringEnum(LEADER_SORTS, { description: 'conversions (default; ties by counted clicks) or clicks' })),
      limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_LEADERS, default: 10, description: `Rows, at most ${MAX_LEADERS}` })),
    }),
    response: { 200: Leaders, ...errors(400) },
  }), async ({ caller, query }) => {
    const leaders = await stats.leaders(caller, timeRange(query), filterOf(query), { by: query.by, sort: query.sort, limit: query.limit });
    return { ...leaders, from: leaders.from.toISOString(), to: leaders.to.toISOString() };
  });

  app.get('/stats/overview', route(ACCESS.read, {
    summary: 'Today and the last 30 days at a glance, what is owed, and the alerts',
    description: 'Today and the last 30 days are UTC days, today included. Payouts and alerts are for staff: a vendor account gets null and an empty list.',
    response: { 200: Overview, ...errors() },
  }), async ({ caller }) => {
    const overview = await stats.overview(caller);
    return { ...overview, today: presentPeriod(overview.today), last30Days: presentPeriod(overview.last30Days) };
  });
});

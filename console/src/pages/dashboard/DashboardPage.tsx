import { useTexts } from '../../i18n/i18n.ts';
import { PageHeader } from '../../ui/controls.tsx';
import { ErrorState, Loading } from '../../ui/States.tsx';
import { ClicksChart, CommissionChart, OrdersChart } from './DailyCharts.tsx';
import './dashboard.texts.ts';
import { OverviewCards } from './KpiCards.tsx';
import { Leaderboard, type LeaderTarget } from './Leaderboard.tsx';
import { SplitChart } from './SplitCharts.tsx';
import { StatsFilterBar, useStatsFilters } from './StatsFilterBar.tsx';
import { isEmptyRange, RangeSummary, StatsEmpty } from './StatsSections.tsx';
import { conversionsOfDay, STATS_FILTER_KEYS, useDaily, type Leader, type StatsFilters } from './stats-api.ts';

const NO_FILTERS = Object.fromEntries(STATS_FILTER_KEYS.map((k) => [k, undefined])) as Partial<StatsFilters>;

/**
 * The staff dashboard: is money flowing, and is anything wrong? Today and the last 30 days
 * with the alerts first; then one filter bar (kept in the URL) over the charts by day, the
 * channel and country splits and the leaderboards. Every figure opens the rows behind it.
 */
export default function DashboardPage() {
  const { t } = useTexts('dashboard');
  const [filters, setFilters] = useStatsFilters();
  const daily = useDaily(filters);
  const dayPath = (day: string) => conversionsOfDay(day, filters);

  const targets: Record<'influencer' | 'product' | 'brand' | 'groupLabel', (row: Leader) => LeaderTarget> = {
    influencer: (row) => ({ path: `/influencers/${row.key}` }),
    product: (row) => ({ path: `/links?productId=${row.key}` }),
    brand: (row) => ({ filter: { brandId: row.key } }),
    groupLabel: (row) => (row.key ? { filter: { groupLabel: row.key } } : null),
  };

  return (
    <div className="dash">
      <PageHeader title={t('title')} subtitle={t('subtitle')} />
      <OverviewCards home="/dashboard" />
      <StatsFilterBar filters={filters} setFilters={setFilters} />
      {daily.isPending ? <Loading /> : daily.isError ? <ErrorState error={daily.error} retry={() => void daily.refetch()} /> : (
        <>
          <RangeSummary totals={daily.data.totals} />
          {isEmptyRange(daily.data.totals) ? <StatsEmpty filters={filters} onReset={() => setFilters(NO_FILTERS)} /> : (
            <>
              <div className="grid-2">
                <ClicksChart daily={daily.data} dayPath={dayPath} />
                <CommissionChart daily={daily.data} dayPath={dayPath} />
                <OrdersChart daily={daily.data} dayPath={dayPath} />
                <SplitChart by="channel" title={t('split.channel')} filters={filters} onFilter={setFilters} />
                <SplitChart by="country" title={t('split.country')} filters={filters} onFilter={setFilters} />
              </div>
              <div className="dash-leader-grid">
                {(['influencer', 'product', 'brand', 'groupLabel'] as const).map((by) => (
                  <Leaderboard key={by} id={`top-${by}`} by={by} title={t(`leaders.${by}`)} filters={filters} target={targets[by]} onFilter={setFilters} />
                ))}
              </div>
            </>
          )}
        </>
      )}
    </div>
  );
}

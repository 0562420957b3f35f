import { useTexts } from '../../i18n/i18n.ts';
import { PageHeader } from '../../ui/controls.tsx';
import { ErrorState, Loading } from '../../ui/States.tsx';
import { ClicksChart, CommissionChart, OrdersChart } from '../dashboard/DailyCharts.tsx';
import { OverviewCards } from '../dashboard/KpiCards.tsx';
import { Leaderboard } from '../dashboard/Leaderboard.tsx';
import { StatsFilterBar, useStatsFilters } from '../dashboard/StatsFilterBar.tsx';
import { isEmptyRange, RangeSummary, StatsEmpty } from '../dashboard/StatsSections.tsx';
import { conversionsOfDay, STATS_FILTER_KEYS, useDaily, type StatsFilters } from '../dashboard/stats-api.ts';
import './results.texts.ts';

const NO_FILTERS = Object.fromEntries(STATS_FILTER_KEYS.map((k) => [k, undefined])) as Partial<StatsFilters>;

/**
 * The vendor portal's home: what its money buys. The same figures and charts as the staff
 * dashboard, on its own brands only (the API scopes every figure to the vendor), with the
 * influencers who sell its products and which group labels and channels convert.
 */
export default function ResultsPage() {
  const { t } = useTexts('results');
  const [filters, setFilters] = useStatsFilters();
  const daily = useDaily(filters);
  const dayPath = (day: string) => conversionsOfDay(day, filters);

  return (
    <div className="dash">
      <PageHeader title={t('title')} subtitle={t('subtitle')} />
      <OverviewCards home="/results" />
      <StatsFilterBar filters={filters} setFilters={setFilters} />
      {daily.isPending ? <Loading /> : daily.isError ? <ErrorState error={daily.error} retry={() => void daily.refetch()} /> : (
        <>
          <RangeSummary totals={daily.data.totals} />
          {isEmptyRange(daily.data.totals) ? (
            <StatsEmpty filters={filters} onReset={() => setFilters(NO_FILTERS)} firstSteps={false} message={t('empty')} />
          ) : (
            <>
              <div className="grid-2">
                <ClicksChart daily={daily.data} dayPath={dayPath} />
                <CommissionChart daily={daily.data} dayPath={dayPath} />
                <OrdersChart daily={daily.data} dayPath={dayPath} />
              </div>
              {/* Influencer pages are staff-only: a vendor's rows show the display name and open nothing. */}
              <Leaderboard id="influencers" by="influencer" title={t('influencers')} filters={filters} target={() => null} onFilter={setFilters} limit={25} />
              <p className="muted small">{t('rateHint')}</p>
              <div className="dash-leader-grid">
                <Leaderboard id="group-labels" by="groupLabel" title={t('groups')} filters={filters} target={(row) => (row.key ? { filter: { groupLabel: row.key } } : null)} onFilter={setFilters} />
                <Leaderboard id="channels" by="channel" title={t('channels')} filters={filters} target={(row) => ({ filter: { channel: row.key } })} onFilter={setFilters} />
              </div>
            </>
          )}
        </>
      )}
    </div>
  );
}

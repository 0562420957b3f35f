import { useTexts } from '../../i18n/i18n.ts';
import { SplitBars } from '../../ui/charts.tsx';
import { formatNumber } from '../../ui/format.ts';
import { ErrorState, Loading } from '../../ui/States.tsx';
import './dashboard.texts.ts';
import { useLeaderLabel } from './Leaderboard.tsx';
import { useLeaders, type StatsFilters } from './stats-api.ts';

/**
 * Counted clicks and orders split by one dimension (channel or country) as horizontal bars;
 * a bar filters the whole page by its value.
 */
export function SplitChart({ by, title, filters, onFilter }: {
  by: 'channel' | 'country';
  title: string;
  filters: StatsFilters;
  onFilter: (patch: Partial<StatsFilters>) => void;
}) {
  const { t } = useTexts('dashboard');
  const label = useLeaderLabel();
  // The split ignores its own filter, so that every value stays visible and can be picked.
  const leaders = useLeaders({ ...filters, [by]: undefined }, by, 12);
  const rows = leaders.data?.items ?? [];
  const names = rows.map((row) => label(by, row));
  const aria = t('split.aria', {
    title,
    list: rows.map((row, i) => `${names[i]} ${formatNumber(row.clicksCounted)} / ${formatNumber(row.conversions)}`).join('; ') || '—',
  });
  return (
    <section className="card dash-chart" aria-labelledby={`split-${by}`}>
      <h2 id={`split-${by}`}>{title}</h2>
      {leaders.isPending ? <Loading /> : leaders.isError ? <ErrorState error={leaders.error} retry={() => void leaders.refetch()} /> : rows.length === 0 ? (
        <p className="muted">{t('leaders.empty')}</p>
      ) : (
        <>
          <SplitBars
            label={aria} labels={names}
            onPick={(i) => { const key = rows[i]?.key; if (key) onFilter({ [by]: key }); }}
            series={[
              { label: t('col.clicks'), values: rows.map((r) => r.clicksCounted), color: '#17bebb' },
              { label: t('col.orders'), values: rows.map((r) => r.conversions), color: '#4062bb' },
            ]}
          />
          <p className="muted small">{t('split.pick')}</p>
        </>
      )}
    </section>
  );
}

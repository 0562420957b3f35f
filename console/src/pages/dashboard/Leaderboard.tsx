import { useNavigate } from 'react-router';
import { useTexts } from '../../i18n/i18n.ts';
import { Sparkline } from '../../ui/charts.tsx';
import { downloadCsv } from '../../ui/csv.ts';
import { formatNumber, locale, minorToDecimal } from '../../ui/format.ts';
import { ErrorState, Loading } from '../../ui/States.tsx';
import './dashboard.texts.ts';
import { amountIn, conversionRate, currenciesOf, formatMoneyList, useLeaders, type Dimension, type Leader, type StatsFilters } from './stats-api.ts';

/** What a row opens: a console path, or a filter of the page itself. */
export type LeaderTarget = { path: string } | { filter: Partial<StatsFilters> } | null;

/** A leader's name as people read it: channels translated, an empty group label or country named. */
export function useLeaderLabel() {
  const { t } = useTexts('dashboard');
  return (by: Dimension, row: Leader): string => {
    if (by === 'channel') return t(`channel.${row.key}`, { defaultValue: row.key });
    if (by === 'groupLabel' && row.key === '') return t('leaders.noGroup');
    if (by === 'country' && row.key === '') return t('leaders.noCountry');
    return row.label;
  };
}

/** The leaderboard's rows as a CSV file: one sales and one commission column per currency. */
export function exportLeaders(fileName: string, by: Dimension, rows: Leader[], label: (by: Dimension, row: Leader) => string, t: (key: string) => string): void {
  const currencies = currenciesOf(rows.flatMap((r) => [r.sales, r.commission]));
  const header = [t('col.name'), 'key', t('col.clicks'), t('col.orders'), t('col.rate'),
    ...currencies.map((c) => `${t('col.sales')} (${c})`), ...currencies.map((c) => `${t('col.commission')} (${c})`)];
  downloadCsv(fileName, header, rows.map((r) => [
    label(by, r), r.key, r.clicksCounted, r.conversions, r.clicksCounted ? (r.conversions / r.clicksCounted).toFixed(4) : '',
    ...currencies.map((c) => minorToDecimal(amountIn(r.sales, c), c)), ...currencies.map((c) => minorToDecimal(amountIn(r.commission, c), c)),
  ]));
}

/**
 * Top rows of one dimension over the page's range and filters: counted clicks, orders,
 * conversion rate, sales and commission per currency, a sparkline of counted clicks per day.
 * A row opens what `target` gives (the influencer's page, the page filtered by it, …).
 */
export function Leaderboard({ title, by, filters, target, onFilter, limit = 10, id }: {
  title: string;
  by: Dimension;
  filters: StatsFilters;
  target: (row: Leader) => LeaderTarget;
  onFilter: (patch: Partial<StatsFilters>) => void;
  limit?: number;
  id: string;
}) {
  const { t } = useTexts('dashboard');
  const navigate = useNavigate();
  const label = useLeaderLabel();
  const leaders = useLeaders(filters, by, limit);
  const open = (row: Leader) => {
    const to = target(row);
    if (!to) return;
    if ('path' in to) void navigate(to.path);
    else onFilter(to.filter);
  };
  const rows = leaders.data?.items ?? [];
  return (
    <section className="card dash-leaders" aria-labelledby={`leaders-${id}`}>
      <div className="dash-chart-head">
        <h2 id={`leaders-${id}`}>{title}</h2>
        {rows.length > 0 && (
          <button type="button" className="btn btn-ghost btn-small" onClick={() => exportLeaders(`${id}-${filters.from?.slice(0, 10) ?? 'last-30-days'}`, by, rows, label, t)}>
            {t('common:table.exportCsv')}
          </button>
        )}
      </div>
      {leaders.isPending ? <Loading /> : leaders.isError ? <ErrorState error={leaders.error} retry={() => void leaders.refetch()} /> : rows.length === 0 ? (
        <p className="muted">{t('leaders.empty')}</p>
      ) : (
        <div className="table-scroll">
          <table className="table dash-leader-table">
            <thead>
              <tr>
                <th>{t('col.name')}</th><th className="num">{t('col.clicks')}</th><th className="num">{t('col.orders')}</th><th className="num">{t('col.rate')}</th>
                <th className="num">{t('col.sales')}</th><th className="num">{t('col.commission')}</th><th>{t('col.trend')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => {
                const opens = target(row) !== null;
                const name = label(by, row);
                return (
                  <tr key={row.key} className={opens ? 'clickable' : undefined} onClick={opens ? () => open(row) : undefined}>
                    <td data-label={t('col.name')}>
                      {opens ? <button type="button" className="link-button" onClick={(e) => { e.stopPropagation(); open(row); }}>{name}</button> : name}
                    </td>
                    <td className="num" data-label={t('col.clicks')}>{formatNumber(row.clicksCounted)}</td>
                    <td className="num" data-label={t('col.orders')}>{formatNumber(row.conversions)}</td>
                    <td className="num" data-label={t('col.rate')}>{conversionRate(row.conversions, row.clicksCounted, locale())}</td>
                    <td className="num" data-label={t('col.sales')}>{formatMoneyList(row.sales)}</td>
                    <td className="num" data-label={t('col.commission')}>{formatMoneyList(row.commission)}</td>
                    <td data-label={t('col.trend')}><Sparkline values={row.sparkline} label={t('leaders.trend', { values: row.sparkline.join(', ') })} /></td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {rows.some((row) => target(row) !== null) && <p className="muted small">{t('leaders.openHint')}</p>}
    </section>
  );
}

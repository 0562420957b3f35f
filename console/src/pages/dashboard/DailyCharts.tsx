import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useTexts } from '../../i18n/i18n.ts';
import { MoneyLine, StackedBars } from '../../ui/charts.tsx';
import { formatMoney, formatNumber, locale } from '../../ui/format.ts';
import './dashboard.texts.ts';
import { amountIn, currenciesOf, formatMoneyList, type Daily, type DayStats } from './stats-api.ts';

/** A UTC day as people read it ("3 Nov"), in the console's language. */
export function formatDay(day: string, long = false): string {
  return new Intl.DateTimeFormat(locale(), { day: 'numeric', month: 'short', ...(long ? { year: 'numeric' } : {}), timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
}

/** The day with the highest value (the first one on a tie). */
function peak(days: readonly DayStats[], value: (d: DayStats) => number): { day: string; max: number } {
  let best = { day: days[0]?.day ?? '', max: 0 };
  for (const d of days) if (value(d) > best.max) best = { day: d.day, max: value(d) };
  return { day: best.day ? formatDay(best.day) : '—', max: best.max };
}

/** The figures behind a chart, as a table (for screen readers, and whoever prefers to read); a day opens its orders. */
function FiguresTable({ days, columns, dayPath }: { days: readonly DayStats[]; columns: { header: string; value: (d: DayStats) => string }[]; dayPath: (day: string) => string }) {
  const { t } = useTexts('dashboard');
  return (
    <details className="dash-figures">
      <summary>{t('chart.table')}</summary>
      <div className="table-scroll">
        <table className="table">
          <thead><tr><th>{t('chart.day')}</th>{columns.map((c) => <th key={c.header} className="num">{c.header}</th>)}</tr></thead>
          <tbody>
            {days.map((d) => (
              <tr key={d.day}>
                <td data-label={t('chart.day')}><Link to={dayPath(d.day)}>{formatDay(d.day, true)}</Link></td>
                {columns.map((c) => <td key={c.header} className="num" data-label={c.header}>{c.value(d)}</td>)}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}

/** Clicks counted versus filtered out, as stacked bars by day; a day opens its orders. */
export function ClicksChart({ daily, dayPath }: { daily: Daily; dayPath: (day: string) => string }) {
  const { t } = useTexts('dashboard');
  const navigate = useNavigate();
  const labels = daily.days.map((d) => formatDay(d.day));
  const busiest = peak(daily.days, (d) => d.clicksCounted);
  const aria = t('chart.clicksAria', {
    from: formatDay(daily.days[0]!.day, true), to: formatDay(daily.days.at(-1)!.day, true),
    counted: formatNumber(daily.totals.clicksCounted), filtered: formatNumber(daily.totals.clicksFiltered), day: busiest.day, max: formatNumber(busiest.max),
  });
  return (
    <section className="card dash-chart" aria-labelledby="chart-clicks">
      <h2 id="chart-clicks">{t('chart.clicks')}</h2>
      <StackedBars
        label={aria} labels={labels} onPick={(i) => void navigate(dayPath(daily.days[i]!.day))}
        series={[
          { label: t('chart.counted'), values: daily.days.map((d) => d.clicksCounted), color: '#17bebb' },
          { label: t('chart.filtered'), values: daily.days.map((d) => d.clicksFiltered), color: '#c9c2be' },
        ]}
      />
      <p className="muted small">{t('chart.pickDay')}</p>
      <FiguresTable days={daily.days} dayPath={dayPath} columns={[
        { header: t('chart.counted'), value: (d) => formatNumber(d.clicksCounted) },
        { header: t('chart.filtered'), value: (d) => formatNumber(d.clicksFiltered) },
      ]} />
    </section>
  );
}

/** Commission by day as a line, one currency at a time (a selector when there are several). */
export function CommissionChart({ daily, dayPath }: { daily: Daily; dayPath: (day: string) => string }) {
  const { t } = useTexts('dashboard');
  const navigate = useNavigate();
  const currencies = currenciesOf(daily.days.map((d) => d.commission));
  const [picked, setPicked] = useState<string | undefined>(undefined);
  const currency = picked && currencies.includes(picked) ? picked : currencies[0];
  return (
    <section className="card dash-chart" aria-labelledby="chart-commission">
      <div className="dash-chart-head">
        <h2 id="chart-commission">{t('chart.commission')}</h2>
        {currencies.length > 1 && (
          <label className="filter-field">
            <span>{t('chart.currency')}</span>
            <select value={currency} onChange={(e) => setPicked(e.target.value)}>{currencies.map((c) => <option key={c} value={c}>{c}</option>)}</select>
          </label>
        )}
      </div>
      {currency === undefined ? <p className="muted">{t('chart.noCommission')}</p> : (() => {
        const best = peak(daily.days, (d) => amountIn(d.commission, currency));
        const aria = t('chart.commissionAria', {
          currency, total: formatMoney(amountIn(daily.totals.commission, currency), currency), day: best.day, max: formatMoney(best.max, currency),
        });
        return (
          <MoneyLine
            label={aria} currency={currency} labels={daily.days.map((d) => formatDay(d.day))} onPick={(i) => void navigate(dayPath(daily.days[i]!.day))}
            series={[{ label: `${t('chart.commission')} (${currency})`, values: daily.days.map((d) => amountIn(d.commission, currency)), color: '#e4572e' }]}
          />
        );
      })()}
      <FiguresTable days={daily.days} dayPath={dayPath} columns={[
        { header: t('col.commission'), value: (d) => formatMoneyList(d.commission, '0') },
        { header: t('col.sales'), value: (d) => formatMoneyList(d.sales, '0') },
      ]} />
    </section>
  );
}

/** Orders by day as bars; a day opens its orders. */
export function OrdersChart({ daily, dayPath }: { daily: Daily; dayPath: (day: string) => string }) {
  const { t } = useTexts('dashboard');
  const navigate = useNavigate();
  const best = peak(daily.days, (d) => d.conversions);
  const aria = t('chart.ordersAria', { total: formatNumber(daily.totals.conversions), day: best.day, max: formatNumber(best.max) });
  return (
    <section className="card dash-chart" aria-labelledby="chart-orders">
      <h2 id="chart-orders">{t('chart.orders')}</h2>
      <StackedBars
        label={aria} labels={daily.days.map((d) => formatDay(d.day))} onPick={(i) => void navigate(dayPath(daily.days[i]!.day))}
        series={[{ label: t('chart.ordersSeries'), values: daily.days.map((d) => d.conversions), color: '#4062bb' }]}
      />
      <FiguresTable days={daily.days} dayPath={dayPath} columns={[
        { header: t('chart.ordersSeries'), value: (d) => formatNumber(d.conversions) },
        { header: t('col.sales'), value: (d) => formatMoneyList(d.sales, '0') },
      ]} />
    </section>
  );
}

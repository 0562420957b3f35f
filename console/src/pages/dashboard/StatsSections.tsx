import { Link } from 'react-router';
import { useAdmin } from '../../http/session.tsx';
import { useTexts } from '../../i18n/i18n.ts';
import { formatNumber } from '../../ui/format.ts';
import { Empty } from '../../ui/States.tsx';
import './dashboard.texts.ts';
import { mayOpen } from './KpiCards.tsx';
import { formatMoneyList, type Figures, type StatsFilters } from './stats-api.ts';

/** The selected range's totals in one line (what the charts below draw). */
export function RangeSummary({ totals }: { totals: Figures }) {
  const { t } = useTexts('dashboard');
  return (
    <section className="dash-range" aria-labelledby="dash-range-title" data-range-summary>
      <h2 id="dash-range-title">{t('range.title')}</h2>
      <p>
        {t('range.summary', { clicks: formatNumber(totals.clicksCounted), filtered: formatNumber(totals.clicksFiltered), orders: formatNumber(totals.conversions) })}
        {' · '}{t('range.sales', { amount: formatMoneyList(totals.sales) })}
        {' · '}{t('range.commission', { amount: formatMoneyList(totals.commission) })}
      </p>
    </section>
  );
}

/** True when the range holds nothing at all. */
export const isEmptyRange = (totals: Figures): boolean =>
  totals.clicksCounted === 0 && totals.clicksFiltered === 0 && totals.conversions === 0 && totals.commission.length === 0;

/** What an empty range says: how to get the first clicks, or how to widen the view. */
export function StatsEmpty({ filters, onReset, firstSteps = true, message }: { filters: StatsFilters; onReset: () => void; firstSteps?: boolean; message?: string }) {
  const { t } = useTexts('dashboard');
  const { role } = useAdmin();
  if (Object.values(filters).some(Boolean)) {
    return <Empty action={<button type="button" className="btn" onClick={onReset}>{t('common:filter.reset')}</button>}>{t('empty.range')}</Empty>;
  }
  return (
    <Empty action={firstSteps ? (
      <div className="page-actions">
        {mayOpen(role, '/playground') && <Link className="btn btn-primary" to="/playground">{t('empty.playground')}</Link>}
        <Link className="btn" to="/links">{t('empty.links')}</Link>
      </div>
    ) : undefined}>{message ?? t('empty.clicks')}</Empty>
  );
}

import { useQuery } from '@tanstack/react-query';
import { admin } from '../../http/client.ts';
import { MANAGERS, useAdmin } from '../../http/session.tsx';
import { useTexts } from '../../i18n/i18n.ts';
import { PageHeader } from '../../ui/controls.tsx';
import { formatDateTime } from '../../ui/format.ts';
import { Empty, ErrorState, Loading } from '../../ui/States.tsx';
import { useUrlFilters } from '../../ui/url-state.ts';
import { AddRateForm, formatRate, ImportRatesForm, type FxRate } from './FxRateForms.tsx';
import './fx-rates.texts.ts';

const KEYS = ['history'] as const;

/** FX rates: the rates in force (or the whole history), each as a human number beside what the API stores; add one, or import a file. */
export default function FxRatesPage() {
  const { t } = useTexts('fx-rates');
  const canManage = MANAGERS.includes(useAdmin().role);
  const [filters, setFilters] = useUrlFilters(KEYS);
  const history = filters.history === '1';
  const rates = useQuery({
    queryKey: ['fx-rates', history],
    queryFn: ({ signal }) => admin.get<{ items: FxRate[] }>('/fx-rates', { history: history || undefined }, signal),
  });

  return (
    <div className="fx-page">
      <PageHeader title={t('title')} subtitle={t('subtitle')} />
      {!canManage && <p className="muted">{t('readOnly')}</p>}
      {canManage && <div className="fx-forms"><AddRateForm /><ImportRatesForm /></div>}
      <label className="check">
        <input type="checkbox" checked={history} onChange={(e) => setFilters({ history: e.target.checked ? '1' : undefined })} /> {t('history')}
      </label>
      {rates.isPending ? <Loading /> : rates.isError ? <ErrorState error={rates.error} retry={() => void rates.refetch()} />
        : rates.data.items.length === 0 ? <Empty>{t('empty')}</Empty> : (
          <div className="table-wrap"><div className="table-scroll">
            <table className="table">
              <thead><tr><th>{t('col.pair')}</th><th className="num">{t('col.rate')}</th><th className="num">{t('col.stored')}</th><th>{t('col.validFrom')}</th></tr></thead>
              <tbody>
                {rates.data.items.map((r) => (
                  <tr key={`${r.base}/${r.quote}@${r.validFrom}`}>
                    <td data-label={t('col.pair')}><strong>{r.base}/{r.quote}</strong></td>
                    <td data-label={t('col.rate')} className="num">{t('rate.sentence', { base: r.base, quote: r.quote, rate: formatRate(r.rate) })}</td>
                    <td data-label={t('col.stored')} className="num mono" title={r.rate}>{r.rateE9}</td>
                    <td data-label={t('col.validFrom')}>{formatDateTime(r.validFrom)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div></div>
        )}
    </div>
  );
}

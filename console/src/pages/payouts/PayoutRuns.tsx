import { useTexts } from '../../i18n/i18n.ts';
import { formatDateTime, formatMoney } from '../../ui/format.ts';
import { Empty, ErrorState, Loading } from '../../ui/States.tsx';
import { useRuns, type PayoutRun } from './payouts-api.ts';

/** Totals per currency, each exact: "12,30 € · 45,00 zł". */
export const formatTotals = (totals: Record<string, number>): string =>
  Object.entries(totals).map(([currency, amount]) => formatMoney(amount, currency)).join(' · ');

/** What "Run payouts now" created, or why it created nothing. */
export function RunResult({ run }: { run: PayoutRun }) {
  const { t } = useTexts('payouts');
  if (run.payouts.length === 0) return <p className="form-ok" role="status">{t('run.nothing')}</p>;
  return (
    <div className="card pay-run-result" role="status">
      <p>{t('run.created', { runKey: run.runKey, count: run.payouts.length, totals: formatTotals(run.totals) })}</p>
      <ul>
        {run.payouts.map((p) => (
          <li key={p.id}>#{p.id} · {t('col.influencer')} {p.influencerId} · <strong>{formatMoney(p.amount, p.currency)}</strong></li>
        ))}
      </ul>
    </div>
  );
}

/** The latest runs (batches) per currency; a click shows that run's payouts below. */
export function PayoutRuns({ selected, onPick }: { selected?: string; onPick: (runKey: string | undefined) => void }) {
  const { t } = useTexts('payouts');
  const runs = useRuns();
  return (
    <section className="card pay-runs" aria-label={t('runs.title')}>
      <h2>{t('runs.title')}</h2>
      {runs.isPending ? <Loading /> : runs.isError ? <ErrorState error={runs.error} retry={() => void runs.refetch()} />
        : runs.data.items.length === 0 ? <Empty>{t('runs.empty')}</Empty> : (
          <div className="table-scroll">
            <table className="table">
              <thead><tr><th>{t('col.run')}</th><th>{t('col.currency')}</th><th className="num">{t('col.payouts')}</th><th className="num">{t('col.total')}</th><th>{t('col.created')}</th></tr></thead>
              <tbody>
                {runs.data.items.slice(0, 8).map((r) => (
                  <tr key={`${r.runKey}-${r.currency}`} className={`clickable ${selected === r.runKey ? 'pay-run-selected' : ''}`}
                    onClick={() => onPick(selected === r.runKey ? undefined : r.runKey)} title={t('runs.show')}>
                    <td data-label={t('col.run')} className="mono">{r.runKey}</td>
                    <td data-label={t('col.currency')}>{r.currency}</td>
                    <td data-label={t('col.payouts')} className="num">{r.payouts}</td>
                    <td data-label={t('col.total')} className="num">{formatMoney(r.total, r.currency)}</td>
                    <td data-label={t('col.created')}>{formatDateTime(r.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
    </section>
  );
}

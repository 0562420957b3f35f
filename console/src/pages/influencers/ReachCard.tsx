import { useQuery } from '@tanstack/react-query';
import { admin } from '../../http/client.ts';
import { useTexts } from '../../i18n/i18n.ts';
import { formatDate, formatNumber } from '../../ui/format.ts';
import { ErrorState, Loading } from '../../ui/States.tsx';
import './reach.texts.ts';

const SOURCES = ['clicks', 'dealPageViews', 'storefrontViews', 'channelsPosted', 'audience'] as const;
type Source = (typeof SOURCES)[number];
type PerSource = Record<Source, number>;
interface Reach { fromDay: string; counts: PerSource; weights: PerSource; points: PerSource; total: number }

/** The influencer's 30-day exposure points, source by source, as tiers and /stats weigh them. */
export function ReachCard({ influencerId }: { influencerId: string }) {
  const { t } = useTexts('reach');
  const reach = useQuery({
    queryKey: ['influencers', 'reach', influencerId],
    queryFn: ({ signal }) => admin.get<Reach>(`/influencers/${influencerId}/reach`, {}, signal),
  });
  return (
    <section className="card people-card" aria-labelledby="reach-title">
      <h2 id="reach-title">{t('title')}</h2>
      {reach.isPending ? <Loading /> : reach.isError ? <ErrorState error={reach.error} retry={() => void reach.refetch()} /> : (() => {
        const r = reach.data;
        // Nothing counted: the weights alone would be a table of zeros.
        if (SOURCES.every((s) => r.counts[s] === 0)) return <p className="muted">{t('empty')}</p>;
        return (
          <>
            <p><strong>{t('total', { points: formatNumber(r.total) })}</strong></p>
            <p className="muted small">{t('since', { date: formatDate(`${r.fromDay}T12:00:00Z`) })}</p>
            <table className="table">
              <caption className="sr-only">{t('caption')}</caption>
              <thead><tr>
                <th>{t('col.source')}</th><th className="num">{t('col.count')}</th><th className="num">{t('col.weight')}</th><th className="num">{t('col.points')}</th>
              </tr></thead>
              <tbody>
                {SOURCES.map((s) => (
                  <tr key={s}>
                    <td data-label={t('col.source')}>{t(`source.${s}`)}</td>
                    <td data-label={t('col.count')} className="num">{formatNumber(r.counts[s])}</td>
                    <td data-label={t('col.weight')} className="num">{s === 'audience' ? t('perThousand', { weight: formatNumber(r.weights[s]) }) : formatNumber(r.weights[s])}</td>
                    <td data-label={t('col.points')} className="num">{formatNumber(r.points[s])}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        );
      })()}
    </section>
  );
}

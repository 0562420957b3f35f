import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { admin, type Page } from '../../http/client.ts';
import { useTexts } from '../../i18n/i18n.ts';
import { formatDateTime } from '../../ui/format.ts';
import { ErrorState, Loading } from '../../ui/States.tsx';
import type { AuditRecord } from './influencer-api.ts';
import './influencers.texts.ts';

/** The latest recorded changes to the influencer (standing, tier, payout currency): who, what, why. */
export function HistoryCard({ influencerId }: { influencerId: string }) {
  const { t } = useTexts('influencers');
  const history = useQuery({
    queryKey: ['influencer-audit', influencerId],
    queryFn: ({ signal }) => admin.get<Page<AuditRecord>>('/audit', { entity: 'influencer', entityId: influencerId, limit: 5 }, signal),
  });
  return (
    <section className="card people-card" aria-labelledby="history-title">
      <h2 id="history-title">{t('history.title')}</h2>
      {history.isPending ? <Loading /> : history.isError ? <ErrorState error={history.error} retry={() => void history.refetch()} />
        : history.data.items.length === 0 ? <p className="muted">{t('history.empty')}</p> : (
          <ul className="people-list" aria-label={t('history.title')}>
            {history.data.items.map((r) => (
              <li key={r.id}>
                <code>{r.action}</code> <span className="muted small">{formatDateTime(r.at)} · {r.actor}</span>
                {typeof r.details?.reason === 'string' && <div className="small">“{r.details.reason}”</div>}
              </li>
            ))}
          </ul>
        )}
      <Link className="small" to={`/audit?entity=influencer&entityId=${influencerId}`}>{t('history.all')}</Link>
    </section>
  );
}

import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { admin } from '../../http/client.ts';
import { useTexts } from '../../i18n/i18n.ts';
import { Badge } from '../../ui/controls.tsx';
import { formatDate } from '../../ui/format.ts';
import { ErrorState, Loading } from '../../ui/States.tsx';
import './alerts.texts.ts';

interface Follows {
  frequency: 'daily' | 'instant' | 'off';
  items: { id: string; kind: 'brand' | 'keyword'; brandId: string | null; name: string; createdAt: string }[];
}

/** What an influencer follows for deal alerts (`GET /influencers/:id/follows`), and how often they hear. */
export function FollowsCard({ influencerId }: { influencerId: string }) {
  const { t } = useTexts('alerts');
  const follows = useQuery({
    queryKey: ['influencers', 'follows', influencerId],
    queryFn: ({ signal }) => admin.get<Follows>(`/influencers/${influencerId}/follows`, {}, signal),
  });
  return (
    <section className="card people-card" aria-labelledby="follows-title">
      <h2 id="follows-title">{t('title')}</h2>
      {follows.isPending ? <Loading /> : follows.isError ? <ErrorState error={follows.error} retry={() => void follows.refetch()} /> : (
        <>
          <p><Badge tone={follows.data.frequency === 'off' ? 'warn' : 'ok'}>{t(`frequency.${follows.data.frequency}`)}</Badge></p>
          {follows.data.items.length === 0 ? <p className="muted">{t('empty')}</p> : (
            <ul className="people-list">
              {follows.data.items.map((f) => (
                <li key={f.id}>
                  <span className="muted small">{t(f.kind)}</span>{' '}
                  {f.brandId ? <Link to={`/products?brandId=${f.brandId}`}>{f.name}</Link> : <strong>“{f.name}”</strong>}{' '}
                  <span className="muted small">{t('since', { date: formatDate(f.createdAt) })}</span>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}

/** A brand's follower count (`GET /brands/:id/followers`), for its page. */
export function BrandFollowers({ brandId }: { brandId: string }) {
  const { t } = useTexts('alerts');
  const count = useQuery({
    queryKey: ['brands', 'followers', brandId],
    queryFn: ({ signal }) => admin.get<{ followers: number }>(`/brands/${brandId}/followers`, {}, signal),
  });
  if (!count.isSuccess) return null;
  return <span className="muted small">{t('followers')}: {count.data.followers}</span>;
}

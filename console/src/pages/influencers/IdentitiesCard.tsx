import { useQuery } from '@tanstack/react-query';
import { admin } from '../../http/client.ts';
import { useTexts } from '../../i18n/i18n.ts';
import { Badge } from '../../ui/controls.tsx';
import { formatDateTime } from '../../ui/format.ts';
import { ErrorState, Loading } from '../../ui/States.tsx';
import type { Identity } from './influencer-api.ts';
import './influencers.texts.ts';

/** The influencer's chat accounts: where they talk to the bot, under which handle, and when last seen. */
export function IdentitiesCard({ influencerId }: { influencerId: string }) {
  const { t } = useTexts('influencers');
  const list = useQuery({
    queryKey: ['influencers', 'identities', influencerId],
    queryFn: ({ signal }) => admin.get<{ items: Identity[] }>(`/influencers/${influencerId}/identities`, {}, signal).then((r) => r.items),
  });
  return (
    <section className="card people-card" aria-labelledby="identities-title">
      <h2 id="identities-title">{t('identities.title')}</h2>
      {list.isPending ? <Loading /> : list.isError ? <ErrorState error={list.error} retry={() => void list.refetch()} />
        : list.data.length === 0 ? <p className="muted">{t('identities.empty')}</p> : (
          <ul className="people-list">
            {list.data.map((i) => (
              <li key={i.id}>
                <strong>{t(`channel.${i.channel}`)}</strong> {i.username && <span>@{i.username}</span>} <code>{i.externalId}</code>{' '}
                <Badge tone={i.active ? 'ok' : 'warn'}>{i.active ? t('identities.active') : t('identities.inactive')}</Badge>
                <div className="muted small">
                  {t('identities.firstSeen', { date: formatDateTime(i.firstSeenAt) })}, {i.lastSeenAt ? t('identities.lastSeen', { date: formatDateTime(i.lastSeenAt) }) : t('identities.neverSeen')}
                </div>
              </li>
            ))}
          </ul>
        )}
    </section>
  );
}

import { useQuery } from '@tanstack/react-query';
import { admin } from '../../http/client.ts';
import { useTexts } from '../../i18n/i18n.ts';
import { Badge } from '../../ui/controls.tsx';
import { formatDateTime } from '../../ui/format.ts';
import { ErrorState, Loading } from '../../ui/States.tsx';
import './autopost.texts.ts';

interface AutopostPost { id: string; status: 'claimed' | 'posted' | 'skipped' | 'failed'; productTitle: string | null; postedAt: string | null; slotAt: string }
interface AutopostChat {
  id: string; title: string; chatType: string; memberCount: number | null; postTimes: string[]; timeZone: string;
  quietStart: string | null; quietEnd: string | null; dailyCap: number; brandIds: string[]; keywords: string[]; enabled: boolean;
  stoppedAt: string | null; stoppedReason: 'rights_lost' | 'removed' | 'send_refused' | null; nextDueAt: string | null; lastPosts: AutopostPost[];
}

/** The Telegram chats where the bot posts for the influencer: audience, rules, state (why it stopped), last posts. */
export function AutopostCard({ influencerId }: { influencerId: string }) {
  const { t } = useTexts('autopost');
  const list = useQuery({
    queryKey: ['influencers', 'autopost', influencerId],
    queryFn: ({ signal }) => admin.get<{ items: AutopostChat[] }>(`/influencers/${influencerId}/autopost-chats`, {}, signal).then((r) => r.items),
  });
  return (
    <section className="card people-card" aria-labelledby="autopost-title">
      <h2 id="autopost-title">{t('title')}</h2>
      {list.isPending ? <Loading /> : list.isError ? <ErrorState error={list.error} retry={() => void list.refetch()} />
        : list.data.length === 0 ? <p className="muted">{t('empty')}</p> : (
          <ul className="people-list">
            {list.data.map((c) => (
              <li key={c.id}>
                <strong>{c.title}</strong>{' '}
                {c.stoppedReason
                  ? <Badge tone="warn">{t(`stopped.${c.stoppedReason}`)} {t('stoppedAt', { date: formatDateTime(c.stoppedAt) })}</Badge>
                  : <Badge tone={c.enabled ? 'ok' : 'warn'}>{c.enabled ? t('on') : t('off')}</Badge>}
                <div className="muted small">
                  {c.memberCount === null ? t('noCount') : t('members', { count: c.memberCount })}
                  {' · '}{t('times', { times: c.postTimes.join(', '), zone: c.timeZone })}
                  {c.quietStart && c.quietEnd ? <>{' · '}{t('quiet', { from: c.quietStart, to: c.quietEnd })}</> : null}
                  {' · '}{t('cap', { cap: c.dailyCap })}
                </div>
                <div className="muted small">
                  {c.brandIds.length > 0 ? t('brands', { brands: c.brandIds.map((id) => `#${id}`).join(', ') }) : t('allBrands')}
                  {c.keywords.length > 0 ? <>{' · '}{t('keywords', { keywords: c.keywords.join(', ') })}</> : null}
                  {c.nextDueAt ? <>{' · '}{t('next', { date: formatDateTime(c.nextDueAt) })}</> : null}
                </div>
                <div className="small">{t('lastPosts')}:</div>
                {c.lastPosts.length === 0 ? <div className="muted small">{t('noPosts')}</div> : (
                  <ul className="small">
                    {c.lastPosts.map((p) => (
                      <li key={p.id}>{formatDateTime(p.postedAt ?? p.slotAt)} — {p.productTitle ?? '—'}{p.status === 'failed' ? ` (${t('failed')})` : ''}</li>
                    ))}
                  </ul>
                )}
              </li>
            ))}
          </ul>
        )}
    </section>
  );
}

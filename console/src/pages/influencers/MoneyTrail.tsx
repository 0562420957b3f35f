import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { admin, type Page } from '../../http/client.ts';
import { useTexts } from '../../i18n/i18n.ts';
import { useCursorList } from '../../ui/DataTable.tsx';
import { formatDateTime } from '../../ui/format.ts';
import { Empty, ErrorState, Loading } from '../../ui/States.tsx';
import type { TrailEntry } from './influencer-api.ts';
import { TrailEntryCard } from './TrailEntryCard.tsx';
import './trail.texts.ts';

const PAGE = 10;

interface ClickHit { kind: 'click'; id: string; clickedAt: string; linkCode: string; groupLabel: string; counted: boolean; influencerId: string }
interface OrderHit { kind: 'order'; id: string; orderId: string; attributionReason: string | null; influencerId: string | null }

/** What support searched by click id: the click, and the orders that named it but earned nothing. */
function ClickNote({ clickId }: { clickId: string }) {
  const { t } = useTexts('trail');
  const found = useQuery({
    queryKey: ['search', clickId],
    queryFn: ({ signal }) => admin.get<{ results: (ClickHit | OrderHit)[] }>('/search', { q: clickId }, signal).then((r) => r.results),
  });
  if (found.isPending) return <Loading />;
  if (found.isError) return <ErrorState error={found.error} retry={() => void found.refetch()} />;
  const click = found.data.find((r): r is ClickHit => r.kind === 'click');
  const unearned = found.data.filter((r): r is OrderHit => r.kind === 'order' && r.attributionReason !== null);
  return (
    <section className="card trail-highlight" aria-label={t('clickNote.title')}>
      <h3>{t('clickNote.title')}</h3>
      {click && <p><code>{click.id}</code> · {formatDateTime(click.clickedAt)} · {click.linkCode}{click.groupLabel && ` · ${click.groupLabel}`}</p>}
      {unearned.length === 0 ? <p className="muted">{t('clickNote.none')}</p>
        : unearned.map((o) => <p key={o.id}>{t('clickNote.unearned', { orderId: o.orderId, reason: t(`reason.${o.attributionReason}`, { defaultValue: o.attributionReason ?? '' }) })}</p>)}
    </section>
  );
}

/** The order support searched for, on top of the trail and scrolled into view. */
function SearchedOrder({ influencerId, conversionId }: { influencerId: string; conversionId: string }) {
  const { t } = useTexts('trail');
  const ref = useRef<HTMLElement>(null);
  const one = useQuery({
    queryKey: ['influencers', 'trail', influencerId, 'one', conversionId],
    queryFn: ({ signal }) => admin.get<Page<TrailEntry>>(`/influencers/${influencerId}/money-trail`, { conversionId }, signal),
  });
  const entry = one.data?.items[0];
  useEffect(() => { if (entry) ref.current?.scrollIntoView?.({ block: 'start' }); }, [entry]);
  if (one.isPending) return <Loading />;
  if (one.isError) return <ErrorState error={one.error} retry={() => void one.refetch()} />;
  if (!entry) return null;
  return (
    <section aria-label={t('trail.searched')}>
      <h3 className="muted small">{t('trail.searched')}</h3>
      <TrailEntryCard ref={ref} entry={entry} highlighted />
    </section>
  );
}

/** The influencer's orders from click to payout, newest first, a page at a time. */
export function MoneyTrail({ influencerId, conversionId, clickId }: { influencerId: string; conversionId?: string; clickId?: string }) {
  const { t } = useTexts('trail');
  const list = useCursorList({
    queryKey: ['influencers', 'trail', influencerId],
    fetchPage: (cursor, signal) => admin.get<Page<TrailEntry>>(`/influencers/${influencerId}/money-trail`, { cursor, limit: PAGE }, signal),
  });
  const rows = list.rows.filter((e) => e.id !== conversionId);
  return (
    <section className="trail" aria-labelledby="trail-title">
      <h2 id="trail-title">{t('trail.title')}</h2>
      <p className="muted small">{t('trail.subtitle')}</p>
      {clickId && <ClickNote clickId={clickId} />}
      {conversionId && <SearchedOrder influencerId={influencerId} conversionId={conversionId} />}
      {list.isPending ? <Loading /> : list.isError && list.rows.length === 0 ? <ErrorState error={list.error} retry={() => void list.refetch()} />
        : list.rows.length === 0 ? <Empty>{t('trail.empty')}</Empty> : (
          <>
            {rows.map((entry) => <TrailEntryCard key={entry.id} entry={entry} />)}
            <div className="table-more">
              {list.hasNextPage
                ? <button type="button" className="btn" onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>{list.isFetchingNextPage ? t('common:state.loading') : t('trail.more')}</button>
                : <span className="muted">{t('trail.end')}</span>}
            </div>
          </>
        )}
    </section>
  );
}

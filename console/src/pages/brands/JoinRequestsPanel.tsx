import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { admin, type Page } from '../../http/client.ts';
import { useTexts } from '../../i18n/i18n.ts';
import { useCursorList } from '../../ui/DataTable.tsx';
import { Badge, type Tone } from '../../ui/controls.tsx';
import { formatDateTime, formatRelative } from '../../ui/format.ts';
import { ApiProblems, Empty, ErrorState, Loading } from '../../ui/States.tsx';
import type { Brand, JoinRequest, MembershipStatus } from './catalog.ts';

const STATUSES: (MembershipStatus | 'all')[] = ['pending', 'approved', 'rejected', 'all'];
const TONE: Record<MembershipStatus, Tone> = { pending: 'warn', approved: 'ok', rejected: 'bad' };

/** A brand's join requests by status, newest first; those who may decide approve or reject each. */
export function JoinRequestsPanel({ brandId, canDecide }: { brandId: string; canDecide: boolean }) {
  const { t } = useTexts('brands');
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<MembershipStatus | 'all'>('pending');
  const brand = useQuery({ queryKey: ['brands', 'one', brandId], queryFn: ({ signal }) => admin.get<Brand>(`/brands/${brandId}`, {}, signal) });
  const list = useCursorList<JoinRequest>({
    queryKey: ['join-requests', brandId, status],
    fetchPage: (cursor, signal) => admin.get<Page<JoinRequest>>(`/brands/${brandId}/join-requests`, { status: status === 'all' ? undefined : status, cursor, limit: 25 }, signal),
  });
  const decide = useMutation({
    mutationFn: ({ request, decision }: { request: JoinRequest; decision: 'approve' | 'reject' }) => admin.post<JoinRequest>(`/memberships/${request.id}/${decision}`),
    onSuccess: async () => {
      await Promise.all([queryClient.invalidateQueries({ queryKey: ['join-requests', brandId] }), queryClient.invalidateQueries({ queryKey: ['brands'] })]);
    },
  });

  return (
    <div className="brands-requests">
      {brand.data && <h3>{brand.data.name}</h3>}
      {brand.data && (
        <p className="muted">
          {brand.data.autoApprove ? t('requests.auto', { slug: brand.data.slug }) : t('requests.review', { slug: brand.data.slug })}
        </p>
      )}
      <div className="filter-presets" role="group" aria-label={t('requests.status')}>
        {STATUSES.map((s) => (
          <button key={s} type="button" className={`chip ${status === s ? 'chip-active' : ''}`} aria-pressed={status === s} onClick={() => setStatus(s)}>
            {t(`requests.status.${s}`)}{s === 'pending' && brand.data?.pendingJoinRequests ? ` (${brand.data.pendingJoinRequests})` : ''}
          </button>
        ))}
      </div>
      <ApiProblems error={decide.error} />
      {list.isPending ? <Loading /> : list.isError && list.rows.length === 0 ? <ErrorState error={list.error} retry={() => void list.refetch()} />
        : list.rows.length === 0 ? <Empty>{status === 'pending' ? t('requests.emptyPending', { slug: brand.data?.slug ?? '…' }) : t('requests.empty')}</Empty> : (
          <ul className="brands-request-list">
            {list.rows.map((request) => (
              <li key={request.id} className="brands-request">
                <div>
                  <strong>{request.influencerName}</strong>{request.influencerCountry && <span className="muted"> · {request.influencerCountry}</span>}
                  <div className="muted small" title={formatDateTime(request.createdAt)}>
                    {t('requests.asked', { when: formatRelative(request.createdAt) })}
                    {request.decidedAt && ` · ${t('requests.decided', { when: formatRelative(request.decidedAt) })}`}
                  </div>
                </div>
                <Badge tone={TONE[request.status]}>{t(`requests.status.${request.status}`)}</Badge>
                {canDecide && request.status !== 'approved' && (
                  <span className="catalog-actions">
                    <button type="button" className="btn btn-small btn-primary" disabled={decide.isPending}
                      aria-label={t('requests.approveWho', { name: request.influencerName })}
                      onClick={() => decide.mutate({ request, decision: 'approve' })}>{t('requests.approve')}</button>
                    {request.status === 'pending' && (
                      <button type="button" className="btn btn-small" disabled={decide.isPending}
                        aria-label={t('requests.rejectWho', { name: request.influencerName })}
                        onClick={() => decide.mutate({ request, decision: 'reject' })}>{t('requests.reject')}</button>
                    )}
                  </span>
                )}
              </li>
            ))}
          </ul>
        )}
      {list.hasNextPage && (
        <div className="table-more">
          <button type="button" className="btn" disabled={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>{t('common:table.more')}</button>
        </div>
      )}
    </div>
  );
}

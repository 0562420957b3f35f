import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { admin } from '../../http/client.ts';
import { useTexts } from '../../i18n/i18n.ts';
import { Badge, PageHeader } from '../../ui/controls.tsx';
import { formatNumber } from '../../ui/format.ts';
import { ErrorState, Loading } from '../../ui/States.tsx';
import './queues.texts.ts';

interface QueueCounts {
  name: string;
  waiting: number;
  active: number;
  delayed: number;
  prioritized: number;
  failed: number;
  completed: number;
  paused: boolean;
}

const COLUMNS = ['waiting', 'active', 'delayed', 'failed', 'completed'] as const;
/** Bull Board's list of a queue's jobs in one state. */
const boardStatus: Record<(typeof COLUMNS)[number], string> = { waiting: 'waiting', active: 'active', delayed: 'delayed', failed: 'failed', completed: 'completed' };

/** Job counts per queue (GET /queues), each leading to its jobs on Bull Board, which can also open here. */
export default function QueuesPage() {
  const { t } = useTexts('queues');
  const [showBoard, setShowBoard] = useState(false);
  const queues = useQuery({
    queryKey: ['queues'],
    queryFn: ({ signal }) => admin.get<{ items: QueueCounts[]; board: string }>('/queues', {}, signal),
    refetchInterval: 5_000,
    staleTime: 0,
  });
  const board = queues.data?.board ?? '/admin/queues';
  const failed = (queues.data?.items ?? []).reduce((sum, q) => sum + q.failed, 0);
  return (
    <>
      <PageHeader
        title={t('title')}
        subtitle={t('subtitle')}
        actions={(
          <>
            <a className="btn btn-primary" href={board} target="_blank" rel="noopener">{t('board.open')} ↗</a>
            <button type="button" className="btn" aria-expanded={showBoard} onClick={() => setShowBoard((s) => !s)}>{showBoard ? t('board.hide') : t('board.show')}</button>
          </>
        )}
      />
      {queues.isLoading && <Loading />}
      {queues.error && <ErrorState error={queues.error} retry={() => void queues.refetch()} />}
      {queues.data && (
        <div className="table-wrap">
          <div className="table-scroll">
            <table className="table">
              <thead>
                <tr>
                  <th>{t('col.queue')}</th>
                  {COLUMNS.map((c) => <th key={c} className="num">{t(`col.${c}`)}</th>)}
                </tr>
              </thead>
              <tbody>
                {queues.data.items.map((queue) => (
                  <tr key={queue.name}>
                    <td data-label={t('col.queue')}>
                      <a href={`${board}/queue/${encodeURIComponent(queue.name)}`} target="_blank" rel="noopener"><strong>{queue.name}</strong></a>
                      {queue.paused && <> <Badge tone="warn">{t('paused')}</Badge></>}
                      <div className="muted small">{t(`about.${queue.name}`, { defaultValue: '' })}</div>
                    </td>
                    {COLUMNS.map((c) => {
                      const count = c === 'waiting' ? queue.waiting + queue.prioritized : queue[c];
                      return (
                        <td key={c} data-label={t(`col.${c}`)} className={`num ${c === 'failed' && count > 0 ? 'queues-bad' : ''}`}>
                          <a href={`${board}/queue/${encodeURIComponent(queue.name)}?status=${boardStatus[c]}`} target="_blank" rel="noopener">{formatNumber(count)}</a>
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="small muted queues-foot">{failed > 0 ? t('failed.hint') : t('all.fine')}</p>
        </div>
      )}
      {showBoard && <iframe className="queues-board" src={board} title={t('board.title')} />}
    </>
  );
}

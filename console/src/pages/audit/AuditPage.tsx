import { Fragment, useState } from 'react';
import { admin, type Page } from '../../http/client.ts';
import { useTexts } from '../../i18n/i18n.ts';
import { PageHeader } from '../../ui/controls.tsx';
import { useCursorList } from '../../ui/DataTable.tsx';
import { FilterBar, FilterText } from '../../ui/FilterBar.tsx';
import { formatDateTime } from '../../ui/format.ts';
import { Empty, ErrorState, Loading } from '../../ui/States.tsx';
import { useUrlFilters } from '../../ui/url-state.ts';
import { AuditDiff } from './AuditDiff.tsx';
import './audit.texts.ts';

interface AuditRecord {
  id: string; at: string; actor: string; action: string; entity: string; entityId: string | null;
  before: unknown; after: unknown; details: Record<string, unknown> | null;
}

const KEYS = ['from', 'to', 'entity', 'entityId', 'actor', 'action'] as const;
const TEXT_FILTERS = ['entity', 'entityId', 'actor', 'action'] as const;

/** The audit log: filters in the URL, paged on the server, each row opening its before/after as a diff. */
export default function AuditPage() {
  const { t } = useTexts('audit');
  const [filters, setFilters] = useUrlFilters(KEYS);
  const [open, setOpen] = useState<Set<string>>(new Set());
  const list = useCursorList({
    queryKey: ['audit', filters],
    fetchPage: (cursor, signal) => admin.get<Page<AuditRecord>>('/audit', { ...filters, cursor, limit: 50 }, signal),
  });
  const toggle = (id: string) => setOpen((current) => {
    const next = new Set(current);
    if (next.has(id)) next.delete(id); else next.add(id);
    return next;
  });

  return (
    <div className="audit-page">
      <PageHeader title={t('title')} subtitle={t('subtitle')} />
      <FilterBar from={filters.from} to={filters.to} onRange={(range) => setFilters(range)} onReset={() => setFilters(Object.fromEntries(KEYS.map((k) => [k, undefined])))}>
        {TEXT_FILTERS.map((key) => <FilterText key={key} label={t(`filter.${key}`)} value={filters[key]} maxLength={100} size={14} onChange={(value) => setFilters({ [key]: value })} />)}
      </FilterBar>
      {list.isPending ? <Loading /> : list.isError && list.rows.length === 0 ? <ErrorState error={list.error} retry={() => void list.refetch()} />
        : list.rows.length === 0 ? <Empty>{t('empty')}</Empty> : (
          <div className="table-wrap">
            <div className="table-scroll">
              <table className="table audit-table">
                <thead><tr><th>{t('col.at')}</th><th>{t('col.actor')}</th><th>{t('col.action')}</th><th>{t('col.object')}</th><th /></tr></thead>
                <tbody>
                  {list.rows.map((r) => (
                    <Fragment key={r.id}>
                      <tr className="clickable" onClick={() => toggle(r.id)}>
                        <td data-label={t('col.at')}>{formatDateTime(r.at)}</td>
                        <td data-label={t('col.actor')}>
                          <button type="button" className="audit-link mono" onClick={(e) => { e.stopPropagation(); setFilters({ actor: r.actor }); }}>{r.actor}</button>
                        </td>
                        <td data-label={t('col.action')} className="mono">{r.action}</td>
                        <td data-label={t('col.object')}>
                          <button type="button" className="audit-link" onClick={(e) => { e.stopPropagation(); setFilters({ entity: r.entity, entityId: r.entityId ?? undefined }); }}>
                            {r.entity} {r.entityId ?? `(${t('many')})`}
                          </button>
                        </td>
                        <td data-label="">
                          <button type="button" className="btn btn-small btn-ghost" aria-expanded={open.has(r.id)} onClick={(e) => { e.stopPropagation(); toggle(r.id); }}>
                            {open.has(r.id) ? t('collapse') : t('expand')}
                          </button>
                        </td>
                      </tr>
                      {open.has(r.id) && <tr className="audit-open"><td colSpan={5}><AuditDiff before={r.before} after={r.after} details={r.details} /></td></tr>}
                    </Fragment>
                  ))}
                </tbody>
              </table>
            </div>
            <div className="table-more">
              {list.hasNextPage
                ? <button type="button" className="btn" onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>{list.isFetchingNextPage ? t('common:state.loading') : t('common:table.more')}</button>
                : <span className="muted">{t('common:table.end')}</span>}
              {list.isError && <ErrorState error={list.error} retry={() => void list.fetchNextPage()} />}
            </div>
          </div>
        )}
    </div>
  );
}

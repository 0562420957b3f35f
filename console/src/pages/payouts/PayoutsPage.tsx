import { useMemo } from 'react';
import { Link } from 'react-router';
import { MANAGERS, useAdmin } from '../../http/session.tsx';
import { useTexts } from '../../i18n/i18n.ts';
import { CursorTable, useCursorList, type Column } from '../../ui/DataTable.tsx';
import { FilterBar, FilterSelect, FilterText } from '../../ui/FilterBar.tsx';
import { Badge, PageHeader, type Tone } from '../../ui/controls.tsx';
import { formatDateTime, formatMoney } from '../../ui/format.ts';
import { MutationError } from '../../ui/States.tsx';
import { useUrlFilters } from '../../ui/url-state.ts';
import { PayoutActions } from './PayoutActions.tsx';
import { PayoutRuns, RunResult } from './PayoutRuns.tsx';
import { approveAll, exportUrl, FILTER_KEYS, listPayouts, PAYOUT_STATUSES, runPayouts, usePayoutWrite, useRuns, type Payout } from './payouts-api.ts';
import './payouts.texts.ts';

const TONES: Record<Payout['status'], Tone> = { pending: 'warn', approved: 'info', paid: 'ok', failed: 'bad' };

/**
 * Payouts: run them now (and see what the run created), the latest runs, and the payouts under
 * one filter bar in the URL (the dashboard links here with `?status=failed`), each with its next
 * step; approve every one shown at once, and export the list as the API's CSV payment file.
 */
export default function PayoutsPage() {
  const { t } = useTexts('payouts');
  const me = useAdmin();
  const canManage = MANAGERS.includes(me.role);
  const [filters, setFilters] = useUrlFilters(FILTER_KEYS);
  const run = usePayoutWrite(runPayouts);
  const approveShown = usePayoutWrite(approveAll);
  const runs = useRuns();
  const queryKey = ['payouts', filters];
  const fetchPage = listPayouts(filters);
  // The same query as the table's (one cache entry): the rows shown, for "approve all shown".
  const shown = useCursorList({ queryKey, fetchPage });
  const pendingShown = shown.rows.filter((p) => p.status === 'pending').map((p) => p.id);

  const columns = useMemo<Column<Payout>[]>(() => [
    { id: 'id', header: t('col.id'), cell: (p) => `#${p.id}`, sortValue: (p) => Number(p.id) },
    { id: 'influencer', header: t('col.influencer'), cell: (p) => <Link to={`/influencers/${p.influencerId}`} onClick={(e) => e.stopPropagation()}>{p.influencerName}</Link>, sortValue: (p) => p.influencerName },
    { id: 'amount', header: t('col.amount'), align: 'right', cell: (p) => <strong>{formatMoney(p.amount, p.currency)}</strong>, sortValue: (p) => p.amount },
    { id: 'status', header: t('col.status'), cell: (p) => <Badge tone={TONES[p.status]}>{t(`status.${p.status}`)}</Badge>, sortValue: (p) => p.status },
    { id: 'run', header: t('col.run'), cell: (p) => <span className="mono">{p.runKey}</span>, sortValue: (p) => p.runKey },
    { id: 'created', header: t('col.created'), cell: (p) => formatDateTime(p.createdAt), sortValue: (p) => p.createdAt },
    { id: 'actions', header: t('col.actions'), cell: (p) => <PayoutActions payout={p} canManage={canManage} /> },
  ], [t, canManage]);

  const currencies = [...new Set([...(runs.data?.items.map((r) => r.currency) ?? []), ...(filters.currency ? [filters.currency] : [])])].sort();
  const runKeys = [...new Set([...(runs.data?.items.map((r) => r.runKey) ?? []), ...(filters.runKey ? [filters.runKey] : [])])];

  return (
    <div className="pay-page">
      <PageHeader title={t('title')} subtitle={t('subtitle')} actions={canManage && (
        <button type="button" className="btn btn-primary" disabled={run.isPending}
          onClick={() => run.mutate(undefined, { onSuccess: (created) => { if (created.payouts.length > 0) setFilters({ runKey: created.runKey, status: undefined }); } })}>
          {t('run.now')}
        </button>
      )} />
      {run.data && <RunResult run={run.data} />}
      <MutationError error={run.error} />
      {!canManage && <p className="muted">{t('readOnly')}</p>}
      <PayoutRuns selected={filters.runKey} onPick={(runKey) => setFilters({ runKey })} />
      <FilterBar from={filters.from} to={filters.to} onRange={(range) => setFilters(range)} onReset={() => setFilters(Object.fromEntries(FILTER_KEYS.map((k) => [k, undefined])))}>
        <FilterSelect label={t('common:filter.status')} value={filters.status} options={PAYOUT_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))} onChange={(status) => setFilters({ status })} />
        <FilterSelect label={t('filter.currency')} value={filters.currency} options={currencies.map((c) => ({ value: c, label: c }))} onChange={(currency) => setFilters({ currency })} />
        <FilterSelect label={t('filter.run')} value={filters.runKey} options={runKeys.map((k) => ({ value: k, label: k }))} onChange={(runKey) => setFilters({ runKey })} />
        <FilterText label={t('filter.influencerId')} value={filters.influencerId} inputMode="numeric" size={8}
          onChange={(influencerId) => setFilters({ influencerId })} />
      </FilterBar>
      <div className="pay-tools">
        {canManage && pendingShown.length > 0 && (
          <button type="button" className="btn" disabled={approveShown.isPending} onClick={() => approveShown.mutate(pendingShown)}>
            {t('action.approveShown', { count: pendingShown.length })}
          </button>
        )}
        {approveShown.data && <span className="form-ok" role="status">{t('action.approvedShown', { count: approveShown.data.length })}</span>}
        <MutationError error={approveShown.error} />
        <a className="btn btn-ghost" href={exportUrl(filters)} download>{t('action.export')}</a>
      </div>
      <CursorTable queryKey={queryKey} fetchPage={fetchPage} columns={columns} rowKey={(p) => p.id} empty={t('empty')} />
    </div>
  );
}

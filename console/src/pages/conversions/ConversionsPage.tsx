import { useMemo } from 'react';
import { Link } from 'react-router';
import { MANAGERS, useAdmin } from '../../http/session.tsx';
import { useTexts } from '../../i18n/i18n.ts';
import { CursorTable, type Column } from '../../ui/DataTable.tsx';
import { FilterBar, FilterSelect, FilterText } from '../../ui/FilterBar.tsx';
import { Badge, PageHeader } from '../../ui/controls.tsx';
import { formatDateTime, formatMoney, minorToDecimal } from '../../ui/format.ts';
import { MutationError } from '../../ui/States.tsx';
import { useUrlFilters } from '../../ui/url-state.ts';
import { ConversionDetail } from './ConversionDetail.tsx';
import { CONVERSION_STATUSES, FILTER_KEYS, listConversions, useApprovalRun, type Conversion } from './conversion-api.ts';
import './conversions.texts.ts';

const KEYS = [...FILTER_KEYS, 'id'] as const;

/**
 * Conversions: every order vendors reported, server-paged under one filter bar kept in the URL
 * (dates, status, hold, influencer; the dashboard links here with them). A row opens its detail
 * (`?id=`): attribution, commissions with their next step, and for managers hold, release and fraud.
 */
export default function ConversionsPage() {
  const { t } = useTexts('conversions');
  const me = useAdmin();
  const canManage = MANAGERS.includes(me.role);
  const staff = me.role !== 'vendor';
  const [filters, setFilters] = useUrlFilters(KEYS);
  const { id: selected, ...listFilters } = filters;
  const approval = useApprovalRun();

  const columns = useMemo<Column<Conversion>[]>(() => [
    { id: 'order', header: t('col.order'), cell: (c) => <span className="mono">{c.orderId}</span>, sortValue: (c) => c.orderId },
    { id: 'date', header: t('col.date'), cell: (c) => formatDateTime(c.occurredAt), sortValue: (c) => c.occurredAt, csv: (c) => c.occurredAt },
    {
      id: 'amount', header: t('col.amount'), align: 'right', cell: (c) => formatMoney(c.amount, c.currency), sortValue: (c) => c.amount,
      csv: (c) => `${minorToDecimal(c.amount, c.currency)} ${c.currency}`,
    },
    { id: 'status', header: t('col.status'), cell: (c) => <Badge tone={c.status === 'attributed' ? 'ok' : c.status === 'unattributed' ? 'neutral' : 'warn'}>{t(`status.${c.status}`)}</Badge>, sortValue: (c) => c.status },
    {
      id: 'review', header: t('col.review'),
      cell: (c) => (c.fraudAt ? <Badge tone="bad" title={c.fraudReason ?? undefined}>{t('badge.fraud')}</Badge>
        : c.held ? <span className="conv-held"><Badge tone="warn">{t('badge.held')}</Badge> <span className="muted">{c.holdReason}</span></span> : t('common:none')),
      csv: (c) => (c.fraudAt ? `fraud: ${c.fraudReason ?? ''}` : c.held ? `held: ${c.holdReason ?? ''}` : ''),
    },
    {
      id: 'influencer', header: t('col.influencer'),
      cell: (c) => (!c.influencerId ? t('common:none') : staff
        ? <Link to={`/influencers/${c.influencerId}`} onClick={(e) => e.stopPropagation()}>{c.influencerName ?? c.influencerId}</Link>
        : c.influencerName ?? c.influencerId),
      sortValue: (c) => c.influencerName ?? c.influencerId ?? '',
      csv: (c) => (c.influencerId ? `${c.influencerName ?? ''} (${c.influencerId})` : ''),
    },
  ], [t, staff]);

  const heldOptions = [{ value: '1', label: t('filter.held') }, { value: '0', label: t('filter.notHeld') }];
  const heldValue = filters.held === 'true' ? '1' : filters.held === 'false' ? '0' : filters.held;
  const run = approval.data;

  return (
    <div className="conv-page">
      <PageHeader title={t('title')} subtitle={t('subtitle')} actions={canManage && (
        <button type="button" className="btn" onClick={() => approval.mutate()} disabled={approval.isPending}>{t('approve.run')}</button>
      )} />
      {run && <p className="form-ok" role="status">{run.approved + run.overrides > 0 ? t('approve.done', { approved: run.approved, overrides: run.overrides }) : t('approve.none')}</p>}
      <MutationError error={approval.error} />
      <FilterBar from={filters.from} to={filters.to} onRange={(range) => setFilters(range)} onReset={() => setFilters(Object.fromEntries(FILTER_KEYS.map((k) => [k, undefined])))}>
        <FilterSelect label={t('common:filter.status')} value={filters.status} options={CONVERSION_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))} onChange={(status) => setFilters({ status })} />
        <FilterSelect label={t('filter.review')} value={heldValue} options={heldOptions} onChange={(held) => setFilters({ held })} />
        <FilterText label={t('filter.influencerId')} value={filters.influencerId} inputMode="numeric" pattern="[0-9]*" size={8}
          onChange={(influencerId) => setFilters({ influencerId })} />
      </FilterBar>
      <div className={`conv-layout ${selected ? 'conv-layout-open' : ''}`}>
        <section className="conv-list" aria-label={t('title')}>
          <CursorTable
            queryKey={['conversions', listFilters]}
            fetchPage={listConversions(listFilters)}
            columns={columns}
            rowKey={(c) => c.id}
            onRowClick={(c) => setFilters({ id: c.id })}
            csvName="conversions"
            empty={heldValue === '1' ? t('emptyHeld') : t('empty')}
          />
        </section>
        {selected && <ConversionDetail id={selected} canManage={canManage} staff={staff} onClose={() => setFilters({ id: undefined })} />}
      </div>
    </div>
  );
}

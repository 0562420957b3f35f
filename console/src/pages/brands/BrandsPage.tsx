import { useState } from 'react';
import { Link } from 'react-router';
import { admin, type Page } from '../../http/client.ts';
import { MANAGERS, useAdmin } from '../../http/session.tsx';
import { useTexts } from '../../i18n/i18n.ts';
import { CursorTable, type Column } from '../../ui/DataTable.tsx';
import { FilterSelect } from '../../ui/FilterBar.tsx';
import { Badge, Dialog, PageHeader } from '../../ui/controls.tsx';
import { formatBps } from '../../ui/format.ts';
import { useUrlFilters } from '../../ui/url-state.ts';
import { BrandForm, RateForm } from './BrandForm.tsx';
import { BrandFollowers } from '../alerts/FollowsCard.tsx';
import { JoinRequestsPanel } from './JoinRequestsPanel.tsx';
import { hasLimits, useVendors, type Brand } from './catalog.ts';
import './brands.texts.ts';

const KEYS = ['vendorId', 'requests'] as const;
type Editing = { kind: 'new' } | { kind: 'edit' | 'rate'; brand: Brand } | null;

/**
 * Brands: their commission rate, lock period, attribution window, approval and ERID. Staff
 * create and edit them; a vendor sees its own and sets their rates within its limits; both
 * decide join requests (the panel's address is in the URL, so it can be shared).
 */
export default function BrandsPage() {
  const { t } = useTexts('brands');
  const me = useAdmin();
  const canManage = MANAGERS.includes(me.role);
  const isVendor = me.role === 'vendor';
  const [filters, setFilters] = useUrlFilters(KEYS);
  const [editing, setEditing] = useState<Editing>(null);
  const vendors = useVendors();
  const vendorOf = (id: string) => vendors.data?.find((v) => v.id === id);
  const own = isVendor ? vendorOf(me.vendorId ?? '') : undefined;
  const close = () => setEditing(null);

  const columns: Column<Brand>[] = [
    {
      id: 'name', header: t('col.brand'), sortValue: (b) => b.name.toLowerCase(), csv: (b) => b.name,
      cell: (b) => <span><Link to={`/products?brandId=${b.id}`} title={t('col.brandLink')}><strong>{b.name}</strong></Link><br /><code className="muted">{b.slug}</code></span>,
    },
    ...(isVendor ? [] : [{
      id: 'vendor', header: t('col.vendor'), csv: (b: Brand) => vendorOf(b.vendorId)?.name ?? b.vendorId,
      cell: (b: Brand) => <Link to={`/brands?vendorId=${b.vendorId}`}>{vendorOf(b.vendorId)?.name ?? `#${b.vendorId}`}</Link>,
    }]),
    { id: 'rate', header: t('col.rate'), align: 'right', sortValue: (b) => b.commissionRateBps, csv: (b) => b.commissionRateBps, cell: (b) => formatBps(b.commissionRateBps) },
    { id: 'lock', header: t('col.lock'), align: 'right', sortValue: (b) => b.lockDays, cell: (b) => t('days', { count: b.lockDays }) },
    { id: 'window', header: t('col.window'), align: 'right', sortValue: (b) => b.attributionWindowDays, cell: (b) => t('days', { count: b.attributionWindowDays }) },
    {
      id: 'approval', header: t('col.approval'), csv: (b) => (b.autoApprove ? 'auto' : 'review'),
      cell: (b) => (b.autoApprove ? <Badge tone="ok">{t('approval.auto')}</Badge> : <Badge tone="info">{t('approval.review')}</Badge>),
    },
    { id: 'erid', header: t('col.erid'), csv: (b) => b.erid, cell: (b) => (b.erid ? <code>{b.erid}</code> : <span className="muted">{t('common:none')}</span>) },
    {
      id: 'requests', header: t('col.requests'), align: 'right', sortValue: (b) => b.pendingJoinRequests ?? 0, csv: (b) => b.pendingJoinRequests ?? 0,
      cell: (b) => (
        <button type="button" className="btn btn-small btn-ghost" onClick={() => setFilters({ requests: b.id })}
          aria-label={t('requests.open', { name: b.name, count: b.pendingJoinRequests ?? 0 })}>
          {b.pendingJoinRequests ? <Badge tone="warn">{t('requests.pending', { count: b.pendingJoinRequests })}</Badge> : t('requests.none')}
        </button>
      ),
    },
    ...(canManage || isVendor ? [{
      id: 'actions', header: t('col.actions'),
      cell: (b: Brand) => (canManage
        ? <button type="button" className="btn btn-small" aria-label={t('action.editWho', { name: b.name })} onClick={() => setEditing({ kind: 'edit', brand: b })}>{t('common:action.edit')}</button>
        : <button type="button" className="btn btn-small" aria-label={t('action.rateWho', { name: b.name })} onClick={() => setEditing({ kind: 'rate', brand: b })}>{t('action.rate')}</button>),
    }] : []),
  ];

  const dialogTitle = editing?.kind === 'new' ? t('form.newTitle') : editing?.kind === 'edit' ? t('form.editTitle', { name: editing.brand.name })
    : editing?.kind === 'rate' ? t('rate.title', { name: editing.brand.name }) : '';
  const requestsOf = filters.requests;
  return (
    <div className="brands-page">
      <PageHeader title={t('title')} subtitle={isVendor ? t('subtitleVendor') : t('subtitle')}
        actions={canManage && <button type="button" className="btn btn-primary" onClick={() => setEditing({ kind: 'new' })}>{t('new')}</button>} />
      {isVendor && own && (
        <p className="brands-limits">{hasLimits(own) ? t('rate.limits', { min: formatBps(own.minRateBps), max: formatBps(own.maxRateBps) }) : t('rate.noLimits')}</p>
      )}
      {!isVendor && (
        <div className="filter-bar" role="search">
          <FilterSelect label={t('col.vendor')} value={filters.vendorId} onChange={(vendorId) => setFilters({ vendorId })}
            options={(vendors.data ?? []).map((v) => ({ value: v.id, label: v.name }))} />
          {filters.vendorId && <button type="button" className="btn btn-ghost" onClick={() => setFilters({ vendorId: undefined })}>{t('common:filter.reset')}</button>}
        </div>
      )}
      <CursorTable<Brand>
        queryKey={['brands', 'list', filters.vendorId ?? '']}
        fetchPage={(cursor, signal) => admin.get<Page<Brand>>('/brands', { vendorId: filters.vendorId, cursor }, signal)}
        columns={columns}
        csvName="brands"
        rowKey={(b) => b.id}
        caption={t('caption')}
        empty={canManage ? t('empty') : isVendor ? t('emptyVendor') : t('emptyReadOnly')}
      />
      <Dialog open={editing !== null} title={dialogTitle} onClose={close}>
        {editing?.kind === 'new' && <BrandForm vendors={vendors.data ?? []} defaultVendorId={filters.vendorId} onDone={close} onCancel={close} />}
        {editing?.kind === 'edit' && <BrandForm brand={editing.brand} vendors={vendors.data ?? []} onDone={close} onCancel={close} />}
        {editing?.kind === 'rate' && <RateForm brand={editing.brand} vendor={own} onDone={close} onCancel={close} />}
      </Dialog>
      <Dialog open={requestsOf !== undefined} title={t('requests.title')} onClose={() => setFilters({ requests: undefined })}>
        {requestsOf && <p><BrandFollowers brandId={requestsOf} /></p>}
        {requestsOf && <JoinRequestsPanel brandId={requestsOf} canDecide={canManage || isVendor} />}
      </Dialog>
    </div>
  );
}

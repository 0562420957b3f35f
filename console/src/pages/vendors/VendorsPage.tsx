import { useState } from 'react';
import { Link } from 'react-router';
import { admin, type Page } from '../../http/client.ts';
import { MANAGERS, useAdmin } from '../../http/session.tsx';
import { useTexts } from '../../i18n/i18n.ts';
import { CursorTable, type Column } from '../../ui/DataTable.tsx';
import { Dialog, PageHeader } from '../../ui/controls.tsx';
import { formatBps, formatDate } from '../../ui/format.ts';
import { hasLimits, type Vendor } from '../brands/catalog.ts';
import { LimitsForm, NewVendorForm, RotateSecretForm } from './VendorDialogs.tsx';
import './vendors.texts.ts';

type Open = { kind: 'new' } | { kind: 'rotate' | 'limits'; vendor: Vendor } | null;

/** Vendors (staff): who sells through the platform, their API key, their rate limits; create, re-key, set limits. */
export default function VendorsPage() {
  const { t } = useTexts('vendors');
  const canManage = MANAGERS.includes(useAdmin().role);
  const [open, setOpen] = useState<Open>(null);
  const close = () => setOpen(null);

  const columns: Column<Vendor>[] = [
    { id: 'name', header: t('col.name'), cell: (v) => <Link to={`/brands?vendorId=${v.id}`} title={t('col.nameLink')}>{v.name}</Link>, sortValue: (v) => v.name.toLowerCase(), csv: (v) => v.name },
    { id: 'keyId', header: t('col.keyId'), cell: (v) => <code>{v.keyId}</code>, csv: (v) => v.keyId },
    {
      id: 'limits', header: t('col.limits'),
      cell: (v) => (hasLimits(v) ? t('limits.range', { min: formatBps(v.minRateBps), max: formatBps(v.maxRateBps) }) : <span className="muted">{t('limits.none')}</span>),
      csv: (v) => `${v.minRateBps}-${v.maxRateBps} bps`,
    },
    { id: 'created', header: t('col.created'), cell: (v) => formatDate(v.createdAt), sortValue: (v) => v.createdAt },
    ...(canManage ? [{
      id: 'actions', header: t('col.actions'),
      cell: (v: Vendor) => (
        <span className="catalog-actions">
          <button type="button" className="btn btn-small" onClick={() => setOpen({ kind: 'limits', vendor: v })}>{t('action.limits')}</button>
          <button type="button" className="btn btn-small btn-ghost" onClick={() => setOpen({ kind: 'rotate', vendor: v })}>{t('action.rotate')}</button>
        </span>
      ),
    }] : []),
  ];

  const title = open?.kind === 'new' ? t('new.title') : open?.kind === 'rotate' ? t('rotate.title', { name: open.vendor.name })
    : open?.kind === 'limits' ? t('limits.title', { name: open.vendor.name }) : '';
  return (
    <div className="vendors-page">
      <PageHeader title={t('title')} subtitle={t('subtitle')}
        actions={canManage && <button type="button" className="btn btn-primary" onClick={() => setOpen({ kind: 'new' })}>{t('new')}</button>} />
      <CursorTable<Vendor>
        queryKey={['vendors', 'list']}
        fetchPage={(cursor, signal) => admin.get<Page<Vendor>>('/vendors', { cursor }, signal)}
        columns={columns}
        csvName="vendors"
        rowKey={(v) => v.id}
        caption={t('caption')}
        empty={canManage ? t('empty') : t('emptyReadOnly')}
      />
      <Dialog open={open !== null} title={title} onClose={close}>
        {open?.kind === 'new' && <NewVendorForm onClose={close} />}
        {open?.kind === 'rotate' && <RotateSecretForm vendor={open.vendor} onClose={close} />}
        {open?.kind === 'limits' && <LimitsForm vendor={open.vendor} onClose={close} />}
      </Dialog>
    </div>
  );
}

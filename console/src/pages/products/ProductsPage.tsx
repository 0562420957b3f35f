import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { admin, type Page } from '../../http/client.ts';
import { MANAGERS, useAdmin } from '../../http/session.tsx';
import { useTexts } from '../../i18n/i18n.ts';
import { CursorTable, type Column } from '../../ui/DataTable.tsx';
import { FilterSelect } from '../../ui/FilterBar.tsx';
import { Badge, Dialog, PageHeader } from '../../ui/controls.tsx';
import { formatBps, formatDateTime, formatMoney } from '../../ui/format.ts';
import { useUrlFilters } from '../../ui/url-state.ts';
import { useBrands, type Product } from '../brands/catalog.ts';
import { ImportPanel } from './ImportPanel.tsx';
import { ProductForm } from './ProductForm.tsx';
import './products.texts.ts';

const KEYS = ['search', 'brandId', 'import'] as const;

/** Products: a server-paged list searched by title or sku and filtered by brand (both in the URL); create, edit, import a CSV. */
export default function ProductsPage() {
  const { t } = useTexts('products');
  const me = useAdmin();
  const canWrite = MANAGERS.includes(me.role) || me.role === 'vendor';
  const [filters, setFilters] = useUrlFilters(KEYS);
  const [search, setSearch] = useState(filters.search ?? '');
  const [editing, setEditing] = useState<Product | 'new' | null>(null);
  const brands = useBrands();
  const brandOf = (id: string) => brands.data?.find((b) => b.id === id);
  const close = () => setEditing(null);

  // The search reaches the URL (and the server) once typing pauses.
  useEffect(() => {
    const timer = setTimeout(() => { if ((filters.search ?? '') !== search.trim()) setFilters({ search: search.trim() }); }, 300);
    return () => clearTimeout(timer);
  }, [search, filters.search, setFilters]);

  const columns: Column<Product>[] = [
    {
      id: 'product', header: t('col.product'), sortValue: (p) => p.title.toLowerCase(), csv: (p) => p.title,
      cell: (p) => (p.url ? <a href={p.url} target="_blank" rel="noreferrer" title={t('col.productLink')}><strong>{p.title}</strong></a> : <strong>{p.title}</strong>),
    },
    { id: 'sku', header: t('col.sku'), sortValue: (p) => p.sku, csv: (p) => p.sku, cell: (p) => <code>{p.sku}</code> },
    {
      id: 'brand', header: t('col.brand'), sortValue: (p) => brandOf(p.brandId)?.name ?? '', csv: (p) => brandOf(p.brandId)?.name ?? p.brandId,
      cell: (p) => <Link to={`/products?brandId=${p.brandId}`}>{brandOf(p.brandId)?.name ?? `#${p.brandId}`}</Link>,
    },
    {
      id: 'price', header: t('col.price'), align: 'right', sortValue: (p) => p.price, csv: (p) => `${p.price} ${p.currency}`,
      cell: (p) => (
        <span>{formatMoney(p.price, p.currency)}{p.listPrice !== null && p.listPrice > p.price && <><br /><s className="muted small">{formatMoney(p.listPrice, p.currency)}</s></>}</span>
      ),
    },
    {
      id: 'rate', header: t('col.rate'), align: 'right', csv: (p) => p.commissionRateBps ?? '',
      sortValue: (p) => p.commissionRateBps ?? brandOf(p.brandId)?.commissionRateBps ?? 0,
      cell: (p) => (p.commissionRateBps !== null ? formatBps(p.commissionRateBps)
        : <span className="muted" title={t('rate.brandTitle')}>{t('rate.brand', { rate: brandOf(p.brandId) ? formatBps(brandOf(p.brandId)!.commissionRateBps) : '…' })}</span>),
    },
    { id: 'active', header: t('col.active'), csv: (p) => p.active, cell: (p) => (p.active ? <Badge tone="ok">{t('active.yes')}</Badge> : <Badge>{t('active.no')}</Badge>) },
    { id: 'updated', header: t('col.updated'), sortValue: (p) => p.updatedAt, cell: (p) => formatDateTime(p.updatedAt) },
    ...(canWrite ? [{
      id: 'actions', header: t('col.actions'),
      cell: (p: Product) => <button type="button" className="btn btn-small" aria-label={t('action.editWho', { title: p.title })} onClick={() => setEditing(p)}>{t('common:action.edit')}</button>,
    }] : []),
  ];
  const filtered = Boolean(filters.search || filters.brandId);

  return (
    <div className="products-page">
      <PageHeader title={t('title')} subtitle={t('subtitle')} actions={canWrite && (
        <>
          <button type="button" className="btn" aria-expanded={filters.import === '1'} onClick={() => setFilters({ import: filters.import === '1' ? undefined : '1' })}>{t('import.open')}</button>
          <button type="button" className="btn btn-primary" onClick={() => setEditing('new')}>{t('new')}</button>
        </>
      )} />
      {canWrite && filters.import === '1' && <ImportPanel brands={brands.data ?? []} />}
      <div className="filter-bar" role="search">
        <label className="filter-field products-search">
          <span>{t('filter.search')}</span>
          <input type="search" name="search" value={search} placeholder={t('filter.searchHint')} onChange={(e) => setSearch(e.target.value)} />
        </label>
        <FilterSelect label={t('col.brand')} value={filters.brandId} onChange={(brandId) => setFilters({ brandId })}
          options={(brands.data ?? []).map((b) => ({ value: b.id, label: b.name }))} />
        {filtered && <button type="button" className="btn btn-ghost" onClick={() => { setSearch(''); setFilters({ search: undefined, brandId: undefined }); }}>{t('common:filter.reset')}</button>}
      </div>
      <CursorTable<Product>
        queryKey={['products', 'list', filters.search ?? '', filters.brandId ?? '']}
        fetchPage={(cursor, signal) => admin.get<Page<Product>>('/products', { search: filters.search, brandId: filters.brandId, cursor }, signal)}
        columns={columns}
        csvName="products"
        rowKey={(p) => p.id}
        caption={t('caption')}
        empty={filtered ? t('emptyFiltered') : canWrite ? t('empty') : t('emptyReadOnly')}
      />
      <Dialog open={editing !== null} title={editing === 'new' ? t('form.newTitle') : editing ? t('form.editTitle', { title: editing.title }) : ''} onClose={close}>
        {editing && <ProductForm key={editing === 'new' ? 'new' : editing.id} product={editing === 'new' ? undefined : editing} brands={brands.data ?? []}
          defaultBrandId={filters.brandId} onDone={close} onCancel={close} />}
      </Dialog>
    </div>
  );
}

import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { admin, type Page } from '../../http/client.ts';
import { MANAGERS, STAFF, useAdmin } from '../../http/session.tsx';
import { useTexts } from '../../i18n/i18n.ts';
import { CursorTable, type Column } from '../../ui/DataTable.tsx';
import { FilterSelect, FilterText } from '../../ui/FilterBar.tsx';
import { CopyButton, Dialog, PageHeader } from '../../ui/controls.tsx';
import { formatDate } from '../../ui/format.ts';
import { useUrlFilters } from '../../ui/url-state.ts';
import { CreateLinkForm } from './CreateLinkForm.tsx';
import { LINK_CHANNELS, type TrackedLink } from './link-api.ts';
import { LandingSwitch } from './LandingSwitch.tsx';
import { LinkForms, QrDialog } from './LinkForms.tsx';
import '../influencers/influencers.texts.ts';
import './links.texts.ts';

const KEYS = ['influencerId', 'productId', 'channel', 'groupLabel', 'code'] as const;

/** One link, opened by its code (`?code=`, where the support search sends it): the URL, QR code and poster. */
function OneLink({ code }: { code: string }) {
  const found = useQuery({ queryKey: ['links', 'code', code], queryFn: ({ signal }) => admin.get<Page<TrackedLink>>('/links', { code }, signal).then((p) => p.items[0] ?? null) });
  if (!found.data) return null;
  const l = found.data;
  return (
    <section className="card links-one" aria-label={l.code}>
      <h2>{l.productTitle} · {l.influencerName}</h2>
      <LinkForms link={l} />
    </section>
  );
}

/** Links: filters in the URL, server-paged, each with its short URL to copy and its QR code and poster. */
export default function LinksPage() {
  const { t } = useTexts('links');
  const me = useAdmin();
  const staff = STAFF.includes(me.role);
  const managers = MANAGERS.includes(me.role);
  const [filters, setFilters] = useUrlFilters(KEYS);
  const [creating, setCreating] = useState(false);
  const [qr, setQr] = useState<TrackedLink | null>(null);
  const filtered = KEYS.some((k) => filters[k] !== undefined);

  const columns = useMemo<Column<TrackedLink>[]>(() => [
    { id: 'link', header: t('col.link'), sortValue: (l) => l.code, csv: (l) => l.url, cell: (l) => <span className="links-cell"><code>{l.code}</code> <CopyButton text={l.url} /></span> },
    {
      id: 'influencer', header: t('col.influencer'), sortValue: (l) => l.influencerName ?? '', csv: (l) => l.influencerName,
      cell: (l) => (staff ? <Link to={`/influencers/${l.influencerId}`}>{l.influencerName}</Link> : l.influencerName),
    },
    { id: 'product', header: t('col.product'), sortValue: (l) => l.productTitle ?? '', csv: (l) => l.productTitle, cell: (l) => <>{l.productTitle} <span className="muted small">{l.brandName}</span></> },
    { id: 'channel', header: t('col.channel'), sortValue: (l) => l.channel, csv: (l) => l.channel, cell: (l) => t(`influencers:channel.${l.channel}`) },
    {
      id: 'group', header: t('col.group'), sortValue: (l) => l.groupLabel, csv: (l) => l.groupLabel,
      cell: (l) => (l.groupLabel ? <button type="button" className="btn btn-ghost btn-small" onClick={() => setFilters({ groupLabel: l.groupLabel })}>{l.groupLabel}</button> : <span className="muted">{t('noGroup')}</span>),
    },
    {
      id: 'landing', header: t('col.landing'), sortValue: (l) => l.landing, csv: (l) => l.landing,
      cell: (l) => <LandingSwitch link={l} canChange={managers} />,
    },
    { id: 'created', header: t('col.created'), sortValue: (l) => l.createdAt, csv: (l) => l.createdAt, cell: (l) => formatDate(l.createdAt) },
    {
      id: 'forms', header: t('col.forms'),
      cell: (l) => (
        <span className="links-cell">
          <button type="button" className="btn btn-small" aria-label={t('qr.title', { code: l.code })} onClick={() => setQr(l)}>{t('qr.open')}</button>
          <a className="btn btn-small btn-ghost" href={l.posterUrl} download={`dealcast-poster-${l.code}.pdf`}>{t('poster.download')}</a>
        </span>
      ),
    },
  ], [t, staff, managers, setFilters]);

  const chip = (key: 'influencerId' | 'productId', text: string) => filters[key] && (
    <button type="button" className="chip chip-active" aria-label={t('filter.remove', { name: text })} onClick={() => setFilters({ [key]: undefined })}>{text} ✕</button>
  );
  return (
    <div className="links-page">
      <PageHeader title={t('title')} subtitle={staff ? t('subtitle') : t('subtitleVendor')}
        actions={MANAGERS.includes(me.role) && <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>{t('new')}</button>} />
      <div className="filter-bar" role="search">
        {chip('influencerId', t('filter.influencer', { id: filters.influencerId }))}
        {chip('productId', t('filter.product', { id: filters.productId }))}
        <FilterSelect label={t('common:filter.channel')} value={filters.channel} onChange={(channel) => setFilters({ channel })}
          options={LINK_CHANNELS.map((c) => ({ value: c, label: t(`influencers:channel.${c}`) }))} />
        <FilterText label={t('filter.group')} value={filters.groupLabel} maxLength={64} size={12} onChange={(groupLabel) => setFilters({ groupLabel })} />
        <FilterText label={t('filter.code')} value={filters.code} maxLength={64} size={12} onChange={(code) => setFilters({ code })} />
        {filtered && <button type="button" className="btn btn-ghost" onClick={() => setFilters(Object.fromEntries(KEYS.map((k) => [k, undefined])))}>{t('common:filter.reset')}</button>}
      </div>
      {filters.code && <OneLink code={filters.code} />}
      <CursorTable<TrackedLink>
        queryKey={['links', 'list', filters]}
        fetchPage={(cursor, signal) => admin.get<Page<TrackedLink>>('/links', { ...filters, cursor }, signal)}
        columns={columns}
        csvName="links"
        rowKey={(l) => l.id}
        caption={t('caption')}
        empty={filtered ? t('emptyFiltered') : t('empty')}
      />
      <QrDialog link={qr} onClose={() => setQr(null)} />
      <Dialog open={creating} title={t('form.title')} onClose={() => setCreating(false)}>
        {creating && <CreateLinkForm onCancel={() => setCreating(false)} />}
      </Dialog>
    </div>
  );
}
